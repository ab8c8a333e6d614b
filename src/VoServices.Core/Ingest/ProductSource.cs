namespace VoServices.Core.Ingest;

public enum ProductKind
{
    /// <summary>A FITS image or cube (3-D, 4-D) with a celestial WCS.</summary>
    Cube,

    /// <summary>Row-stacked spectra (SDSS-V LVM style): FLUX/IVAR/MASK/WAVE images plus a SLITMAP of fibre positions.</summary>
    Rss,

    /// <summary>A HiPS directory, recognised by its `properties` file.</summary>
    Hips,
}

/// <summary>A file or directory found by the ingest walk.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="RelativePath">'/'-separated path below the ingested root: the obs_id, and part of the DID.</param>
public sealed record ProductSource(string Path, string RelativePath, ProductKind? Kind, long Size, DateTime ModifiedUtc);

/// <summary>A product the ingest could not use, and why: reported, never written.</summary>
public sealed class ProductRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);

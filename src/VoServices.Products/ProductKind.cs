namespace VoServices.Products;

/// <summary>The kinds of product the service publishes; vo.products.product_kind holds the lower-case name.</summary>
public enum ProductKind
{
    /// <summary>A FITS image or cube (3-D, 4-D) with a celestial WCS.</summary>
    Cube,

    /// <summary>Row-stacked spectra (SDSS-V LVM style): FLUX/IVAR/MASK/WAVE images plus a SLITMAP of fibre positions.</summary>
    Rss,

    /// <summary>A HiPS directory, recognised by its `properties` file.</summary>
    Hips,
}

/// <summary>How the files of each kind are served.</summary>
public static class ProductKinds
{
    /// <summary>The MIME type the product's file is served with; null for a HiPS (a directory tree, not one file).</summary>
    public static string? FileContentType(ProductKind kind) => kind switch
    {
        ProductKind.Cube => "image/fits",
        ProductKind.Rss => "application/fits",
        _ => null,
    };
}

using VoServices.Fits;

namespace VoServices.Products;

/// <summary>
/// Which HDUs of a FITS product hold what: the one place ingest, SODA and the previews recognise a
/// cube's data HDU and the HDUs of row-stacked spectra, so that all three agree on every file.
/// </summary>
public static class ProductLayout
{
    /// <summary>The HDU named <paramref name="extName"/> (EXTNAME, case-insensitive, blanks trimmed).</summary>
    public static FitsHdu? Find(IReadOnlyList<FitsHdu> hdus, string extName)
    {
        ArgumentNullException.ThrowIfNull(hdus);
        return hdus.FirstOrDefault(h => string.Equals(h.ExtName?.Trim(), extName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The HDU holding a cube's data: the first image HDU with at least two axes longer than one.</summary>
    public static FitsHdu? FindDataHdu(IReadOnlyList<FitsHdu> hdus)
    {
        ArgumentNullException.ThrowIfNull(hdus);
        return hdus.FirstOrDefault(h => h.IsImage && h.Axes.Count(n => n > 1) >= 2);
    }

    /// <summary>Row-stacked spectra (SDSS-V LVM style): a FLUX image and a SLITMAP table of fibres.</summary>
    public static bool IsRss(IReadOnlyList<FitsHdu> hdus) =>
        Find(hdus, "FLUX") is { IsImage: true } && Find(hdus, "SLITMAP") is { IsBinTable: true };

    /// <summary>
    /// Tables and nothing else (an empty primary HDU, binary tables): a catalogue or a HEALPix map, such as
    /// the inputs of `vo hips build` — not an image product, so ingest passes it over rather than failing it.
    /// </summary>
    public static bool HoldsOnlyTables(IReadOnlyList<FitsHdu> hdus)
    {
        ArgumentNullException.ThrowIfNull(hdus);
        return hdus.Any(h => h.IsBinTable) && hdus.All(h => h.IsBinTable || (h.IsPrimary && !h.IsImage));
    }

    /// <summary>The kind of a FITS product from its HDUs: RSS, a cube, or null (neither).</summary>
    public static ProductKind? KindOf(IReadOnlyList<FitsHdu> hdus) =>
        IsRss(hdus) ? ProductKind.Rss : FindDataHdu(hdus) is not null ? ProductKind.Cube : null;
}

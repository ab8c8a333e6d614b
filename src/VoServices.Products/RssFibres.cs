using VoServices.Fits;

namespace VoServices.Products;

/// <summary>A usable science fibre of row-stacked spectra: its row in FLUX and its sky position (ICRS degrees, RA in [0, 360)).</summary>
public readonly record struct ScienceFibre(int Row, double Ra, double Dec);

/// <summary>
/// The fibres of row-stacked spectra (SLITMAP): ingest takes its footprint from them and the preview
/// draws them, so both select them here — science fibres (targettype 'science' when the column
/// exists) that are usable (fibstatus 0 when it exists) and have a position.
/// </summary>
public static class RssFibres
{
    /// <exception cref="FitsFormatException">SLITMAP rows ≠ <paramref name="fibreCount"/>, no ra/dec column, or no usable science fibre.</exception>
    public static IReadOnlyList<ScienceFibre> ReadScience(Stream stream, FitsHdu slitmapHdu, long fibreCount)
    {
        using var slitmap = new FitsBinTable(stream, slitmapHdu);
        if (slitmap.RowCount != fibreCount)
        {
            throw new FitsFormatException($"SLITMAP has {slitmap.RowCount} rows but FLUX has {fibreCount} fibres");
        }

        var ra = slitmap.ReadDoubles(slitmap.FindColumn("ra") ?? throw new FitsFormatException("SLITMAP has no ra column"));
        var dec = slitmap.ReadDoubles(slitmap.FindColumn("dec") ?? throw new FitsFormatException("SLITMAP has no dec column"));
        var type = slitmap.FindColumn("targettype") is { } t ? slitmap.ReadStrings(t) : null;
        var status = slitmap.FindColumn("fibstatus") is { } s ? slitmap.ReadDoubles(s) : null;
        var fibres = new List<ScienceFibre>();
        for (var i = 0; i < ra.Length; i++)
        {
            var science = type is null || type[i].Trim().Equals("science", StringComparison.OrdinalIgnoreCase);
            var usable = status is null || status[i] == 0;
            if (science && usable && double.IsFinite(ra[i]) && double.IsFinite(dec[i]))
            {
                fibres.Add(new ScienceFibre(i, ((ra[i] % 360) + 360) % 360, dec[i]));
            }
        }

        return fibres.Count > 0 ? fibres : throw new FitsFormatException("SLITMAP has no usable science fibre with a position");
    }

    /// <summary>Air → vacuum (Å) with the IAU standard refractive index of air (Morton 2000 / Ciddor 1996), to ~1e-8 relative.</summary>
    public static double AirToVacuumAngstrom(double air)
    {
        var s2 = Math.Pow(1e4 / air, 2);
        var n = 1 + 8.336624212083e-5 + (2.408926869968e-2 / (130.1065924522 - s2)) + (1.599740894897e-4 / (38.92568793293 - s2));
        return air * n;
    }
}

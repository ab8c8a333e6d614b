using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Products;

namespace VoServices.Ingest;

/// <summary>
/// ObsCore values of SDSS-V LVM-style row-stacked spectra: FLUX (wavelength × fibre) with WAVE (Å,
/// vacuum) and optionally LSF (FWHM, Å), and a SLITMAP table of fibre positions. The footprint is the
/// convex hull of the usable science fibres, each taken as a disc of the fibre's size.
/// </summary>
public static class RssMapper
{
    private const double AngstromToMetre = 1e-10;

    public static ObsCoreRowBuilder Map(string path, IReadOnlyList<FitsHdu> hdus, double? seeingArcsec, CancellationToken cancellationToken)
    {
        var flux = ProductLayout.Find(hdus, "FLUX")!;
        if (flux.Axes.Length != 2)
        {
            throw new ProductRejectedException($"FLUX has {flux.Axes.Length} axes, expected 2 (wavelength × fibre)");
        }

        var (nWave, nFibre) = (flux.Axes[0], flux.Axes[1]);
        using var stream = FitsReader.OpenRead(path);
        using (var image = new FitsImage(stream, flux))
        {
            if (!image.HasFiniteValue(cancellationToken))
            {
                throw new ProductRejectedException("FLUX is all NaN or BLANK");
            }
        }

        List<SkyPoint> fibres;
        try
        {
            fibres = RssFibres.ReadScience(stream, ProductLayout.Find(hdus, "SLITMAP")!, nFibre).Select(f => new SkyPoint(f.Ra, f.Dec)).ToList();
        }
        catch (FitsFormatException e)
        {
            throw new ProductRejectedException(e.Message, e); // the file is valid FITS; its fibre table is not usable
        }

        var fibreDiameter = FibreDiameterArcsec(fibres);
        var region = SkyHull.Around(fibres, fibreDiameter / 2 / 3600)
            ?? throw new ProductRejectedException("the science fibres span too much sky for one footprint");
        var centre = region.Centroid();

        var row = new ObsCoreRowBuilder()
            .Set("dataproduct_type", "cube")
            .Set("dataproduct_subtype", "rss")
            .Set("calib_level", (short)2)
            .Set("s_region", region)
            .Set("s_ra", centre.Ra)
            .Set("s_dec", centre.Dec)
            .Set("s_fov", region.EnclosingDiameter(centre))
            .Set("s_xel1", nFibre)
            .Set("s_xel2", 1L)
            .Set("s_resolution", seeingArcsec ?? fibreDiameter)
            .Set("s_pixel_scale", fibreDiameter)
            .Set("em_xel", nWave)
            .Set("em_ucd", "em.wl")
            .Set("em_unit", "Angstrom");

        MapWavelengths(row, stream, hdus, nWave);
        var primary = hdus[0].Header;
        string? Keyword(string key) => (primary.GetString(key) ?? flux.Header.GetString(key))?.Trim() is { Length: > 0 } v ? v : null;
        ObservationTime time;
        try
        {
            time = ObservationTime.FromHeader(primary.Contains("DATE-OBS") || primary.Contains("MJD-OBS") ? primary : flux.Header);
        }
        catch (FitsFormatException e)
        {
            throw new ProductRejectedException(e.Message, e);
        }

        var bunit = Keyword("BUNIT");
        row.Set("t_min", time.Start).Set("t_max", time.End).Set("t_exptime", time.Exposure).Set("t_xel", time.Start is null ? null : 1L)
           .Set("target_name", Keyword("OBJECT"))
           .Set("facility_name", Keyword("TELESCOP"))
           .Set("instrument_name", Keyword("INSTRUME"))
           .Set("o_unit", bunit)
           .Set("o_ucd", bunit is null ? "phot.flux.density;em.wl" : CubeMapper.ObservableUcd(bunit, polarised: false) is { } ucd ? ucd + ";em.wl" : null)
           .Set("obs_title", string.Join(' ', new[] { Keyword("OBJECT"), Keyword("TELESCOP"), "row-stacked spectra" }.Where(s => s is not null)));
        return row;
    }

    /// <summary>
    /// The fibre size, from the fibres themselves: in a close-packed IFU the median distance to the
    /// nearest neighbour is the fibre pitch, which is the diameter of the sky each fibre stands for.
    /// </summary>
    private static double FibreDiameterArcsec(List<SkyPoint> fibres)
    {
        if (fibres.Count < 2)
        {
            throw new ProductRejectedException("one science fibre gives no footprint size");
        }

        var nearest = fibres.Select((f, i) => fibres.Where((_, j) => j != i).Min(f.DistanceTo)).Order().ToList();
        return nearest[nearest.Count / 2] * 3600;
    }

    private static void MapWavelengths(ObsCoreRowBuilder row, Stream stream, IReadOnlyList<FitsHdu> hdus, long nWave)
    {
        var waveHdu = ProductLayout.Find(hdus, "WAVE") ?? throw new ProductRejectedException("no WAVE HDU");
        double[] wave;
        using (var image = new FitsImage(stream, waveHdu))
        {
            wave = image.ReadAll();
        }

        if (wave.Length != nWave || wave.Any(w => !double.IsFinite(w) || w <= 0))
        {
            throw new ProductRejectedException($"WAVE must hold {nWave} positive wavelengths");
        }

        // Air wavelengths (AWAV, or AIRORVAC='air') become vacuum ones, as ObsCore's em_* are vacuum.
        var air = waveHdu.Header.GetString("CTYPE1")?.StartsWith("AWAV", StringComparison.Ordinal) == true
            || string.Equals(waveHdu.Header.GetString("AIRORVAC")?.Trim(), "air", StringComparison.OrdinalIgnoreCase);
        if (air)
        {
            wave = wave.Select(RssFibres.AirToVacuumAngstrom).ToArray();
        }

        // Bounds are the outer pixel edges: half a pixel beyond the first and last centres.
        var first = wave[0] - ((wave[1] - wave[0]) / 2);
        var last = wave[^1] + ((wave[^1] - wave[^2]) / 2);
        row.Set("em_min", Math.Min(first, last) * AngstromToMetre).Set("em_max", Math.Max(first, last) * AngstromToMetre);

        // Resolving power from the line-spread function at the middle of the band, when the file gives it.
        if (ProductLayout.Find(hdus, "LSF") is { IsImage: true } lsfHdu && lsfHdu.Axes.Length >= 1 && lsfHdu.Axes[0] == nWave)
        {
            using var lsf = new FitsImage(stream, lsfHdu);
            var centre = (int)(nWave / 2);
            var one = new double[1];
            var fwhm = new List<double>();
            for (long f = 0; f < lsf.ElementCount / nWave; f++)
            {
                lsf.ReadPixels((f * nWave) + centre, one); // one value per fibre: the LSF of a full LVM frame is ~100 MB
                if (double.IsFinite(one[0]) && one[0] > 0)
                {
                    fwhm.Add(one[0]);
                }
            }

            fwhm.Sort();
            if (fwhm.Count > 0)
            {
                row.Set("em_res_power", wave[centre] / fwhm[fwhm.Count / 2]);
                row.Set("em_resolution", fwhm[fwhm.Count / 2] * AngstromToMetre);
            }
        }
    }

}

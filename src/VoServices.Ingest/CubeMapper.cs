using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Products;
using VoServices.Fits.Wcs;

namespace VoServices.Ingest;

/// <summary>ObsCore values of a FITS image or cube, from its headers and WCS (WCSLIB) alone.</summary>
public static class CubeMapper
{
    public static ObsCoreRowBuilder Map(string path, IReadOnlyList<FitsHdu> hdus, double? seeingArcsec, CancellationToken cancellationToken)
    {
        var hdu = ProductLayout.FindDataHdu(hdus) ?? throw new ProductRejectedException("no image HDU with two or more axes");
        var header = hdu.Header;
        var primary = hdus[0].Header;
        WcsTransform wcs;
        try
        {
            wcs = WcsTransform.FromHeader(header);
        }
        catch (WcsException e)
        {
            throw new ProductRejectedException($"no usable WCS in HDU {hdu.Index}: {e.Message}", e);
        }

        using (wcs)
        {
            if (wcs.LongitudeAxis is null || wcs.LatitudeAxis is null)
            {
                throw new ProductRejectedException($"no celestial axes in HDU {hdu.Index} (CTYPE: {string.Join(", ", wcs.CTypes)})");
            }

            using (var image = FitsImage.Open(path, hdu))
            {
                if (!image.HasFiniteValue(cancellationToken))
                {
                    throw new ProductRejectedException("the data are all NaN or BLANK");
                }
            }

            var row = new ObsCoreRowBuilder();
            MapSpatial(row, wcs, hdu, header, seeingArcsec);
            MapSpectral(row, wcs, hdu);
            MapPolarisation(row, wcs, hdu);
            MapTime(row, header, primary);
            MapDescription(row, header, primary, hdu, wcs);
            return row;
        }
    }

    private static void MapSpatial(ObsCoreRowBuilder row, WcsTransform wcs, FitsHdu hdu, FitsHeader header, double? seeingArcsec)
    {
        ImageFootprint footprint;
        try
        {
            footprint = ImageFootprint.FromWcs(wcs, hdu.Axes);
        }
        catch (WcsException e)
        {
            throw new ProductRejectedException($"footprint: {e.Message}", e);
        }

        row.Set("s_region", footprint.Region)
           .Set("s_ra", footprint.Centre.Ra)
           .Set("s_dec", footprint.Centre.Dec)
           .Set("s_fov", footprint.FovDiameter)
           .Set("s_pixel_scale", footprint.PixelScaleArcsec)
           .Set("s_xel1", hdu.Axes[wcs.LongitudeAxis!.Value])
           .Set("s_xel2", hdu.Axes[wcs.LatitudeAxis!.Value]);
        // Radio cubes give the restoring beam (degrees); otherwise the collection's configured seeing.
        if (header.GetDouble("BMAJ") is { } bmaj && bmaj > 0)
        {
            row.Set("s_resolution", bmaj * 3600);
        }
        else if (seeingArcsec is { } seeing)
        {
            row.Set("s_resolution", seeing);
        }
    }

    private static void MapSpectral(ObsCoreRowBuilder row, WcsTransform wcs, FitsHdu hdu)
    {
        if (wcs.SpectralAxis is not { } axis)
        {
            return;
        }

        var n = hdu.Axes[axis];
        row.Set("em_xel", n)
           .Set("em_unit", wcs.CUnits[axis].Trim() is { Length: > 0 } unit ? unit : null)
           .Set("em_ucd", SpectralUcd(wcs.CTypes[axis]));

        WcsTransform wave;
        try
        {
            wave = wcs.WithSpectralAxisAs("WAVE-???");
        }
        catch (WcsException)
        {
            // E.g. a velocity axis without a rest frequency: the band is unknown, the cube is still useful.
            return;
        }

        using (wave)
        {
            // Channel edges (pixel 0.5 and N+0.5) bound the band; the centre channel's width gives R = λ/Δλ.
            var centre = (n + 1) / 2.0;
            var lambda = SpectralValues(wave, axis, [0.5, n + 0.5, centre - 0.5, centre + 0.5, centre]);
            if (lambda.Any(v => !double.IsFinite(v) || v <= 0))
            {
                return;
            }

            row.Set("em_min", Math.Min(lambda[0], lambda[1]))
               .Set("em_max", Math.Max(lambda[0], lambda[1]))
               .Set("em_res_power", lambda[4] / Math.Abs(lambda[3] - lambda[2]));
        }
    }

    private static void MapPolarisation(ObsCoreRowBuilder row, WcsTransform wcs, FitsHdu hdu)
    {
        if (wcs.StokesAxis is not { } axis)
        {
            return;
        }

        var n = hdu.Axes[axis];
        var codes = SpectralValues(wcs, axis, Enumerable.Range(1, (int)n).Select(i => (double)i).ToArray());
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            names.Add(PolarizationStates.StokesName((int)Math.Round(code))
                ?? throw new ProductRejectedException($"STOKES axis value {code} is not a FITS Stokes code"));
        }

        row.Set("pol_states", PolarizationStates.ObsCoreValue(names))
           .Set("pol_xel", n);
    }

    private static void MapTime(ObsCoreRowBuilder row, FitsHeader header, FitsHeader primary)
    {
        ObservationTime time;
        try
        {
            time = ObservationTime.FromHeader(header.Contains("DATE-OBS") || header.Contains("MJD-OBS") ? header : primary);
        }
        catch (FitsFormatException e)
        {
            throw new ProductRejectedException(e.Message, e);
        }

        row.Set("t_min", time.Start).Set("t_max", time.End).Set("t_exptime", time.Exposure);
        if (time.Start is not null)
        {
            row.Set("t_xel", 1L);
        }
    }

    private static void MapDescription(ObsCoreRowBuilder row, FitsHeader header, FitsHeader primary, FitsHdu hdu, WcsTransform wcs)
    {
        string? Keyword(string key) => header.GetString(key) ?? primary.GetString(key);
        var isCube = hdu.Axes.Count(n => n > 1) >= 3;
        var target = Keyword("OBJECT")?.Trim();
        var facility = Keyword("TELESCOP")?.Trim();
        var bunit = Keyword("BUNIT")?.Trim();
        var subtype = !isCube ? null : wcs.SpectralAxis is not null ? "spectral-cube" : wcs.StokesAxis is not null ? "polarization-cube" : null;
        row.Set("dataproduct_type", isCube ? "cube" : "image")
           .Set("dataproduct_subtype", subtype)
           .Set("calib_level", (short)2)
           .Set("target_name", string.IsNullOrEmpty(target) ? null : target)
           .Set("facility_name", string.IsNullOrEmpty(facility) ? null : facility)
           .Set("instrument_name", Keyword("INSTRUME")?.Trim() is { Length: > 0 } instrument ? instrument : null)
           .Set("o_unit", string.IsNullOrEmpty(bunit) ? null : bunit)
           .Set("o_ucd", ObservableUcd(bunit, wcs.StokesAxis is not null))
           .Set("obs_title", string.Join(' ', new[] { target, facility, subtype ?? (isCube ? "cube" : "image") }.Where(s => !string.IsNullOrEmpty(s))));
        if (Keyword("DATE") is { } date && ObservationTime.ParseDate(date, "DATE") is { } mjd)
        {
            row.Set("obs_creation_date", ObservationTime.FromMjd(mjd));
        }
    }

    private static double[] SpectralValues(WcsTransform wcs, int axis, double[] pixels)
    {
        var n = wcs.NAxis;
        var pixel = new double[pixels.Length * n];
        for (var i = 0; i < pixels.Length; i++)
        {
            for (var a = 0; a < n; a++)
            {
                pixel[(i * n) + a] = a == axis ? pixels[i] : 1;
            }
        }

        var world = new double[pixel.Length];
        wcs.PixelToWorld(pixel, world);
        return Enumerable.Range(0, pixels.Length).Select(i => world[(i * n) + axis]).ToArray();
    }

    /// <summary>UCD of the native spectral coordinate (em_ucd).</summary>
    internal static string? SpectralUcd(string ctype) => ctype.Split('-')[0].Trim() switch
    {
        "FREQ" => "em.freq",
        "ENER" => "em.energy",
        "WAVE" or "WAVN" => "em.wl",
        "AWAV" => "em.wl;obs.atmos",
        "VRAD" => "spect.dopplerVeloc.radio",
        "VOPT" or "VELO" or "VELOCITY" or "FELO" => "spect.dopplerVeloc.opt",
        "ZOPT" => "src.redshift",
        _ => null,
    };

    /// <summary>UCD of the pixel values from BUNIT: flux densities (Jy, Jy/beam, erg/s/cm2/A...) or brightness temperature (K).</summary>
    internal static string? ObservableUcd(string? bunit, bool polarised)
    {
        var unit = bunit?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var ucd = unit switch
        {
            null or "" => null,
            "K" or "KELVIN" => "phot.antennaTemp",
            _ when unit.Contains("JY", StringComparison.Ordinal) || unit.Contains("ERG", StringComparison.Ordinal)
                || unit.Contains("W/", StringComparison.Ordinal) => "phot.flux.density",
            "COUNTS" or "COUNT" or "ADU" => "phot.count",
            _ => null,
        };
        return ucd is not null && polarised ? ucd + ";phys.polarization.stokes" : ucd;
    }
}

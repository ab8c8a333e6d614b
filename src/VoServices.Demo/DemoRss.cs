using VoServices.Fits;

namespace VoServices.Demo;

/// <summary>
/// An SDSS-V Local Volume Mapper style row-stacked-spectra file (lvmCFrame-like): an empty primary
/// with the observation keywords, FLUX/IVAR/MASK/LSF images of NWAVE × NFIBER (NAXIS1 = wavelength,
/// NAXIS2 = fibre), a 1-D WAVE image (vacuum Å) and the SLITMAP fibre table. 61 science fibres
/// sit on the hexagonal IFU (35.3″ pitch) around the pointing; 6 sky fibres look at sky patches
/// about a degree away, as LVM's SkyE/SkyW telescopes do.
/// </summary>
internal static class DemoRss
{
    public const int NWave = 2000;
    public const int NScience = 61;
    public const int NSky = 6;
    public const double PitchArcsec = 35.3;
    public const double Ra0 = 270.9042, Dec0 = -24.3867; // Lagoon Nebula (M 8)

    // Vacuum rest wavelengths (Å) of the nebular lines drawn into the science spectra.
    private static readonly (double Wave, double Strength)[] Lines =
    [
        (3727.09, 0.8), (3729.88, 1.0), (4862.68, 1.0), (4960.30, 0.6), (5008.24, 1.8),
        (6549.86, 0.35), (6564.61, 3.0), (6585.27, 1.05), (6718.29, 0.3), (6732.67, 0.25), (9071.1, 0.2),
    ];

    public static byte[] Write()
    {
        var nFibre = NScience + NSky;
        var rnd = new DemoRandom(8);
        var wave = new double[NWave];
        for (var i = 0; i < NWave; i++)
        {
            wave[i] = 3600.0 + (i * (6200.0 / (NWave - 1)));
        }

        var (ra, dec, x, y) = FibrePositions();
        var flux = new float[NWave * nFibre];
        var ivar = new float[NWave * nFibre];
        var mask = new byte[NWave * nFibre];
        var lsf = new float[NWave * nFibre];
        for (var f = 0; f < nFibre; f++)
        {
            var science = f < NScience;
            var r = Math.Sqrt((x[f] * x[f]) + (y[f] * y[f])) / PitchArcsec;
            var brightness = science ? 2.0 * Math.Exp(-r / 2.5) : 0.0;
            for (var i = 0; i < NWave; i++)
            {
                var idx = i + (NWave * f);
                var fwhm = 1.6 + (0.5 * (wave[i] - 3600.0) / 6200.0) + (0.02 * (f % 7));
                lsf[idx] = (float)fwhm;
                var sigma = 0.05 + (0.02 * brightness);
                var value = 0.1 * brightness;
                foreach (var (w0, strength) in Lines)
                {
                    var s = fwhm / 2.3548;
                    value += brightness * strength * Math.Exp(-0.5 * Math.Pow((wave[i] - w0) / s, 2));
                }

                var dead = f == 17; // one broken science fibre (fibstatus 1, MASK set)
                flux[idx] = dead ? float.NaN : (float)(value + (sigma * rnd.NextGaussian()));
                ivar[idx] = dead ? 0f : (float)(1.0 / (sigma * sigma));
                mask[idx] = dead ? (byte)1 : (i < 5 ? (byte)2 : (byte)0); // 1 = dead fibre, 2 = detector edge
            }
        }

        var primary = new FitsHeaderBuilder()
            .Set("OBJECT", "Lagoon Nebula", "target of the tile")
            .Set("TELESCOP", "LVM-160", "SDSS-V Local Volume Mapper 16cm telescopes")
            .Set("INSTRUME", "LVM", "LVM spectrographs")
            .Set("OBSERVAT", "LCO")
            .Set("DATE-OBS", "2023-11-05T08:12:33.000", "start of exposure (TAI)")
            .Set("MJD", 60253L, "SDSS MJD of the night")
            .Set("TIMESYS", "TAI")
            .Set("EXPTIME", 900.0, "[s] exposure time")
            .Set("TILE_ID", 1028469L)
            .Set("EXPOSURE", 12345L, "exposure number")
            .Set("POSCIRA", Ra0, "[deg] science telescope RA (ICRS)")
            .Set("POSCIDE", Dec0, "[deg] science telescope Dec (ICRS)")
            .Set("BUNIT", "erg / (Angstrom s cm2)", "flux unit of FLUX")
            .Set("DATE", "2024-01-01T00:00:00", "fixed so the file is byte-identical")
            .AddComment("Synthetic lvmCFrame-style file written by VoServices demo-data.");

        return DemoCubes.Write(w =>
        {
            w.WriteEmptyPrimary(primary);
            w.WriteImage<float>([NWave, nFibre], flux, Ext("FLUX", "erg / (Angstrom s cm2)", "flux, one row per fibre"));
            w.WriteImage<float>([NWave, nFibre], ivar, Ext("IVAR", "(erg / (Angstrom s cm2))-2", "inverse variance"));
            w.WriteImage<byte>([NWave, nFibre], mask, Ext("MASK", null, "0 good; 1 dead fibre; 2 detector edge"));
            w.WriteImage<double>([NWave], wave, Ext("WAVE", "Angstrom", "vacuum wavelength of every column")
                .Set("CTYPE1", "WAVE").Set("CUNIT1", "Angstrom").Set("AIRORVAC", "vac"));
            w.WriteImage<float>([NWave, nFibre], lsf, Ext("LSF", "Angstrom", "line-spread-function FWHM"));
            w.WriteBinTable(Slitmap(ra, dec, x, y), new FitsHeaderBuilder().Set("EXTNAME", "SLITMAP").Set("EXTVER", 1L));
        });
    }

    private static FitsHeaderBuilder Ext(string name, string? unit, string comment)
    {
        var b = new FitsHeaderBuilder().Set("EXTNAME", name, comment);
        if (unit is not null)
        {
            b.Set("BUNIT", unit);
        }

        return b;
    }

    /// <summary>Fibre positions: ICRS degrees and IFU-plane offsets in arcsec (east = +x).</summary>
    internal static (double[] Ra, double[] Dec, double[] X, double[] Y) FibrePositions()
    {
        var n = NScience + NSky;
        var ra = new double[n];
        var dec = new double[n];
        var x = new double[n];
        var y = new double[n];
        var f = 0;
        for (var ring = 0; ring <= 4; ring++)
        {
            foreach (var (q, r) in HexRing(ring))
            {
                x[f] = PitchArcsec * (q + (r / 2.0));
                y[f] = PitchArcsec * (r * Math.Sqrt(3) / 2.0);
                (ra[f], dec[f]) = FromTangentPlane(Ra0, Dec0, x[f], y[f]);
                f++;
            }
        }

        // Sky fibres: three per sky telescope, on sky patches east and west of the field.
        (double Ra, double Dec)[] sky = [(269.20, -23.90), (269.21, -23.89), (269.19, -23.91), (272.60, -25.10), (272.61, -25.09), (272.59, -25.11)];
        foreach (var (sra, sdec) in sky)
        {
            ra[f] = sra;
            dec[f] = sdec;
            f++;
        }

        return (ra, dec, x, y);
    }

    /// <summary>Axial hex coordinates of ring <paramref name="k"/> (ring 0 is the centre): 1, 6, 12, 18, 24 fibres.</summary>
    internal static IEnumerable<(int Q, int R)> HexRing(int k)
    {
        if (k == 0)
        {
            yield return (0, 0);
            yield break;
        }

        // Start k steps out in direction (-1, +1), then walk k steps along each of the six directions.
        (int, int)[] directions = [(1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1)];
        var (q, r) = (-k, k);
        foreach (var (dq, dr) in directions)
        {
            for (var step = 0; step < k; step++)
            {
                yield return (q, r);
                q += dq;
                r += dr;
            }
        }
    }

    /// <summary>Gnomonic (TAN) inverse: offsets in arcsec (east, north) around (ra0, dec0) to ICRS degrees.</summary>
    internal static (double Ra, double Dec) FromTangentPlane(double ra0, double dec0, double east, double north)
    {
        const double d = Math.PI / 180;
        var xi = east / 3600 * d;
        var eta = north / 3600 * d;
        var a0 = ra0 * d;
        var d0 = dec0 * d;
        var denom = Math.Cos(d0) - (eta * Math.Sin(d0));
        var ra = a0 + Math.Atan2(xi, denom);
        var dec = Math.Atan2((Math.Sin(d0) + (eta * Math.Cos(d0))) * Math.Cos(ra - a0), denom);
        return ((((ra / d) % 360) + 360) % 360, dec / d);
    }

    private static List<FitsTableColumn> Slitmap(double[] ra, double[] dec, double[] x, double[] y)
    {
        var n = ra.Length;
        var fiberid = new int[n];
        var spectrograph = new int[n];
        var type = new string[n];
        var ifulabel = new string[n];
        var telescope = new string[n];
        var xpmm = new double[n];
        var ypmm = new double[n];
        var status = new int[n];
        const double mmPerArcsec = 0.33 / PitchArcsec; // 330 µm fibre pitch in the focal plane
        for (var f = 0; f < n; f++)
        {
            var science = f < NScience;
            fiberid[f] = f + 1;
            spectrograph[f] = 1 + (f * 3 / n);
            type[f] = science ? "science" : "SKY";
            telescope[f] = science ? "Sci" : (f < NScience + 3 ? "SkyE" : "SkyW");
            ifulabel[f] = science ? "Sci1" : telescope[f] + "1";
            xpmm[f] = science ? x[f] * mmPerArcsec : 0.0;
            ypmm[f] = science ? y[f] * mmPerArcsec : 0.0;
            status[f] = f == 17 ? 1 : 0;
        }

        return
        [
            FitsTableColumn.Int32("fiberid", fiberid),
            FitsTableColumn.Int32("spectrographid", spectrograph),
            FitsTableColumn.Text("targettype", type, 8),
            FitsTableColumn.Text("ifulabel", ifulabel, 8),
            FitsTableColumn.Text("telescope", telescope, 8),
            FitsTableColumn.Float64("xpmm", xpmm, "mm"),
            FitsTableColumn.Float64("ypmm", ypmm, "mm"),
            FitsTableColumn.Int32("fibstatus", status),
            FitsTableColumn.Float64("ra", ra, "deg"),
            FitsTableColumn.Float64("dec", dec, "deg"),
        ];
    }
}

using VoServices.Fits;

namespace VoServices.Demo;

/// <summary>The synthetic cubes of the demo collection: headers as real archives write them, data from simple models.</summary>
internal static class DemoCubes
{
    private const double C = 299792458.0;

    /// <summary>Parameters of an HI galaxy observed as a VELO-LSR cube.</summary>
    internal sealed record HiGalaxy(
        string FileName,
        string Object,
        double Ra,
        double Dec,
        double VsysMs,
        double PaDeg,
        double InclDeg,
        double VmaxMs,
        double DiskArcsec,
        string Telescope,
        string Instrument,
        double PixelArcsec,
        double BeamArcsec,
        double ChannelMs,
        string DateObs,
        double ExpTime,
        ulong Seed);

    /// <summary>
    /// An HI cube as AIPS/GIPSY-era pipelines write them: RA---SIN/DEC--SIN, an AIPS 'VELO-LSR' axis
    /// in m/s with RESTFREQ (the AIPS spelling), Jy/beam with BMAJ/BMIN/BPA in degrees, FK5 J2000.
    /// </summary>
    public static byte[] VelocityCube(HiGalaxy g)
    {
        const int nx = 64, ny = 64, nv = 48;
        var h = new FitsHeaderBuilder();
        h.Set("BSCALE", 1.0).Set("BZERO", 0.0).Set("BUNIT", "JY/BEAM", "brightness unit");
        Beam(h, g.BeamArcsec, g.BeamArcsec * 0.92, 12.0);
        Celestial(h, "SIN", g.Ra, g.Dec, g.PixelArcsec, (nx / 2.0) + 0.5, (ny / 2.0) + 0.5);
        h.Set("CTYPE3", "VELO-LSR", "AIPS velocity axis (no VELREF: read as optical by WCSLIB)")
            .Set("CRVAL3", g.VsysMs, "[m/s]")
            .Set("CDELT3", g.ChannelMs, "[m/s]")
            .Set("CRPIX3", nv / 2.0)
            .Set("CUNIT3", "m/s")
            .Set("RESTFREQ", 1.420405752E9, "[Hz] HI rest frequency")
            .Set("SPECSYS", "LSRK");
        Observation(h, g.Object, g.Telescope, g.Instrument, g.DateObs, g.ExpTime);
        h.Set("ORIGIN", "VoServices demo-data", "synthetic data, real target")
            .Set("DATE", "2024-01-01T00:00:00", "fixed so the file is byte-identical");
        h.AddHistory("Synthetic rotating HI disk plus Gaussian noise (VoServices demo-data).");

        var rnd = new DemoRandom(g.Seed);
        var data = new float[nx * ny * nv];
        var pa = g.PaDeg * Math.PI / 180;
        var incl = g.InclDeg * Math.PI / 180;
        var sigmaV = 9000.0;
        var noise = 0.002;
        for (var k = 0; k < nv; k++)
        {
            var v = g.VsysMs + ((k + 1 - (nv / 2.0)) * g.ChannelMs);
            for (var j = 0; j < ny; j++)
            {
                for (var i = 0; i < nx; i++)
                {
                    // Sky offsets from the centre (arcsec; east = −x because CDELT1 < 0), then disk-plane radius and azimuth.
                    var dx = -(i + 1 - ((nx / 2.0) + 0.5)) * g.PixelArcsec;
                    var dy = (j + 1 - ((ny / 2.0) + 0.5)) * g.PixelArcsec;
                    var major = (dx * Math.Sin(pa)) + (dy * Math.Cos(pa));
                    var minor = ((-dx * Math.Cos(pa)) + (dy * Math.Sin(pa))) / Math.Cos(incl);
                    var r = Math.Sqrt((major * major) + (minor * minor));
                    var cosTheta = r > 0 ? major / r : 0;
                    var vrot = g.VmaxMs * (1 - Math.Exp(-r / (0.2 * g.DiskArcsec)));
                    var vlos = g.VsysMs + (vrot * Math.Sin(incl) * cosTheta);
                    var surface = 0.05 * Math.Exp(-r / (0.35 * g.DiskArcsec));
                    var line = Math.Exp(-0.5 * Math.Pow((v - vlos) / sigmaV, 2));
                    data[i + (nx * (j + (ny * k)))] = (float)((surface * line) + (noise * rnd.NextGaussian()));
                }
            }
        }

        return Write(w => w.WriteImage<float>([nx, ny, nv], data, h));
    }

    /// <summary>Parameters of a maser/molecular-line source observed as a FREQ cube.</summary>
    internal sealed record LineSource(
        string FileName,
        string Object,
        double Ra,
        double Dec,
        double RestHz,
        string Line,
        double VlsrMs,
        double ChannelHz,
        double PixelArcsec,
        double BeamArcsec,
        string DateObs,
        double ExpTime,
        ulong Seed);

    /// <summary>
    /// A WSRT OH cube as AIPS writes east–west-array data: RA---NCP/DEC--NCP, FREQ in Hz with
    /// RESTFRQ, 16-bit integers with BSCALE/BZERO and BLANK for voxels outside the primary beam.
    /// </summary>
    public static byte[] FrequencyCube(LineSource s)
    {
        const int nx = 48, ny = 48, nf = 32;
        var h = new FitsHeaderBuilder();
        var vals = new double[nx * ny * nf];
        var rnd = new DemoRandom(s.Seed);
        var f0 = s.RestHz * (1 - (s.VlsrMs / C)); // radio convention: the line's observed frequency
        var crval3 = f0 - ((nf / 2.0) - 1) * s.ChannelHz;
        var blank = new bool[vals.Length];
        var beamRadiusPix = 21.0;
        for (var k = 0; k < nf; k++)
        {
            var f = crval3 + (k * s.ChannelHz);
            for (var j = 0; j < ny; j++)
            {
                for (var i = 0; i < nx; i++)
                {
                    var idx = i + (nx * (j + (ny * k)));
                    var dx = i + 1 - 24.5;
                    var dy = j + 1 - 24.5;
                    if ((dx * dx) + (dy * dy) > beamRadiusPix * beamRadiusPix)
                    {
                        blank[idx] = true;
                        continue;
                    }

                    // Two maser spots, spectrally narrow, each a beam-sized Gaussian.
                    var sigmaPix = s.BeamArcsec / s.PixelArcsec / 2.3548;
                    var spot1 = 4.0 * Math.Exp(-0.5 * (((dx - 2) * (dx - 2)) + ((dy + 1) * (dy + 1))) / (sigmaPix * sigmaPix));
                    var spot2 = 1.5 * Math.Exp(-0.5 * (((dx + 3) * (dx + 3)) + ((dy - 2) * (dy - 2))) / (sigmaPix * sigmaPix));
                    var line1 = Math.Exp(-0.5 * Math.Pow((f - f0) / (1.5 * Math.Abs(s.ChannelHz)), 2));
                    var line2 = Math.Exp(-0.5 * Math.Pow((f - f0 - (4 * s.ChannelHz)) / (1.2 * Math.Abs(s.ChannelHz)), 2));
                    vals[idx] = (spot1 * line1) + (spot2 * line2) + (0.01 * rnd.NextGaussian());
                }
            }
        }

        var min = vals.Where((_, n) => !blank[n]).Min();
        var max = vals.Where((_, n) => !blank[n]).Max();
        var bscale = (max - min) / 65000.0;
        var bzero = (max + min) / 2;
        var raw = new short[vals.Length];
        for (var n = 0; n < vals.Length; n++)
        {
            raw[n] = blank[n] ? short.MinValue : (short)Math.Clamp(Math.Round((vals[n] - bzero) / bscale), -32767, 32767);
        }

        h.Set("BSCALE", bscale, "physical = BZERO + BSCALE * stored")
            .Set("BZERO", bzero)
            .Set("BLANK", (long)short.MinValue, "outside the primary beam")
            .Set("BUNIT", "JY/BEAM");
        // An east–west array's beam is stretched north–south by 1/sin(dec).
        Beam(h, s.BeamArcsec / Math.Sin(Math.Abs(s.Dec) * Math.PI / 180), s.BeamArcsec, 0.0);
        Celestial(h, "NCP", s.Ra, s.Dec, s.PixelArcsec, 24.5, 24.5);
        h.Set("CTYPE3", "FREQ", "frequency axis")
            .Set("CRVAL3", crval3, "[Hz]")
            .Set("CDELT3", s.ChannelHz, "[Hz]")
            .Set("CRPIX3", 1.0)
            .Set("CUNIT3", "Hz")
            .Set("RESTFRQ", s.RestHz, "[Hz] " + s.Line)
            .Set("SPECSYS", "LSRK");
        Observation(h, s.Object, "WSRT", "WSRT-DZB", s.DateObs, s.ExpTime);
        h.Set("ORIGIN", "VoServices demo-data", "synthetic data, real target")
            .Set("DATE", "2024-01-01T00:00:00", "fixed so the file is byte-identical");
        return Write(w => w.WriteImage<short>([nx, ny, nf], raw, h));
    }

    /// <summary>
    /// A VLA continuum-polarisation cube of 3C 286 as CASA exports it: RA---TAN/DEC--TAN, FREQ,
    /// and a STOKES axis with CRVAL4 = 1, CDELT4 = 1 (planes I, Q, U, V), Jy/beam.
    /// </summary>
    public static byte[] StokesCube()
    {
        const int nx = 32, ny = 32, nf = 8, ns = 4;
        const double ra = 202.784533, dec = 30.509155; // 3C 286 (ICRS)
        var h = new FitsHeaderBuilder();
        h.Set("BSCALE", 1.0).Set("BZERO", 0.0).Set("BUNIT", "Jy/beam", "brightness (pixel) unit");
        Beam(h, 14.0, 13.0, -60.0);
        Celestial(h, "TAN", ra, dec, 4.0, 17.0, 17.0);
        h.Set("CTYPE3", "FREQ").Set("CRVAL3", 1.3e9, "[Hz]").Set("CDELT3", 3.2e7, "[Hz]").Set("CRPIX3", 1.0).Set("CUNIT3", "Hz")
            .Set("CTYPE4", "STOKES").Set("CRVAL4", 1.0, "1 = I").Set("CDELT4", 1.0).Set("CRPIX4", 1.0).Set("CUNIT4", "")
            .Set("RESTFRQ", 1.3e9, "[Hz] reference frequency (continuum)")
            .Set("SPECSYS", "TOPOCENT");
        Observation(h, "3C286", "VLA", "VLA", "2019-04-14T05:30:00.0", 1800.0);
        h.Set("OBSERVER", "DEMO").Set("ORIGIN", "VoServices demo-data", "synthetic data, real target")
            .Set("DATE", "2024-01-01T00:00:00", "fixed so the file is byte-identical");

        var rnd = new DemoRandom(286);
        var data = new float[nx * ny * nf * ns];
        var sigma = 14.0 / 4.0 / 2.3548;
        const double p = 0.095, chi = 33.0 * Math.PI / 180; // 9.5 % linear polarisation at 33°
        for (var s = 0; s < ns; s++)
        {
            for (var k = 0; k < nf; k++)
            {
                var f = 1.3e9 + (k * 3.2e7);
                var stokesI = 15.0 * Math.Pow(f / 1.4e9, -0.46);
                var amplitude = s switch
                {
                    0 => stokesI,
                    1 => p * stokesI * Math.Cos(2 * chi),
                    2 => p * stokesI * Math.Sin(2 * chi),
                    _ => 0.0,
                };
                for (var j = 0; j < ny; j++)
                {
                    for (var i = 0; i < nx; i++)
                    {
                        var r2 = (Math.Pow(i + 1 - 17.0, 2) + Math.Pow(j + 1 - 17.0, 2)) / (sigma * sigma);
                        data[i + (nx * (j + (ny * (k + (nf * s)))))] = (float)((amplitude * Math.Exp(-0.5 * r2)) + (0.0005 * rnd.NextGaussian()));
                    }
                }
            }
        }

        return Write(w => w.WriteImage<float>([nx, ny, nf, ns], data, h));
    }

    /// <summary>
    /// A Galactic-plane 13CO(1–0) cube as survey pipelines (GRS style) write them: GLON-CAR/GLAT-CAR
    /// with the reference on the equator, a radio-velocity VRAD axis in m/s, antenna temperature in K.
    /// </summary>
    public static byte[] GalacticCube()
    {
        const int nx = 40, ny = 40, nv = 32;
        const double l0 = 49.49, b0 = -0.37; // W51
        var h = new FitsHeaderBuilder();
        h.Set("BSCALE", 1.0).Set("BZERO", 0.0).Set("BUNIT", "K", "main-beam temperature");
        Beam(h, 46.0, 46.0, 0.0);
        h.Set("CTYPE1", "GLON-CAR").Set("CRVAL1", l0, "[deg]").Set("CDELT1", -22.14 / 3600, "[deg]").Set("CRPIX1", 20.5).Set("CUNIT1", "deg")
            .Set("CTYPE2", "GLAT-CAR").Set("CRVAL2", 0.0, "[deg] CAR reference on the equator").Set("CDELT2", 22.14 / 3600, "[deg]")
            .Set("CRPIX2", 20.5 - (b0 / (22.14 / 3600)), "puts b0 at the centre").Set("CUNIT2", "deg")
            .Set("CTYPE3", "VRAD", "radio velocity").Set("CRVAL3", 58000.0, "[m/s]").Set("CDELT3", 850.0, "[m/s]").Set("CRPIX3", 16.5).Set("CUNIT3", "m/s")
            .Set("RESTFRQ", 1.10201354E11, "[Hz] 13CO(1-0)")
            .Set("SPECSYS", "LSRK");
        Observation(h, "W51", "FCRAO", "SEQUOIA", "2004-03-21T02:00:00.0", 12.0);
        h.Set("ORIGIN", "VoServices demo-data", "synthetic data, real target")
            .Set("DATE", "2024-01-01T00:00:00", "fixed so the file is byte-identical");

        var rnd = new DemoRandom(51);
        var data = new float[nx * ny * nv];
        for (var k = 0; k < nv; k++)
        {
            var v = 58000.0 + ((k + 1 - 16.5) * 850.0);
            for (var j = 0; j < ny; j++)
            {
                for (var i = 0; i < nx; i++)
                {
                    var dx = i + 1 - 20.5;
                    var dy = j + 1 - 20.5;
                    var cloud = 8.0 * Math.Exp(-0.5 * (((dx - 4) * (dx - 4) / 60.0) + ((dy + 2) * (dy + 2) / 25.0)));
                    var vc = 57000.0 + (300.0 * dx);
                    var line = Math.Exp(-0.5 * Math.Pow((v - vc) / 3000.0, 2));
                    data[i + (nx * (j + (ny * k)))] = (float)((cloud * line) + (0.2 * rnd.NextGaussian()));
                }
            }
        }

        return Write(w => w.WriteImage<float>([nx, ny, nv], data, h));
    }

    internal static void Celestial(FitsHeaderBuilder h, string projection, double ra, double dec, double pixelArcsec, double crpix1, double crpix2)
    {
        h.Set("CTYPE1", "RA---" + projection).Set("CRVAL1", ra, "[deg]").Set("CDELT1", -pixelArcsec / 3600, "[deg]").Set("CRPIX1", crpix1).Set("CUNIT1", "deg")
            .Set("CTYPE2", "DEC--" + projection).Set("CRVAL2", dec, "[deg]").Set("CDELT2", pixelArcsec / 3600, "[deg]").Set("CRPIX2", crpix2).Set("CUNIT2", "deg")
            .Set("RADESYS", "FK5").Set("EQUINOX", 2000.0);
    }

    internal static void Beam(FitsHeaderBuilder h, double bmajArcsec, double bminArcsec, double bpaDeg) =>
        h.Set("BMAJ", bmajArcsec / 3600, "[deg] beam major axis (FWHM)")
            .Set("BMIN", bminArcsec / 3600, "[deg] beam minor axis (FWHM)")
            .Set("BPA", bpaDeg, "[deg] beam position angle");

    internal static void Observation(FitsHeaderBuilder h, string obj, string telescope, string instrument, string dateObs, double exptime) =>
        h.Set("OBJECT", obj).Set("TELESCOP", telescope).Set("INSTRUME", instrument)
            .Set("DATE-OBS", dateObs, "start of observation (UTC)").Set("TIMESYS", "UTC")
            .Set("EXPTIME", exptime, "[s] on-source integration time");

    internal static byte[] Write(Action<FitsWriter> write)
    {
        var ms = new MemoryStream();
        using (var w = new FitsWriter(ms, leaveOpen: true))
        {
            write(w);
        }

        return ms.ToArray();
    }
}

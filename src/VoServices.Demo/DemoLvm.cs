using VoServices.Fits;
using VoServices.Fits.Sky;

namespace VoServices.Demo;

/// <summary>
/// An LVM-like emission-line set around the Orion Nebula: two overlapping hexagonal IFU fields of
/// 1801 fibres each (24 rings, 35.3″ fibres at 37″ pitch, as the Local Volume Mapper's science IFU),
/// one Hα flux (with inverse variance) and one velocity per fibre from smooth synthetic structure plus
/// seeded noise, written as a FITS points table; and the partial order-16 HEALPix table the LVM
/// recipe makes of them (each fibre spread over the cells whose centres lie in its disc, overlapping
/// fibres combined by the inverse-variance weighted mean) — the inputs of the demo's two HiPS.
/// </summary>
internal static class DemoLvm
{
    public const string Fibres = "lvm/lvm-orion-fibres.fits";
    public const string HealpixTable = "lvm/lvm-orion-halpha-healpix16.fits";
    public const int Order = 16;
    public const double FibreRadiusArcsec = 35.3 / 2;
    public const string FluxUnit = "1e-16 erg/(s cm2 arcsec2)";
    private const double PitchArcsec = 37.0;
    private const int Rings = 24;

    // Field centres: the Trapezium (M 42) and a field to the north-west overlapping it.
    private static readonly (double Ra, double Dec, int Exposure)[] Fields = [(83.8221, -5.3911, 7001), (83.5800, -5.1000, 7002)];

    /// <summary>One fibre measurement.</summary>
    internal readonly record struct Fibre(int Exposure, int FiberId, double Ra, double Dec, double Flux, double FluxIvar, double Velocity, double VelocityIvar);

    internal static IReadOnlyList<Fibre> Measurements()
    {
        var rnd = new DemoRandom(0x4C564DUL);
        var fibres = new List<Fibre>();
        foreach (var (ra0, dec0, exposure) in Fields)
        {
            var id = 1;
            for (var ring = 0; ring <= Rings; ring++)
            {
                foreach (var (q, r) in DemoRss.HexRing(ring))
                {
                    var (ra, dec) = DemoRss.FromTangentPlane(ra0, dec0, PitchArcsec * (q + (r / 2.0)), PitchArcsec * r * Math.Sqrt(3) / 2);
                    var (flux, velocity) = Model(ra, dec);
                    var sigmaFlux = 0.5 + (0.04 * flux);
                    var sigmaVelocity = 1 + (20 / Math.Sqrt(flux));
                    fibres.Add(new Fibre(exposure, id++, ra, dec,
                        flux + (sigmaFlux * rnd.NextGaussian()), 1 / (sigmaFlux * sigmaFlux),
                        velocity + (sigmaVelocity * rnd.NextGaussian()), 1 / (sigmaVelocity * sigmaVelocity)));
                }
            }
        }

        return fibres;
    }

    /// <summary>The points table: one row per fibre measurement (ICRS degrees, Hα flux and ivar, velocity and ivar).</summary>
    public static byte[] FibreTable()
    {
        var m = Measurements();
        var header = new FitsHeaderBuilder()
            .Set("EXTNAME", "FIBRES")
            .Set("OBJECT", "Orion Nebula (M 42)")
            .Set("TELESCOP", "LVM-160", "synthetic, LVM-like")
            .Set("RADESYS", "ICRS")
            .Set("FIBRDIAM", 35.3, "[arcsec] fibre diameter on the sky")
            .Set("LINE", "H alpha 6564.61 A (vacuum)");
        return DemoCubes.Write(w =>
        {
            w.WriteEmptyPrimary();
            w.WriteBinTable(
            [
                FitsTableColumn.Int32("expnum", [.. m.Select(f => f.Exposure)]),
                FitsTableColumn.Int32("fiberid", [.. m.Select(f => f.FiberId)]),
                FitsTableColumn.Float64("ra", [.. m.Select(f => f.Ra)], "deg"),
                FitsTableColumn.Float64("dec", [.. m.Select(f => f.Dec)], "deg"),
                FitsTableColumn.Float64("flux", [.. m.Select(f => f.Flux)], FluxUnit),
                FitsTableColumn.Float64("flux_ivar", [.. m.Select(f => f.FluxIvar)]),
                FitsTableColumn.Float64("vel", [.. m.Select(f => f.Velocity)], "km/s"),
                FitsTableColumn.Float64("vel_ivar", [.. m.Select(f => f.VelocityIvar)]),
            ], header);
        });
    }

    /// <summary>
    /// The partial HEALPix table of the Hα flux (columns pixel K, value D, ivar E = Σ weights): the LVM
    /// pipeline's intermediate product, which CDS's hipsgen or `vo hips build` turns into a HiPS.
    /// </summary>
    public static byte[] FluxHealpixTable()
    {
        var cells = new List<(long Cell, double Wv, double W)>();
        var disc = new List<long>();
        foreach (var f in Measurements())
        {
            disc.Clear();
            HealpixDisc.Query(Order, new SkyPoint(f.Ra, f.Dec).ToVector(), FibreRadiusArcsec / 3600 * Math.PI / 180, disc);
            cells.AddRange(disc.Select(c => (c, f.Flux * f.FluxIvar, f.FluxIvar)));
        }

        // Stable sort by cell, then sums in measurement order: the same bytes every run.
        var merged = cells.Select((c, i) => (c, i)).OrderBy(p => p.c.Cell).ThenBy(p => p.i).Select(p => p.c)
            .GroupBy(c => c.Cell)
            .Select(g => (Cell: g.Key, Wv: g.Sum(c => c.Wv), W: g.Sum(c => c.W)))
            .ToList();
        var header = new FitsHeaderBuilder()
            .Set("EXTNAME", "HALPHA")
            .Set("PIXTYPE", "HEALPIX", "HEALPix map")
            .Set("ORDERING", "NESTED")
            .Set("INDXSCHM", "EXPLICIT", "cells listed in column pixel")
            .Set("OBJECT", "PARTIAL")
            .Set("NSIDE", 1L << Order)
            .Set("COORDSYS", "C", "ICRS")
            .Set("BUNIT", FluxUnit);
        return DemoCubes.Write(w =>
        {
            w.WriteEmptyPrimary();
            w.WriteBinTable(
            [
                FitsTableColumn.Int64("pixel", [.. merged.Select(c => c.Cell)]),
                FitsTableColumn.Float64("value", [.. merged.Select(c => c.Wv / c.W)], FluxUnit),
                FitsTableColumn.Float32("ivar", [.. merged.Select(c => (float)c.W)]),
            ], header);
        });
    }

    /// <summary>
    /// Synthetic Hα surface brightness and LSR velocity: a bright core on the Trapezium, a bar to its
    /// south-east, a fainter extended halo and background; velocities with a gradient and a core bump.
    /// </summary>
    private static (double Flux, double Velocity) Model(double ra, double dec)
    {
        var x = (ra - 83.8221) * Math.Cos(dec * Math.PI / 180); // degrees east of the Trapezium
        var y = dec + 5.3911;                                    // degrees north
        var core = Math.Exp(-((x * x) + (y * y)) / (2 * 0.06 * 0.06));
        var along = (x * 0.866) - (y * 0.5);
        var across = (x * 0.5) + (y * 0.866) + 0.06;
        var bar = Math.Exp(-(across * across) / (2 * 0.015 * 0.015)) * Math.Exp(-(along * along) / (2 * 0.08 * 0.08));
        var hx = x + 0.15;
        var hy = y - 0.2;
        var halo = Math.Exp(-((hx * hx) + (hy * hy)) / (2 * 0.15 * 0.15));
        var flux = (80 * core) + (25 * bar) + (6 * halo) + 2;
        var velocity = 25 + (30 * x) - (20 * y) + (5 * core);
        return (flux, velocity);
    }
}

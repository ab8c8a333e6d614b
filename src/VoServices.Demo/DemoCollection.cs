namespace VoServices.Demo;

/// <summary>
/// The small, deterministic demo collection `vo demo-data` writes (about 5 MB): HI velocity cubes,
/// OH frequency cubes, a 4-D Stokes cube, a Galactic-plane cube, an LVM-style RSS file and a HiPS — and
/// (about 7 MB more) LVM-like fibre measurements and their HEALPix table, the inputs of <see cref="HipsBuilds"/>.
/// Real targets at their real positions, synthetic data from fixed seeds, fixed DATE cards: every
/// run writes byte-identical files. Each product's header choices are explained where it is made.
/// </summary>
public static class DemoCollection
{
    private static readonly DemoCubes.HiGalaxy[] Galaxies =
    [
        // WLM: a Local Group dwarf at RA 0.49°. The single-dish field (GBT-like, 105" pixels, 9.1' beam)
        // is 1.9° wide, so the cube straddles RA = 0 — footprints must not wrap the wrong way.
        new("hi/WLM_HI.fits", "WLM", 0.49233, -15.46083, -122000.0, 174.0, 74.0, 38000.0, 600.0,
            "GBT", "VEGAS", 105.0, 546.0, 5000.0, "2017-09-12T03:14:00.0", 7200.0, 1),
        // NGC 2403: an interferometric (VLA C-array) cube, the ordinary case.
        new("hi/NGC2403_HI.fits", "NGC 2403", 114.21417, 65.60256, 133000.0, 124.0, 63.0, 130000.0, 360.0,
            "VLA", "VLA", 15.0, 45.0, 5200.0, "2003-12-10T06:40:00.0", 25200.0, 2),
        // NGC 3172 ('Polarissima Borealis'), 0.9° from the north celestial pole: an Effelsberg-like
        // map with 3.25' pixels (3.5° field) contains the pole. Systemic velocity approximate.
        new("hi/NGC3172_HI.fits", "NGC 3172", 176.79667, 89.09333, 5960000.0, 45.0, 50.0, 150000.0, 900.0,
            "EFFELSBERG", "EBHIS-7BEAM", 195.0, 648.0, 10000.0, "2011-02-03T22:00:00.0", 3600.0, 3),
    ];

    private static readonly DemoCubes.LineSource[] LineSources =
    [
        // W3(OH): OH 1665 MHz masers, positive channel width.
        new("oh/W3OH_OH1665.fits", "W3(OH)", 36.76579, 61.87394, 1.6654018E9, "OH 1665 MHz", -45000.0, 2441.40625,
            4.0, 12.0, "1998-07-22T12:00:00.0", 43200.0, 4),
        // U Ori: OH 1612 MHz from a Mira's envelope; channels run downwards in frequency (negative CDELT3),
        // as many correlators deliver them.
        new("oh/UOri_OH1612.fits", "U Ori", 88.95488, 20.17519, 1.612231E9, "OH 1612 MHz", -38000.0, -1220.703125,
            4.0, 12.0, "1999-01-15T20:00:00.0", 43200.0, 5),
    ];

    /// <summary>The products <see cref="WriteAsync"/> writes, in order.</summary>
    public static IReadOnlyList<DemoProduct> Products { get; } =
    [
        .. Galaxies.Select(g => new DemoProduct("cubes/" + g.FileName, DemoProductKind.VelocityCube, $"{g.Object} HI, {g.Telescope}, RA---SIN/DEC--SIN/VELO-LSR, float32")),
        .. LineSources.Select(s => new DemoProduct("cubes/" + s.FileName, DemoProductKind.FrequencyCube, $"{s.Object} {s.Line}, WSRT, RA---NCP/DEC--NCP/FREQ, int16 with BSCALE/BZERO/BLANK")),
        new DemoProduct("cubes/continuum/3C286_IQUV.fits", DemoProductKind.StokesCube, "3C 286 at 1.3–1.5 GHz, VLA, RA---TAN/DEC--TAN/FREQ/STOKES (I,Q,U,V)"),
        new DemoProduct("cubes/galactic/W51_13CO.fits", DemoProductKind.GalacticCube, "W51 13CO(1-0), FCRAO, GLON-CAR/GLAT-CAR/VRAD"),
        new DemoProduct("rss/lvmCFrame-00012345.fits", DemoProductKind.RowStackedSpectra, "Lagoon Nebula, LVM-160, 61 science + 6 sky fibres × 2000 wavelengths"),
        new DemoProduct("hips-demo", DemoProductKind.Hips, "synthetic HI column-density HiPS, order 3, 5 FITS tiles, MOC"),
    ];

    /// <summary>The HiPS inputs <see cref="WriteAsync"/> also writes: FITS tables, which ingest skips.</summary>
    public static IReadOnlyList<DemoInput> Inputs { get; } =
    [
        new DemoInput(DemoLvm.Fibres, "Orion Nebula, LVM-like: 2 hexagonal fields × 1801 fibres (35.3″), Hα flux + ivar, velocity + ivar"),
        new DemoInput(DemoLvm.HealpixTable, "their Hα flux as a partial HEALPix table, order 16 NESTED (pixel, value, ivar)"),
    ];

    /// <summary>The HiPS made of <see cref="Inputs"/> (`vo demo-data DIR --hips`, which `./vo demo` runs): products once built.</summary>
    public static IReadOnlyList<DemoHipsBuild> HipsBuilds { get; } =
    [
        new DemoHipsBuild(DemoLvm.HealpixTable, "lvm/hips-halpha", "value", "ivar", DemoLvm.Order, null,
            "ivo://voservices.example/P/demo/lvm-orion-halpha", "VoServices demo: LVM-like Orion H alpha flux"),
        new DemoHipsBuild(DemoLvm.Fibres, "lvm/hips-velocity", "vel", "vel_ivar", DemoLvm.Order, DemoLvm.FibreRadiusArcsec,
            "ivo://voservices.example/P/demo/lvm-orion-velocity", "VoServices demo: LVM-like Orion H alpha velocity"),
    ];

    /// <summary>Writes the demo collection below <paramref name="directory"/> (created if needed; files are overwritten).</summary>
    public static async Task<IReadOnlyList<DemoProduct>> WriteAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = new List<(string Path, Func<byte[]> Make)>();
        files.AddRange(Galaxies.Select(g => ("cubes/" + g.FileName, (Func<byte[]>)(() => DemoCubes.VelocityCube(g)))));
        files.AddRange(LineSources.Select(s => ("cubes/" + s.FileName, (Func<byte[]>)(() => DemoCubes.FrequencyCube(s)))));
        files.Add(("cubes/continuum/3C286_IQUV.fits", DemoCubes.StokesCube));
        files.Add(("cubes/galactic/W51_13CO.fits", DemoCubes.GalacticCube));
        files.Add(("rss/lvmCFrame-00012345.fits", DemoRss.Write));
        files.Add((DemoLvm.Fibres, DemoLvm.FibreTable));
        files.Add((DemoLvm.HealpixTable, DemoLvm.FluxHealpixTable));
        foreach (var (path, content) in DemoHips.Files())
        {
            files.Add(("hips-demo/" + path, () => content));
        }

        foreach (var (relative, make) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteFileAsync(directory, relative, make(), cancellationToken).ConfigureAwait(false);
        }

        return Products;
    }

    /// <summary>
    /// Writes the bad-input files (truncated, not FITS, all-NaN, unknown CTYPE, no WCS) below
    /// <paramref name="directory"/> for ingest tests. Never part of the demo collection.
    /// </summary>
    public static IReadOnlyList<BadInput> WriteBadInputs(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var result = new List<BadInput>();
        foreach (var (input, content) in DemoBadInputs.Files())
        {
            var path = Path.Combine(directory, input.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
            result.Add(input);
        }

        return result;
    }

    private static async Task WriteFileAsync(string root, string relative, byte[] content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, cancellationToken).ConfigureAwait(false);
    }
}

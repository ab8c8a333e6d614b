using System.Text.Json;
using VoServices.Cubes;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Soda;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Cubes;

/// <summary>
/// Moment maps against spectral-cube (Debian python3-spectral-cube): ascending and descending FREQ axes, VRAD and
/// VOPT axes, an int16 cube with BSCALE/BZERO/BLANK, a Stokes cube, NaN voxels, a velocity range — values to 1e-5,
/// units as astropy reads them, the beam carried over (spectral_cube_moments.py).
/// </summary>
public sealed class CubeMomentReferenceTests : IDisposable
{
    private const string RestFrequency = "230538000000";
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Cubes", "spectral_cube_moments.py");
    private readonly string _dir = Directory.CreateTempSubdirectory("vo-moments-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("freq-up", "radio")]
    [InlineData("freq-down", "radio")]
    [InlineData("freq-up", "optical")]
    [InlineData("vrad-down", "radio")]
    [InlineData("vopt", "optical")]
    [InlineData("int16", "radio")]
    [InlineData("stokes", "radio")]
    public async Task Moments_0_1_2_equal_spectral_cubes(string kind, string veldef)
    {
        var cube = await MakeAsync(kind);
        var ours = await MomentsAsync(cube, ("MOMENT", "0"), ("MOMENT", "1"), ("MOMENT", "2"), ("VELDEF", veldef), ("RESTFRQ", RestFrequency));

        var result = await Python("compare", ours, cube, veldef, RestFrequency);

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.True(result.GetProperty("checked").EnumerateObject().Count() >= 3);
    }

    [Fact]
    public async Task A_velocity_range_selects_the_channels_spectral_cubes_slab_does()
    {
        var cube = await MakeAsync("freq-down");
        var ours = await MomentsAsync(cube, ("MOMENT", "0"), ("MOMENT", "1"), ("VLOW", "0"), ("VHIGH", "30"), ("RESTFRQ", RestFrequency));

        var result = await Python("compare", ours, cube, "radio", RestFrequency, "0", "30");

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Sigma_and_fwhm_follow_the_second_moment_and_peak_velocity_lies_in_the_range()
    {
        using var cube = CubeFile.Open(await MakeAsync("freq-up"), "I");
        var maps = CubeMoments.Compute(cube, Request(("MOMENT", "2"), ("MOMENT", "sigma"), ("MOMENT", "fwhm"), ("MOMENT", "vpeak"), ("RESTFRQ", RestFrequency)), CancellationToken.None)!;

        var (m2, sigma, fwhm, vpeak) = (maps.Maps[0].Map, maps.Maps[1].Map, maps.Maps[2].Map, maps.Maps[3].Map);
        for (var i = 0; i < m2.Length; i++)
        {
            if (m2[i] >= 0)
            {
                Assert.Equal(Math.Sqrt(m2[i]), sigma[i], 9);
                Assert.Equal(Math.Sqrt(8 * Math.Log(2)) * sigma[i], fwhm[i], 9);
            }

            Assert.InRange(vpeak[i], maps.Axis.Velocity.Min(), maps.Axis.Velocity.Max());
        }
    }

    [Fact]
    public async Task A_range_outside_the_cube_gives_no_maps()
    {
        using var cube = CubeFile.Open(await MakeAsync("freq-up"), "I");

        Assert.Null(CubeMoments.Compute(cube, Request(("VLOW", "5000"), ("VHIGH", "6000"), ("RESTFRQ", RestFrequency)), CancellationToken.None));
    }

    [Fact]
    public async Task A_clip_above_every_voxel_gives_all_nan_maps_not_an_error()
    {
        using var cube = CubeFile.Open(await MakeAsync("freq-up"), "I");

        var maps = CubeMoments.Compute(cube, Request(("MOMENT", "0"), ("MOMENT", "1"), ("CLIP", "1000")), CancellationToken.None)!;

        Assert.All(maps.Maps, m => Assert.True(m.Map.All(double.IsNaN)));
    }

    [Fact]
    public async Task A_clip_in_sigma_masks_as_spectral_cube_does_with_the_mad_noise_of_the_line_free_channels()
    {
        var cube = await MakeAsync("freq-down");
        var ours = await MomentsAsync(cube, ("MOMENT", "0"), ("MOMENT", "1"), ("VLOW", "-10"), ("VHIGH", "40"), ("CLIP", "3sigma"), ("RESTFRQ", RestFrequency));

        var result = await Python("compare", ours, cube, "radio", RestFrequency, "-10", "40");

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.True(result.GetProperty("checked").TryGetProperty("noise", out _));
        var header = FitsReader.ReadHdus(ours)[0].Header;
        Assert.Equal("line-free", header.GetString("NOISECH"));
        Assert.InRange(header.GetDouble("NOISE")!.Value, 0.008, 0.015); // the cube's noise is 0.01 Jy/beam; the line's wings reach past the range
    }

    [Fact]
    public async Task A_clip_in_sigma_over_every_channel_takes_the_noise_from_all_of_them()
    {
        var cube = await MakeAsync("int16");
        var ours = await MomentsAsync(cube, ("MOMENT", "0"), ("MOMENT", "2"), ("CLIP", "2.5 sigma"), ("RESTFRQ", RestFrequency));

        var result = await Python("compare", ours, cube, "radio", RestFrequency);

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.Equal("all", FitsReader.ReadHdus(ours)[0].Header.GetString("NOISECH"));
    }

    [Theory]
    [InlineData("CIRCLE", "150.0 2.0 0.002")]
    [InlineData("POLYGON", "149.998 1.997 150.003 1.998 150.001 2.004")]
    [InlineData("POS", "RANGE 149.997 150.001 2.0 2.003")]
    public async Task A_region_maps_the_pixel_box_its_soda_cutout_keeps_with_the_wcs_moved(string parameter, string value)
    {
        var cube = await MakeAsync("freq-up");
        var ours = await MomentsAsync(cube, ("MOMENT", "0"), ("MOMENT", "1"), (parameter, value), ("RESTFRQ", RestFrequency));

        var result = await Python("compare", ours, cube, "radio", RestFrequency);

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        var hdu = FitsReader.ReadHdus(ours)[0];
        Assert.InRange(hdu.Axes[0] * hdu.Axes[1], 4, (24 * 20) - 1);
        var cutout = await SodaCutoutBoxAsync(cube, parameter, value);
        Assert.Equal(cutout, ((int)hdu.Header.GetLong("SUBX1")!.Value, (int)hdu.Header.GetLong("SUBY1")!.Value, (int)hdu.Axes[0], (int)hdu.Axes[1]));
    }

    [Fact]
    public async Task A_region_off_the_cube_gives_no_maps()
    {
        using var cube = CubeFile.Open(await MakeAsync("freq-up"), "I");

        Assert.Null(CubeMoments.Compute(cube, Request(("CIRCLE", "10 -40 0.01")), CancellationToken.None));
    }

    [Fact]
    public async Task Maps_beyond_the_working_memory_are_413_naming_the_way_out_and_a_region_makes_them_fit()
    {
        var path = Path.Combine(_dir, "sparse.fits");
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "sparse", path]);
        Assert.True(exit == 0, output);
        using var cube = CubeFile.Open(path, "I");

        var error = Assert.Throws<DaliException>(() => CubeMoments.Compute(cube, Request(("MOMENT", "0"), ("MOMENT", "1"), ("MOMENT", "2")), CancellationToken.None));
        var maps = CubeMoments.Compute(cube, Request(("MOMENT", "0"), ("MOMENT", "1"), ("MOMENT", "2"), ("CIRCLE", "150 2 0.01")), CancellationToken.None)!;

        Assert.Equal(DaliErrorKind.TooLarge, error.Kind);
        Assert.Contains("CIRCLE, POLYGON or POS", error.Message, StringComparison.Ordinal);
        Assert.InRange(maps.Width, 190, 210);
        Assert.All(maps.Maps[0].Map, v => Assert.Equal(0, v)); // the sparse file's zeros
    }

    // The pixel box (1-based first column and row, size) SODA's cutout of the same region keeps.
    private async Task<(int, int, int, int)> SodaCutoutBoxAsync(string cubePath, string parameter, string value)
    {
        var request = SodaRequest.From(new DaliParameters([KeyValuePair.Create("ID", "ivo://test/cube"), KeyValuePair.Create(parameter, value)]));
        var outcome = await SodaCutoutPlanner.PlanAsync(cubePath, request, CancellationToken.None);
        var path = Path.Combine(_dir, "cutout-" + Guid.NewGuid().ToString("N")[..6] + ".fits");
        await using (var file = File.Create(path))
        {
            await outcome.Plan!.WriteAsync(file, CancellationToken.None);
        }

        var header = FitsReader.ReadHdus(path)[0].Header;
        var source = FitsReader.ReadHdus(cubePath)[0].Header;
        var x1 = (int)Math.Round(source.GetDouble("CRPIX1")!.Value - header.GetDouble("CRPIX1")!.Value) + 1;
        var y1 = (int)Math.Round(source.GetDouble("CRPIX2")!.Value - header.GetDouble("CRPIX2")!.Value) + 1;
        return (x1, y1, (int)header.GetLong("NAXIS1")!.Value, (int)header.GetLong("NAXIS2")!.Value);
    }

    private static MomentRequest Request(params (string Name, string Value)[] parameters) =>
        MomentRequest.From(new DaliParameters(parameters.Prepend(("ID", "ivo://test/cube")).Select(p => KeyValuePair.Create(p.Item1, p.Item2))));

    private async Task<string> MakeAsync(string kind)
    {
        var path = Path.Combine(_dir, kind + ".fits");
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "make", path, kind]);
        Assert.True(exit == 0, $"spectral_cube_moments.py make {kind}: {output}");
        return path;
    }

    private async Task<string> MomentsAsync(string cubePath, params (string Name, string Value)[] parameters)
    {
        var request = Request(parameters);
        using var cube = CubeFile.Open(cubePath, request.Pol);
        var maps = CubeMoments.Compute(cube, request, CancellationToken.None)!;
        var path = Path.Combine(_dir, Path.GetFileNameWithoutExtension(cubePath) + "-" + Guid.NewGuid().ToString("N")[..6] + "-moments.fits");
        await using var file = File.Create(path);
        await MomentFits.WriteAsync(maps, cube, request, file, CancellationToken.None);
        return path;
    }

    private static async Task<JsonElement> Python(string mode, params string[] args)
    {
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, mode, .. args]);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"spectral_cube_moments.py {mode} gave no result (exit {exit}): {output}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}

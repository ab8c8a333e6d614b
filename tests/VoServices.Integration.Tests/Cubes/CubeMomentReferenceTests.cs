using System.Text.Json;
using VoServices.Cubes;
using VoServices.Dali;
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

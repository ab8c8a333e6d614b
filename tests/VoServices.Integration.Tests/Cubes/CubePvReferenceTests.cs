using System.Text.Json;
using VoServices.Cubes;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Cubes;

/// <summary>
/// PV slices against a reference made in Python (pv_reference.py): great-circle samples from astropy's own spherical
/// offsets, astropy's WCS, scipy's map_coordinates(order=1) on each channel, nanmean across the path — values to
/// 1e-5, the OFFSET and spectral axes and the POSITIONS table as astropy reads them. Cubic against Keys' convolution
/// computed in numpy at the POSITIONS table's pixels, with its fallback to linear at the edges and around NaN.
/// </summary>
public sealed class CubePvReferenceTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Cubes", "pv_reference.py");
    private readonly string _dir = Directory.CreateTempSubdirectory("vo-pv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_fixed_ra_slice_pa_0_through_a_position_equals_map_coordinates()
    {
        var result = await CompareAsync("radec", """{"center": [150.01, 60.02], "length": 0.2, "pa": 0}""",
            ("CENTER", "150.01 60.02"), ("LENGTH", "0.2"), ("PA", "0"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.True(result.GetProperty("points").GetInt32() > 150);
    }

    [Fact]
    public async Task A_fixed_dec_slice_pa_90_equals_map_coordinates()
    {
        var result = await CompareAsync("radec", """{"center": [149.98, 59.99], "length": 0.3, "pa": 90}""",
            ("CENTER", "149.98 59.99"), ("LENGTH", "0.3"), ("PA", "90"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task An_oblique_slice_averaged_over_a_width_counted_from_its_start_equals_nanmean_of_map_coordinates()
    {
        var result = await CompareAsync("radec", """{"center": [150.0, 60.0], "length": 0.25, "pa": 135, "width": 0.005, "spacing": 0.0015, "origin": "start"}""",
            ("CENTER", "150 60"), ("LENGTH", "0.25"), ("PA", "135"), ("WIDTH", "0.005"), ("SPACING", "0.0015"), ("ORIGIN", "start"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task A_polyline_entering_the_cube_from_outside_is_nan_off_the_cube_and_equal_inside()
    {
        var result = await CompareAsync("radec", """{"path": [150.5, 60.05, 150.0, 60.0, 149.9, 60.1, 149.95, 59.9], "spacing": 0.002}""",
            ("PATH", "150.5 60.05 150.0 60.0 149.9 60.1 149.95 59.9"), ("SPACING", "0.002"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.True(result.GetProperty("checked").GetProperty("values").GetProperty("nan").GetInt32() > 0);
    }

    [Fact]
    public async Task A_galactic_cube_is_sliced_along_a_path_in_its_own_frame_and_its_table_gives_glon_glat()
    {
        var result = await CompareAsync("galactic", """{"path": [49.7, -0.2, 49.3, 0.1], "width": 0.02, "frame": "native"}""",
            ("PATH", "49.7 -0.2 49.3 0.1"), ("WIDTH", "0.02"), ("FRAME", "native"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task An_icrs_slice_of_a_galactic_cube_follows_the_icrs_position_angle()
    {
        var result = await CompareAsync("galactic", """{"center": [290.54, 14.72], "length": 0.4, "pa": 20}""",
            ("CENTER", "290.54 14.72"), ("LENGTH", "0.4"), ("PA", "20"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task A_velocity_range_keeps_its_channels_and_shifts_the_spectral_axis()
    {
        var result = await CompareAsync("radec", """{"center": [150.0, 60.0], "length": 0.1, "pa": 30, "vlow": 78, "vhigh": 132}""",
            ("CENTER", "150 60"), ("LENGTH", "0.1"), ("PA", "30"), ("VLOW", "78"), ("VHIGH", "132"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(11, result.GetProperty("channels").GetInt32());
    }

    [Fact]
    public async Task The_q_plane_of_a_stokes_cube_is_sliced_when_pol_asks_for_it()
    {
        var result = await CompareAsync("stokes", """{"center": [202.78, 30.5], "length": 0.08, "pa": 60, "pol": 1}""",
            ("CENTER", "202.78 30.5"), ("LENGTH", "0.08"), ("PA", "60"), ("POL", "Q"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Nearest_interpolation_equals_map_coordinates_order_0()
    {
        var result = await CompareAsync("radec", """{"center": [150.003, 60.001], "length": 0.1, "pa": 70, "order": 0}""",
            ("CENTER", "150.003 60.001"), ("LENGTH", "0.1"), ("PA", "70"), ("INTERP", "nearest"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Cubic_interpolation_equals_keys_convolution_in_numpy_and_falls_back_to_linear_at_the_edge()
    {
        var result = await CompareAsync("radec", """{"path": [150.5, 60.05, 150.0, 60.0, 149.9, 60.1, 149.95, 59.9], "spacing": 0.0004, "order": 3}""",
            ("PATH", "150.5 60.05 150.0 60.0 149.9 60.1 149.95 59.9"), ("SPACING", "0.0004"), ("INTERP", "cubic"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        var values = result.GetProperty("checked").GetProperty("values");
        Assert.True(values.GetProperty("nan").GetInt32() > 0);
        Assert.True(result.GetProperty("checked").GetProperty("fallback").GetInt32() > 0);
    }

    [Fact]
    public async Task Cubic_interpolation_beside_nan_pixels_falls_back_to_linear_as_numpy_does()
    {
        var result = await CompareAsync("holes", """{"center": [150.0, 60.0], "length": 0.28, "pa": 63, "order": 3}""",
            ("CENTER", "150 60"), ("LENGTH", "0.28"), ("PA", "63"), ("INTERP", "cubic"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.True(result.GetProperty("checked").GetProperty("fallback").GetInt32() > 0);
        Assert.True(result.GetProperty("checked").GetProperty("values").GetProperty("nan").GetInt32() > 0);
    }

    [Fact]
    public void Keys_kernel_is_one_at_zero_zero_at_the_other_integers_and_its_weights_reproduce_a_quadratic()
    {
        Assert.Equal(1, PvSlices.Keys(0));
        Assert.All(new[] { -2.0, -1, 1, 2, 2.5, -3 }, s => Assert.Equal(0, PvSlices.Keys(s)));
        Assert.Equal(-0.0625, PvSlices.Keys(1.5), 15);
        static double F(double x) => 3 - (2 * x) + (0.7 * x * x);
        foreach (var t in new[] { 0.0, 0.1, 0.25, 0.5, 0.9 })
        {
            var taps = new[] { -1, 0, 1, 2 };
            Assert.Equal(1, taps.Sum(i => PvSlices.Keys(i - t)), 14);
            Assert.Equal(F(t), taps.Sum(i => PvSlices.Keys(i - t) * F(i)), 12);
        }
    }

    [Fact]
    public async Task A_cubic_slice_of_a_quadratic_ramp_reproduces_it_exactly_inside_the_cube_across_band_edges()
    {
        const int nx = 40, ny = 30, nz = 3;
        static double F(double x, double y, int k) => (0.01 * x * x) + (0.5 * y) + (0.02 * x * y) - (0.004 * y * y) + k;
        var data = new float[nx * ny * nz];
        for (var k = 0; k < nz; k++)
        {
            for (var y = 0; y < ny; y++)
            {
                for (var x = 0; x < nx; x++)
                {
                    data[(((k * ny) + y) * nx) + x] = (float)F(x, y, k);
                }
            }
        }

        var path = Path.Combine(_dir, "ramp.fits");
        var header = new FitsHeaderBuilder()
            .Set("CTYPE1", "RA---TAN").Set("CRVAL1", 150.0).Set("CRPIX1", 20.5).Set("CDELT1", -0.001).Set("CUNIT1", "deg")
            .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", 60.0).Set("CRPIX2", 15.5).Set("CDELT2", 0.001).Set("CUNIT2", "deg")
            .Set("CTYPE3", "VRAD").Set("CRVAL3", 0.0).Set("CRPIX3", 1.0).Set("CDELT3", 1000.0).Set("CUNIT3", "m/s");
        await using (var file = File.Create(path))
        {
            using var writer = new FitsWriter(file);
            writer.WriteImage<float>([nx, ny, nz], data, header);
        }

        using var cube = CubeFile.Open(path, "I");
        var request = Request(("CENTER", "150.001 60.0007"), ("LENGTH", "0.03"), ("PA", "35"), ("SPACING", "0.00017"), ("INTERP", "cubic"));
        var cubic = PvSlices.Compute(cube, request, bandPixels: nx * 5, CancellationToken.None)!;
        var linear = PvSlices.Compute(cube, request with { Interpolation = PvInterpolation.Linear }, bandPixels: nx * 5, CancellationToken.None)!;

        var inside = Enumerable.Range(0, cubic.Points).Where(j => cubic.PixelX[j] - 1 is >= 1 and <= nx - 3 && cubic.PixelY[j] - 1 is >= 1 and <= ny - 3).ToList();
        Assert.True(inside.Count > 50, $"{inside.Count} samples inside");
        var linearError = 0.0;
        for (var k = 0; k < nz; k++)
        {
            foreach (var j in inside)
            {
                var expected = F(cubic.PixelX[j] - 1, cubic.PixelY[j] - 1, k);
                // float32 voxels and output: 1e-6 relative.
                Assert.True(Math.Abs(cubic.Data[(k * cubic.Points) + j] - expected) <= 1e-6 * Math.Abs(expected), $"{cubic.Data[(k * cubic.Points) + j]} at sample {j} is not {expected}");
                linearError = Math.Max(linearError, Math.Abs(linear.Data[(k * cubic.Points) + j] - expected));
            }
        }

        // Bilinear cannot follow the curvature: cubic's agreement is its own, not the ramp being linear.
        Assert.True(linearError > 1e-3, $"linear error {linearError}");
        Assert.Equal(cubic.Data, PvSlices.Compute(cube, request, CancellationToken.None)!.Data);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("nearest")]
    [InlineData("cubic")]
    public async Task Reading_the_rows_in_small_bands_gives_the_same_slice_as_one_read(string interpolation)
    {
        using var cube = CubeFile.Open(await MakeAsync("radec"), "I");
        var request = Request(("PATH", "150.1 60.1 149.9 59.92 150.05 59.95"), ("WIDTH", "0.004"), ("INTERP", interpolation));

        var whole = PvSlices.Compute(cube, request, CancellationToken.None)!;
        var banded = PvSlices.Compute(cube, request, bandPixels: 300 * 7, CancellationToken.None)!;

        Assert.Equal(whole.Data, banded.Data);
        Assert.Contains(whole.Data, float.IsFinite);
    }

    [Fact]
    public async Task A_path_entirely_off_the_cube_gives_no_slice()
    {
        using var cube = CubeFile.Open(await MakeAsync("radec"), "I");

        Assert.Null(PvSlices.Compute(cube, Request(("PATH", "160 50 161 50")), CancellationToken.None));
    }

    [Fact]
    public void Offsets_from_the_centre_are_symmetric_and_include_zero()
    {
        var offsets = PvSlices.Offsets(1.0, 0.3, fromCenter: true);

        Assert.Equal([-0.3, 0, 0.3], offsets.Select(o => Math.Round(o, 12)));
        Assert.Equal([0, 0.25, 0.5, 0.75, 1.0], PvSlices.Offsets(1.0, 0.25, fromCenter: false).Select(o => Math.Round(o, 12)));
    }

    private static PvRequest Request(params (string Name, string Value)[] parameters) =>
        PvRequest.From(new DaliParameters(parameters.Prepend(("ID", "ivo://test/cube")).Select(p => KeyValuePair.Create(p.Item1, p.Item2))));

    private async Task<JsonElement> CompareAsync(string kind, string spec, params (string Name, string Value)[] parameters)
    {
        var cubePath = await MakeAsync(kind);
        var request = Request(parameters);
        using var cube = CubeFile.Open(cubePath, request.Pol);
        var slice = PvSlices.Compute(cube, request, CancellationToken.None);
        Assert.NotNull(slice);
        var ours = Path.Combine(_dir, kind + "-" + Guid.NewGuid().ToString("N")[..6] + "-pv.fits");
        await using (var file = File.Create(ours))
        {
            await PvFits.WriteAsync(slice, cube, request, file, CancellationToken.None);
        }

        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "compare", ours, cubePath, spec]);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"pv_reference.py compare gave no result (exit {exit}): {output}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private async Task<string> MakeAsync(string kind)
    {
        var path = Path.Combine(_dir, kind + ".fits");
        if (!File.Exists(path))
        {
            var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "make", path, kind]);
            Assert.True(exit == 0, $"pv_reference.py make {kind}: {output}");
        }

        return path;
    }
}

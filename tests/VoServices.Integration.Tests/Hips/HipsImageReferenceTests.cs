using System.Text.Json;
using VoServices.Cli;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Hips;

/// <summary>
/// `vo hips build --image` against independent references: healpy for the cells and their centres, astropy.wcs
/// for world → pixel, numpy for the bilinear interpolation (healpy_images.py), and CDS's hipsgen building the same
/// image (its tiles, and its LINT of ours). Needs python3-healpy and aladin (`./vo test` installs both).
/// </summary>
public sealed class HipsImageReferenceTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Hips", "healpy_images.py");
    private readonly string _dir = Directory.CreateTempSubdirectory("hips-image-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("tan")]
    [InlineData("sin")]
    [InlineData("cd")]
    [InlineData("sin-pc")]
    [InlineData("crota")]
    [InlineData("galactic")]
    [InlineData("int")]
    public async Task Every_cell_holds_the_bilinear_value_of_the_image_at_its_centre_through_the_image_wcs(string kind)
    {
        var image = await Make(kind);
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(hips, image));

        var check = await Python("check", hips, image);
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Equal(13, check.GetProperty("order").GetInt32()); // 14.4″ pixels: order-13 cells are 25.8″, order 14's 12.9″
        Assert.True(check.GetProperty("cells").GetInt32() > 3000);
    }

    [Theory]
    [InlineData("pole", "64", 13)]
    [InlineData("allsky-car", "16", 5)] // 1° pixels: order-5 cells are 1.83°
    [InlineData("allsky-ait", "16", 6)] // the pixel grid's corners lie off the AIT ellipse
    public async Task Images_on_the_pole_and_over_the_whole_sky_are_sampled_wherever_they_reach(string kind, string tileWidth, int order)
    {
        var image = await Make(kind);
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await HipsCommand.RunAsync(["build", "--image", image, "--out", hips, "--tile-width", tileWidth], CancellationToken.None));

        var check = await Python("check", hips, image);
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Equal(order, check.GetProperty("order").GetInt32());
        Assert.True(check.GetProperty("cells").GetInt32() > 9000);
    }

    [Fact]
    public async Task A_cube_gives_its_moment_0_map_in_bunit_times_km_per_s()
    {
        var cube = await Make("cube");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(hips, cube));

        var check = await Python("check", hips, cube);
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Equal("Jy/beam.km/s", check.GetProperty("bunit").GetString());
        Assert.True(check.GetProperty("cells").GetInt32() > 2000);
    }

    [Fact]
    public async Task Frame_galactic_maps_an_fk5_image_onto_galactic_cells()
    {
        var image = await Make("sin");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(hips, image, "--frame", "galactic"));

        Assert.Contains("hips_frame           = galactic\n", await File.ReadAllTextAsync(Path.Combine(hips, "properties")));
        var check = await Python("check", hips, image);
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Overlapping_images_are_combined_by_the_mean_of_their_values()
    {
        var left = await Make("tan-left");
        var right = await Make("tan-right");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(hips, left, right));

        var check = await Python("check", hips, left, right);
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        // The check can fail: against the left image alone the overlap and the right image's cells differ.
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "check", hips, left]);
        Assert.Equal(1, exit);
        Assert.Contains("cells hold values where the reference has none", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tan")]
    [InlineData("cd")]
    [InlineData("sin-pc")]
    [InlineData("galactic")]
    public async Task Tiles_agree_with_hipsgen_tiles_of_the_same_image_and_hipsgen_lint_passes(string kind)
    {
        var image = await Make(kind);
        var ours = Path.Combine(_dir, "ours");
        var theirs = Path.Combine(_dir, "hipsgen");
        Assert.Equal(0, await Build(ours, image));
        // hipsgen's own default order is one finer (cells no larger than a pixel): give it ours.
        var (exit, log) = await External.RunAsync("aladin", ["-hipsgen", $"in={image}", $"out={theirs}", "creator_did=ivo://test/image", "hips_order=7", "hips_tile_width=64"]);
        Assert.True(exit == 0, log);

        var compare = await Python("compare", ours, theirs, image, "0.01");
        Assert.Empty(compare.GetProperty("errors").EnumerateArray());
        Assert.True(compare.GetProperty("inner").GetInt32() > 5000);
        var (_, lint) = await External.RunAsync("aladin", ["-hipsgen", $"out={ours}", "LINT"]);
        Assert.Contains(" is IVOA HiPS 1.0 compatible", lint, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", lint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vo_hips_build_image_prints_the_default_order_and_builds_at_it()
    {
        var image = await Make("tan");
        var vo = Path.Combine(AppContext.BaseDirectory, "vo.dll");
        var (exit, output) = await External.RunAsync("dotnet", [vo, "hips", "build", "--image", image, "--out", Path.Combine(_dir, "hips"), "--tile-width", "64"]);
        Assert.True(exit == 0, output);
        Assert.Contains("tan.fits: 240 × 180 pixels of 14.4″; default order 13", output, StringComparison.Ordinal);
        Assert.Contains("order 13 (25.77″ cells), the finest with cells no smaller than the pixels", output, StringComparison.Ordinal);
        Assert.Contains("hips_order 7,", output, StringComparison.Ordinal);
        Assert.Contains("creator_did          = ivo://voservices.local/P/tan\n", await File.ReadAllTextAsync(Path.Combine(_dir, "hips", "properties")));
    }

    [Theory]
    [InlineData("--column", "--column VALUE", 2, "--column and --weight apply to tables")]
    [InlineData("--points", "--points --order 12 --radius 1arcsec", 2, "--image and --points exclude each other")]
    [InlineData("--order", "--order 30", 2, "--order 30 must be from 0 to 29")]
    [InlineData("--order", "--order 21", 2, "more than the limit of 268435456 (2^28); give a lower --order")]
    public async Task Bad_image_options_exit_2_naming_the_option_and_leave_nothing_behind(string option, string arguments, int status, string message)
    {
        var image = await Make("tan");
        var vo = Path.Combine(AppContext.BaseDirectory, "vo.dll");
        var output = Path.Combine(_dir, "out");
        var (exit, text) = await External.RunAsync("dotnet", [vo, "hips", "build", "--image", image, "--out", output, .. arguments.Split(' ')]);
        Assert.Equal(status, exit);
        Assert.Contains(option, text, StringComparison.Ordinal);
        Assert.Contains(message, text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    private static Task<int> Build(string output, params string[] more)
    {
        var images = more.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        return HipsCommand.RunAsync(["build", "--image", .. images, "--out", output, "--tile-width", "64", .. more.Skip(images.Length)], CancellationToken.None);
    }

    private async Task<string> Make(string kind)
    {
        var path = Path.Combine(_dir, kind + ".fits");
        await Python("make", kind, path);
        return path;
    }

    private static async Task<JsonElement> Python(string mode, params string[] args)
    {
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, mode, .. args]);
        Assert.True(exit == 0, $"healpy_images.py {mode} failed (needs python3-healpy): {output}");
        return JsonDocument.Parse(output.Split('\n').First(l => l.StartsWith('{'))).RootElement.Clone();
    }
}

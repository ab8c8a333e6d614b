using System.Text.Json;
using VoServices.Cli;
using VoServices.Fits;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Hips;

/// <summary>
/// `vo hips build` against independent references: healpy (pixel ↔ cell mapping, in-tile order, means),
/// CDS's hipsgen (its LINT, and the tiles it makes of the same map). Needs python3-healpy and aladin
/// (`./vo test` installs both).
/// </summary>
public sealed class HipsReferenceTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Hips", "healpy_hips.py");
    private readonly string _dir = Directory.CreateTempSubdirectory("hips-ref-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Partial_map_tiles_hold_the_inverse_variance_mean_of_each_cell_and_lower_orders_the_mean_of_their_children()
    {
        var input = await Python("partial", "map.fits");
        Assert.True(input.GetProperty("rows").GetInt32() > input.GetProperty("cells").GetInt32(), "the map must repeat cells");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "map.fits"), hips, "VALUE", "--weight", "IVAR"));

        var check = await Python("check", hips, Path.Combine(_dir, "map.fits"), "VALUE", "IVAR");
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.True(check.GetProperty("nonempty").GetInt32() > 1000);
        Assert.Equal(check.GetProperty("tiles").GetInt32() * 64 * 64, check.GetProperty("pixels").GetInt32());
    }

    [Fact]
    public async Task Full_sky_ring_map_is_converted_to_nested_and_keeps_its_galactic_frame()
    {
        await Python("ring", "ring.fits");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "ring.fits"), hips, "SIGNAL"));

        var check = await Python("check", hips, Path.Combine(_dir, "ring.fits"), "SIGNAL", "-");
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Equal(12, check.GetProperty("tiles").GetInt32());
        Assert.Contains("hips_frame           = galactic\n", await File.ReadAllTextAsync(Path.Combine(hips, "properties")));
    }

    [Fact]
    public async Task Reference_check_fails_on_a_tile_with_rows_and_columns_swapped()
    {
        // The check must be able to fail: transpose one tile at hips_order, as a builder with x and y swapped would.
        await Python("partial", "map.fits");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "map.fits"), hips, "VALUE", "--weight", "IVAR"));
        var tilePath = Directory.GetFiles(Path.Combine(hips, "Norder3"), "Npix*.fits", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        float[] pixels;
        using (var image = FitsImage.Open(tilePath, FitsReader.ReadHdus(tilePath)[0]))
        {
            pixels = image.ReadAllSingle();
        }

        var transposed = new float[pixels.Length];
        for (var r = 0; r < 64; r++)
        {
            for (var c = 0; c < 64; c++)
            {
                transposed[(c * 64) + r] = pixels[(r * 64) + c];
            }
        }

        Assert.NotEqual(pixels, transposed);
        using (var writer = new FitsWriter(File.Create(tilePath)))
        {
            writer.WriteImage<float>([64, 64], transposed);
        }

        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "check", hips, Path.Combine(_dir, "map.fits"), "VALUE", "IVAR"]);
        Assert.Equal(1, exit);
        Assert.Contains("!= ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hipsgen_lint_finds_the_built_hips_with_png_tiles_and_allsky_ivoa_hips_1_0_compatible()
    {
        await Python("partial", "map.fits");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "map.fits"), hips, "VALUE", "--weight", "IVAR", "--png"));

        var (_, output) = await External.RunAsync("aladin", ["-hipsgen", $"out={hips}", "LINT"]);
        Assert.Contains(" is IVOA HiPS 1.0 compatible", output, StringComparison.Ordinal);
        Assert.Contains("Allsky found [Norder3/Allsky.fits] ok", output, StringComparison.Ordinal);
        Assert.Contains("Allsky found [Norder3/Allsky.png] ok", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("median")]
    [InlineData("sum")]
    [InlineData("min")]
    [InlineData("max")]
    [InlineData("first")]
    public async Task Lower_orders_hold_the_chosen_aggregate_of_their_non_empty_children(string aggregate)
    {
        await Python("partial", "map.fits");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "map.fits"), hips, "VALUE", "--aggregate", aggregate));

        var check = await Python("check", hips, Path.Combine(_dir, "map.fits"), "VALUE", "-", aggregate);
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Contains($"hips_tile_aggregation = {aggregate}\n", await File.ReadAllTextAsync(Path.Combine(hips, "properties")));
    }

    [Fact]
    public async Task Median_combine_gives_each_cell_the_median_of_its_measurements()
    {
        await Python("partial", "map.fits");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "map.fits"), hips, "VALUE", "--weight", "IVAR", "--combine", "median"));

        // Rows of weight 0 are dropped before combining, so the reference uses the weights only to drop them.
        var check = await Python("check", hips, Path.Combine(_dir, "map.fits"), "VALUE", "IVAR", "mean", "median");
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Contains("hips_overlay         = median\n", await File.ReadAllTextAsync(Path.Combine(hips, "properties")));
    }

    [Fact]
    public async Task Png_tiles_are_the_fits_tiles_flipped_coloured_through_the_percentile_cut_and_transparent_where_empty()
    {
        await Python("partial", "map.fits");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "map.fits"), hips, "VALUE", "--weight", "IVAR", "--png", "--stretch", "asinh", "--cmap", "viridis"));

        var check = await Python("png", hips, "viridis", "asinh", "0.5%", "99.5%");
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Equal(22, check.GetProperty("files").GetInt32()); // 21 tiles and Allsky.png
    }

    [Fact]
    public async Task Png_tiles_have_the_orientation_and_transparency_of_hipsgen_png_tiles_made_from_our_fits_tiles()
    {
        await Python("partial", "map.fits");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "map.fits"), hips, "VALUE", "--png", "--cut", "0", "20"));
        var theirs = Path.Combine(_dir, "hipsgen");
        CopyFitsOnly(hips, theirs);
        var (exit, log) = await External.RunAsync("aladin", ["-hipsgen", $"out={theirs}", "PNG"]);
        Assert.True(exit == 0, log);

        var compare = await Python("compare-alpha", hips, theirs);
        Assert.Empty(compare.GetProperty("errors").EnumerateArray());
        Assert.Equal(8, compare.GetProperty("files").GetInt32()); // the 7 tiles at hips_order and Allsky.png
    }

    [Fact]
    public async Task Allsky_fits_is_the_grid_of_order_3_tiles_each_reduced_by_block_means()
    {
        // NSIDE 2048 with 256-pixel tiles: hips_order 3, each tile reduced 4 × 4 to 64 pixels.
        await Python("partial-2048", "fine.fits");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await HipsCommand.RunAsync(["build", Path.Combine(_dir, "fine.fits"), "--out", hips, "--column", "VALUE", "--tile-width", "256"], CancellationToken.None));

        var check = await Python("allsky", hips);
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Equal(64, check.GetProperty("sub").GetInt32());
        Assert.True(check.GetProperty("nonempty").GetInt32() > 1000);
    }

    [Fact]
    public async Task Several_columns_build_one_hips_each_under_the_output_directory()
    {
        await Python("partial", "map.fits");
        var parent = Path.Combine(_dir, "maps");
        Assert.Equal(0, await HipsCommand.RunAsync(["build", Path.Combine(_dir, "map.fits"), "--out", parent, "--column", "VALUE,IVAR", "--tile-width", "64"], CancellationToken.None));

        Assert.Equal(["IVAR", "VALUE"], Directory.GetDirectories(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("creator_did          = ivo://voservices.local/P/map/IVAR\n", await File.ReadAllTextAsync(Path.Combine(parent, "IVAR", "properties")));
        var check = await Python("check", Path.Combine(parent, "VALUE"), Path.Combine(_dir, "map.fits"), "VALUE", "-");
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
    }

    [Theory]
    [InlineData("--cmap", "--column VALUE --png --cmap rainbow", "--cmap 'rainbow' is not one of grey, viridis")]
    [InlineData("--cut", "--column VALUE --cut 1% high", "--cut 'high' is neither a number nor a percentile")]
    [InlineData("--cut", "--column VALUE --cut 5 5", "--cut 5 5: LOW 5 is not below HIGH 5")]
    [InlineData("--column", "--column VALUE,FLUX", "no column 'FLUX' (--column)")]
    [InlineData("--aggregate", "--column VALUE --aggregate mode", "--aggregate 'mode' is not mean")]
    [InlineData("--memory-limit", "--column VALUE --memory-limit 1MB", "--memory-limit '1MB' is not a size of at least 16MB")]
    [InlineData("--memory-limit", "--column VALUE --memory-limit 1.5GB", "--memory-limit '1.5GB' is not a size")]
    public async Task Bad_options_exit_2_naming_the_option_and_leave_nothing_behind(string option, string arguments, string message)
    {
        await Python("partial", "map.fits");
        var vo = Path.Combine(AppContext.BaseDirectory, "vo.dll");
        var output = Path.Combine(_dir, "out");
        var (exit, text) = await External.RunAsync("dotnet", [vo, "hips", "build", Path.Combine(_dir, "map.fits"), "--out", output, .. arguments.Split(' ')]);
        Assert.Equal(2, exit);
        Assert.Contains(option, text, StringComparison.Ordinal);
        Assert.Contains(message, text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.Equal(["map.fits"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Tiles_agree_with_hipsgen_maptiles_of_the_same_partial_map()
    {
        // Without repeated cells: hipsgen does not combine repeats, so only then must the tiles agree.
        await Python("partial-unique", "unique.fits");
        var input = Path.Combine(_dir, "unique.fits");
        var ours = Path.Combine(_dir, "ours");
        var theirs = Path.Combine(_dir, "hipsgen");
        Assert.Equal(0, await Build(input, ours, "VALUE"));
        var (exit, log) = await External.RunAsync("aladin", ["-hipsgen", $"in={input}", $"out={theirs}", "creator_did=ivo://test/unique", "MAPTILES"]);
        Assert.True(exit == 0, log);

        var compare = await Python("compare", ours, theirs);
        Assert.Empty(compare.GetProperty("errors").EnumerateArray());
        Assert.True(compare.GetProperty("pixels").GetInt32() > 1000);
    }

    [Fact]
    public async Task Nuniq_map_cells_are_expanded_to_the_deepest_order_present_and_tiles_hold_their_weighted_means()
    {
        var input = await Python("nuniq", "nuniq.fits");
        Assert.Equal([2, 3, 5, 6, 7, 8, 9], input.GetProperty("orders").EnumerateArray().Select(o => o.GetInt32()));
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "nuniq.fits"), hips, "VALUE", "--weight", "IVAR"));

        var check = await Python("check", hips, Path.Combine(_dir, "nuniq.fits"), "VALUE", "IVAR");
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.True(check.GetProperty("nonempty").GetInt32() > 20_000); // the order-2 cell alone is 16384 order-9 cells
        var properties = await File.ReadAllTextAsync(Path.Combine(hips, "properties"));
        Assert.Contains("hips_order           = 3\n", properties); // order 9, tiles of 64
        Assert.Contains("hips_bunit           = MJy/sr\n", properties);
    }

    [Fact]
    public async Task Nuniq_map_is_expanded_to_the_order_given_and_the_check_fails_at_another()
    {
        await Python("nuniq", "nuniq.fits");
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(Path.Combine(_dir, "nuniq.fits"), hips, "VALUE", "--order", "10"));

        var check = await Python("check", hips, Path.Combine(_dir, "nuniq.fits"), "VALUE", "-", "mean", "mean", "10");
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "check", hips, Path.Combine(_dir, "nuniq.fits"), "VALUE", "-", "mean", "mean", "9"]);
        Assert.Equal(1, exit);
        Assert.Contains("is not the map order 9", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nuniq_map_order_coarser_than_its_deepest_cells_exits_2_naming_the_option()
    {
        await Python("nuniq", "nuniq.fits");
        var vo = Path.Combine(AppContext.BaseDirectory, "vo.dll");
        var (exit, output) = await External.RunAsync("dotnet", [vo, "hips", "build", Path.Combine(_dir, "nuniq.fits"), "--out", Path.Combine(_dir, "hips"), "--column", "VALUE", "--order", "8"]);
        Assert.Equal(2, exit);
        Assert.Contains("nuniq.fits (HDU 2): --order 8 is coarser than the map's deepest cells (order 9)", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "hips")));
    }

    [Fact]
    public async Task Vo_hips_build_reports_a_bad_column_naming_file_and_column_and_exits_2()
    {
        await Python("partial", "map.fits");
        var vo = Path.Combine(AppContext.BaseDirectory, "vo.dll");
        var (exit, output) = await External.RunAsync("dotnet", [vo, "hips", "build", Path.Combine(_dir, "map.fits"), "--out", Path.Combine(_dir, "hips"), "--column", "FLUX"]);
        Assert.Equal(2, exit);
        Assert.Contains("map.fits (HDU 2): no column 'FLUX' (--column)", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "hips")));

        (exit, output) = await External.RunAsync("dotnet", [vo, "hips", "build", Path.Combine(_dir, "map.fits"), "--out", Path.Combine(_dir, "hips"), "--column", "VALUE", "--tile-width", "64"]);
        Assert.True(exit == 0, output);
        Assert.Contains("hips_order 3,", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "hips", "properties")));
    }

    private static void CopyFitsOnly(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static Task<int> Build(string input, string output, string column, params string[] more) =>
        HipsCommand.RunAsync(["build", input, "--out", output, "--column", column, "--tile-width", "64", "--creator-did", "ivo://test.example/P/hips", .. more], CancellationToken.None);

    private async Task<JsonElement> Python(string mode, params string[] args)
    {
        var full = args.Select(a => mode is "partial" or "partial-unique" or "partial-2048" or "ring" or "nuniq" ? Path.Combine(_dir, a) : a);
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, mode, .. full]);
        Assert.True(exit == 0, $"healpy_hips.py {mode} failed (needs python3-healpy): {output}");
        return JsonDocument.Parse(output.Split('\n').First(l => l.StartsWith('{'))).RootElement.Clone();
    }
}

using System.Text.Json;
using VoServices.Cli;
using VoServices.Dali;
using VoServices.Hips2Fits;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Hips2Fits;

/// <summary>
/// hips2fits cutouts against an independent reference: reproject's reproject_from_healpix (bilinear, astropy-healpix)
/// of the full-sky map a HiPS was built from, onto the cutout's own header (read by astropy), for several projections,
/// frames and rotations; and PNG colours against matplotlib. Needs python3-reproject, -healpy, -matplotlib, -pil.
/// </summary>
public sealed class Hips2FitsReferenceTests : IClassFixture<Hips2FitsReferenceTests.Maps>
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Hips2Fits", "reproject_hips2fits.py");
    private readonly Maps _maps;

    public Hips2FitsReferenceTests(Maps maps) => _maps = maps;

    /// <summary>Two full-sky NSIDE 256 maps (ICRS and galactic) and their HiPS (tiles of 64: hips_order 2, cells of order 8).</summary>
    public sealed class Maps : IAsyncLifetime
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hips2fits-ref-").FullName;

        public HipsTileCache Tiles { get; } = new(256L << 20);

        public async Task InitializeAsync()
        {
            foreach (var frame in new[] { "C", "G" })
            {
                var map = Path.Combine(Directory, $"map-{frame}.fits");
                var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "map", map, frame]);
                Assert.True(exit == 0, $"reproject_hips2fits.py map failed: {output}");
                Assert.Equal(0, await HipsCommand.RunAsync(
                    ["build", map, "--out", Path.Combine(Directory, $"hips-{frame}"), "--column", "SIGNAL", "--tile-width", "64", "--creator-did", $"ivo://test.example/P/map-{frame}"],
                    CancellationToken.None));
            }
        }

        public Task DisposeAsync()
        {
            System.IO.Directory.Delete(Directory, recursive: true);
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("C", "TAN", "icrs", 0)]
    [InlineData("C", "TAN", "galactic", 30)]
    [InlineData("C", "SIN", "icrs", 30)]
    [InlineData("C", "SIN", "galactic", 0)]
    [InlineData("C", "CAR", "icrs", 0)]
    [InlineData("C", "CAR", "galactic", -40)]
    [InlineData("C", "AIT", "icrs", 30)]
    [InlineData("C", "AIT", "galactic", 0)]
    [InlineData("C", "MOL", "icrs", 0)]
    [InlineData("C", "MOL", "galactic", 30)]
    [InlineData("G", "TAN", "icrs", 15)]
    [InlineData("G", "MOL", "galactic", 0)]
    public async Task A_cutout_at_the_maps_order_equals_reproject_from_healpix_bilinear(string mapFrame, string projection, string coordsys, double rotation)
    {
        // 5' pixels, finer than the 13.7' cells: the cutout reads the map's own order.
        var image = Render(mapFrame, ("ra", "83.8"), ("dec", "-5.4"), ("fov", "20"), ("width", "240"), ("height", "160"),
            ("projection", projection), ("coordsys", coordsys), ("rotation_angle", rotation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(8, image.CellOrder);
        var fits = await WriteFitsAsync(image, $"{mapFrame}-{projection}-{coordsys}-{rotation}.fits");

        var result = await Python("compare", fits, Path.Combine(_maps.Directory, $"map-{mapFrame}.fits"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.True(result.GetProperty("compared").GetInt32() > 30_000);
    }

    [Fact]
    public async Task A_wcs_header_given_as_json_is_cut_onto_exactly_and_matches_reproject()
    {
        var wcs = """{"NAXIS1": 120, "NAXIS2": 90, "CTYPE1": "GLON-ZEA", "CTYPE2": "GLAT-ZEA", "CRPIX1": 40.5, "CRPIX2": 50, "CRVAL1": 210.0, "CRVAL2": 12.5, "CD1_1": -0.05, "CD1_2": 0.02, "CD2_1": 0.02, "CD2_2": 0.05, "CUNIT1": "deg", "CUNIT2": "deg"}""";
        var image = Render("C", ("wcs", wcs));
        var fits = await WriteFitsAsync(image, "json.fits");

        var result = await Python("compare-any", fits, Path.Combine(_maps.Directory, "map-C.fits"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(120, image.Width);
        Assert.Equal(90, image.Height);
    }

    [Fact]
    public void A_coarse_cutout_reads_a_coarser_order_chosen_by_its_finest_pixel_anywhere()
    {
        // MOL all-sky, 1° pixels: MOL is equal-area, so every pixel covers 1 deg² (towards the limb they are long and
        // thin, their short side down to 0.15°, but no smaller), and order-6 cells (0.92°) are the first no larger:
        // order 6 is hips_order 0 of these 64-pixel tiles, below the map's own 8.
        var image = Render("C", ("ra", "0"), ("dec", "0"), ("fov", "360"), ("width", "360"), ("height", "180"), ("projection", "MOL"));

        Assert.Equal(6, image.CellOrder);
        Assert.Equal(0, image.TileOrder);
        Assert.True(image.ValidCount > 0.7 * 360 * 180 * Math.PI / 4, "the MOL ellipse holds data");
        Assert.Contains(float.NaN, image.Pixels); // the corners outside the ellipse have no sky
    }

    [Fact]
    public void A_tan_cutout_takes_its_order_from_its_corners_where_pixels_are_smallest()
    {
        // TAN pixels shrink away from the centre as cos³: at 60° off-axis a 1° pixel covers (0.5)^1.5 deg².
        var image = Render("C", ("ra", "0"), ("dec", "0"), ("fov", "170"), ("width", "170"), ("height", "170"), ("projection", "TAN"));

        Assert.True(image.CellOrder > HipsCutout.OrderFor(Math.PI / 180), $"order {image.CellOrder} is the one for the centre's 1° pixels");
    }

    [Theory]
    [InlineData("viridis", "linear")]
    [InlineData("Oranges", "sqrt")]
    [InlineData("Greys_r", "asinh")]
    [InlineData("magma_r", "log")]
    public async Task Png_pixels_are_matplotlib_colours_of_the_stretched_cut_and_transparent_off_the_sky(string cmap, string stretch)
    {
        var parameters = new[] { ("ra", "0"), ("dec", "20"), ("fov", "360"), ("width", "200"), ("height", "100"), ("projection", "AIT"), ("format", "png"), ("cmap", cmap), ("stretch", stretch), ("min_cut", "2"), ("max_cut", "3.5") };
        var request = Hips2FitsParameters.Parse(Dali(parameters), "test/map-C");
        var image = Render("C", parameters);
        var png = Path.Combine(_maps.Directory, $"{cmap}-{stretch}.png");
        await File.WriteAllBytesAsync(png, CutoutEncoder.EncodeImage(image, CutoutFormat.Png, request.Display));
        var fits = await WriteFitsAsync(image, $"{cmap}-{stretch}.fits");

        var result = await Python("png", png, fits, cmap.Replace("_r", "", StringComparison.Ordinal) + (cmap.EndsWith("_r", StringComparison.Ordinal) ? "_r" : ""), stretch, "2", "3.5");

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public void Percentile_cuts_are_numpys_linear_percentiles_of_the_valid_pixels()
    {
        var image = Render("C", ("ra", "10"), ("dec", "10"), ("fov", "5"), ("width", "50"), ("height", "40"));
        var valid = image.Pixels.Where(float.IsFinite).Select(v => (double)v).Order().ToArray();

        var (low, high) = CutoutEncoder.Cuts(image, new CutoutDisplay(CutoutStretch.Linear, "gray", new CutoutCut(0, true), new CutoutCut(100, true), false));
        var (p25, _) = CutoutEncoder.Cuts(image, new CutoutDisplay(CutoutStretch.Linear, "gray", new CutoutCut(25, true), new CutoutCut(100, true), false));

        Assert.Equal(valid[0], low, 6);
        Assert.Equal(valid[^1], high, 6);
        var position = 0.25 * (valid.Length - 1);
        var below = (int)Math.Floor(position);
        Assert.Equal(valid[below] + ((position - below) * (valid[below + 1] - valid[below])), p25, 6);
    }

    private CutoutImage Render(string mapFrame, params (string Name, string Value)[] parameters)
    {
        var request = Hips2FitsParameters.Parse(Dali(parameters), $"test/map-{mapFrame}");
        var survey = HipsSurvey.Open($"test/map-{mapFrame}", Path.Combine(_maps.Directory, $"hips-{mapFrame}"));
        return HipsCutout.Render(survey, request, _maps.Tiles, CancellationToken.None) ?? throw new InvalidOperationException("the cutout is empty");
    }

    private static DaliParameters Dali((string Name, string Value)[] parameters) =>
        new(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)));

    private async Task<string> WriteFitsAsync(CutoutImage image, string name)
    {
        var path = Path.Combine(_maps.Directory, name);
        await using (var file = File.Create(path))
        {
            await CutoutEncoder.WriteFitsAsync(image, file, CancellationToken.None);
        }

        return path;
    }

    private static async Task<JsonElement> Python(string mode, params string[] args)
    {
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, mode, .. args]);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"reproject_hips2fits.py {mode} gave no result (exit {exit}): {output}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}

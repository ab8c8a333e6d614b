using System.Net;
using System.Text.Json;
using VoServices.Cubes;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Integration.Tests.Datalink;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Cubes;

/// <summary>Channel maps against numpy (channel_maps_reference.py): each plane the sum of its channels × width, the binned spectral WCS as astropy reads it.</summary>
public sealed class CubeChannelMapReferenceTests : IDisposable
{
    private static readonly string Maker = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Cubes", "pv_reference.py");
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Cubes", "channel_maps_reference.py");
    private readonly string _dir = Directory.CreateTempSubdirectory("vo-channels-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Bins_of_a_descending_velocity_axis_equal_numpys_sums_of_their_channels_times_width()
    {
        var result = await CompareAsync("radec", """{"nbin": 4}""", ("NBIN", "4"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(6, result.GetProperty("bins").GetInt32());
    }

    [Fact]
    public async Task A_velocity_range_and_a_binwidth_in_km_s_bin_the_channels_inside()
    {
        var result = await CompareAsync("radec", """{"nbin": 3, "vlow": 58, "vhigh": 142}""", ("BINWIDTH", "15"), ("VLOW", "58"), ("VHIGH", "142"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(5, result.GetProperty("bins").GetInt32());
    }

    [Fact]
    public async Task The_q_plane_of_a_frequency_stokes_cube_is_binned_in_radio_velocity_widths()
    {
        var result = await CompareAsync("stokes", """{"nbin": 2, "pol": 1}""", ("NBIN", "2"), ("POL", "Q"));

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task A_bin_wider_than_the_range_names_nbin()
    {
        using var cube = CubeFile.Open(await MakeAsync("radec"), "I");

        var e = Assert.Throws<DaliException>(() => ChannelMaps.Compute(cube, Request(("NBIN", "26")), CancellationToken.None));
        Assert.Equal("NBIN", e.Parameter);
    }

    private static ChannelMapRequest Request(params (string Name, string Value)[] parameters) =>
        ChannelMapRequest.From(new DaliParameters(parameters.Prepend(("ID", "ivo://test/cube")).Select(p => KeyValuePair.Create(p.Item1, p.Item2))));

    private async Task<JsonElement> CompareAsync(string kind, string spec, params (string Name, string Value)[] parameters)
    {
        var cubePath = await MakeAsync(kind);
        var request = Request(parameters);
        using var cube = CubeFile.Open(cubePath, request.Pol);
        var maps = ChannelMaps.Compute(cube, request, CancellationToken.None);
        Assert.NotNull(maps);
        var ours = Path.Combine(_dir, kind + "-" + Guid.NewGuid().ToString("N")[..6] + "-channels.fits");
        await using (var file = File.Create(ours))
        {
            await ChannelMapFits.WriteAsync(maps, cube, request, file, CancellationToken.None);
        }

        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "compare", ours, cubePath, spec]);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"channel_maps_reference.py gave no result (exit {exit}): {output}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private async Task<string> MakeAsync(string kind)
    {
        var path = Path.Combine(_dir, kind + ".fits");
        if (!File.Exists(path))
        {
            var (exit, output) = await External.RunAsync("/usr/bin/python3", [Maker, "make", path, kind]);
            Assert.True(exit == 0, $"pv_reference.py make {kind}: {output}");
        }

        return path;
    }
}

/// <summary>GET|POST /cube/channels over the demo cubes: a 3-D FITS answer, errors naming the parameter, 204 outside the cube.</summary>
[Collection(PgCollection.Name)]
public sealed class CubeChannelMapHttpTests(PgFixture pg) : IAsyncLifetime
{
    private static readonly string Galaxy = DemoServer.Did("cubes/hi/NGC2403_HI.fits");
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> GetAsync(string query) => _demo.Http.GetAsync(_demo.BaseUrl + "/cube/channels?ID=" + Uri.EscapeDataString(Galaxy) + query);

    [Fact]
    public async Task Channel_maps_of_a_demo_cube_come_as_one_3d_image_in_jy_km_s_per_beam()
    {
        var response = await GetAsync("&NBIN=4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var hdu = FitsReader.ReadHdus(stream)[0];
        Assert.Equal(3, hdu.Axes.Length);
        Assert.Equal(4, hdu.Header.GetLong("NBIN"));
        Assert.Contains("km s-1", hdu.Header.GetString("BUNIT"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&NBIN=0", "NBIN")]
    [InlineData("&NBIN=two", "NBIN")]
    [InlineData("&NBIN=2&BINWIDTH=10", "NBIN")]
    [InlineData("&BINWIDTH=-3", "BINWIDTH")]
    [InlineData("&VLOW=10&VHIGH=-10", "VLOW")]
    [InlineData("&RESPONSEFORMAT=image/jpeg", "RESPONSEFORMAT")]
    [InlineData("&NBIN=4&CONTOURS=1", "CONTOURS")]
    [InlineData("&NBIN=4&RESPONSEFORMAT=image/png&CONTOURS=1,x", "CONTOURS")]
    [InlineData("&NBIN=4&RESPONSEFORMAT=image/png&CONTOURS=1,NaN", "CONTOURS")]
    [InlineData("&NBIN=4&RESPONSEFORMAT=image/png&CONTOURS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21", "CONTOURS")]
    public async Task Bad_parameters_are_400_usage_errors_naming_them(string more, string parameter)
    {
        var response = await GetAsync(more);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("UsageError", text, StringComparison.Ordinal);
        Assert.Contains(parameter, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_png_mosaic_has_one_panel_per_bin_in_the_layouts_grid_and_one_colour_bar()
    {
        using var bitmap = await CubePngs.DecodeAsync(await GetAsync("&NBIN=1&RESPONSEFORMAT=image/png"));

        // The demo galaxy is 64 × 64 pixels × 48 channels: 48 panels in 7 columns and 7 rows.
        var layout = ChannelMosaic.Layout(48, 64, 64);
        Assert.Equal((7, 7), (layout.Columns, layout.Rows));
        Assert.Equal((layout.ImageWidth, layout.ImageHeight), (bitmap.Width, bitmap.Height));
        // Every panel is map (or blank grey), none is left white: the last one too.
        var (x, y) = layout.Panel(47);
        Assert.NotEqual(SkiaSharp.SKColors.White, bitmap.GetPixel(x + (layout.PanelWidth / 2), y + (layout.PanelHeight / 2)));
        var (bx, by) = layout.Panel(48);
        Assert.Equal(SkiaSharp.SKColors.White, bitmap.GetPixel(bx + (layout.PanelWidth / 2), by + (layout.PanelHeight / 2)));
        Assert.Equal(0, CubePngs.ContourPixels(bitmap));
        CubePngs.AssertViridisColourBar(bitmap);
    }

    [Fact]
    public async Task Contours_at_the_median_of_the_maps_are_drawn_in_red_on_the_mosaic()
    {
        using var stream = new MemoryStream(await (await GetAsync("&NBIN=8")).Content.ReadAsByteArrayAsync());
        var hdu = FitsReader.ReadHdus(stream)[0];
        using var image = new FitsImage(stream, hdu);
        var finite = image.ReadAllSingle().Where(float.IsFinite).Order().ToArray();
        var median = finite[finite.Length / 2].ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        using var bitmap = await CubePngs.DecodeAsync(await GetAsync("&NBIN=8&RESPONSEFORMAT=image/png&CONTOURS=" + Uri.EscapeDataString(median + ",1e30")));

        var contours = CubePngs.ContourPixels(bitmap);
        Assert.True(contours > 50, $"{contours} contour pixels");
    }

    [Fact]
    public async Task The_cubes_datalink_document_offers_png_and_contours_on_the_channel_and_pv_services()
    {
        var xml = await _demo.Http.GetStringAsync(_demo.BaseUrl + "/datalink/links?ID=" + Uri.EscapeDataString(Galaxy));

        Assert.Contains("name=\"CONTOURS\"", xml, StringComparison.Ordinal);
        Assert.Equal(2, xml.Split("name=\"RESPONSEFORMAT\"").Length - 1);
        Assert.Contains("<OPTION value=\"image/png\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_velocity_range_outside_the_cube_is_204()
    {
        var response = await GetAsync("&VLOW=90000&VHIGH=91000");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}

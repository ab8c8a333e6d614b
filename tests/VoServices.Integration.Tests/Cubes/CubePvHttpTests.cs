using System.Net;
using VoServices.Fits;
using VoServices.Integration.Tests.Datalink;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Cubes;

/// <summary>GET|POST /cube/pv over the demo cubes: FITS answers, SODA-style errors naming the parameter, 204 off the cube, pyVO through DataLink.</summary>
[Collection(PgCollection.Name)]
public sealed class CubePvHttpTests(PgFixture pg) : IAsyncLifetime
{
    private static readonly string Galaxy = DemoServer.Did("cubes/hi/NGC2403_HI.fits");
    private static readonly string Galactic = DemoServer.Did("cubes/galactic/W51_13CO.fits");
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> GetAsync(string query) => _demo.Http.GetAsync(_demo.BaseUrl + "/cube/pv?" + query);

    private static string Id(string did) => "ID=" + Uri.EscapeDataString(did);

    // NGC 2403's demo cube is centred on RA 114.21417, Dec 65.60256.
    private const string ThroughGalaxy = "&CENTER=114.21417%2065.60256&LENGTH=0.1&PA=124";

    [Fact]
    public async Task A_slice_along_the_major_axis_is_a_2d_offset_velocity_image_with_its_positions_table()
    {
        var response = await GetAsync(Id(Galaxy) + ThroughGalaxy);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/fits", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var hdus = FitsReader.ReadHdus(stream);
        Assert.Equal(2, hdus.Count);
        Assert.Equal(2, hdus[0].Axes.Length);
        Assert.Equal("OFFSET", hdus[0].Header.GetString("CTYPE1"));
        Assert.StartsWith("VELO", hdus[0].Header.GetString("CTYPE2"), StringComparison.Ordinal);
        Assert.Equal("POSITIONS", hdus[1].Header.GetString("EXTNAME"));
        Assert.Equal(hdus[0].Axes[0], hdus[1].Header.GetLong("NAXIS2"));
        Assert.Equal(Galaxy, hdus[0].Header.GetString("SRCDID"));
        Assert.True(hdus[0].Header.Contains("BMAJ"));
        using var image = new FitsImage(stream, hdus[0]);
        Assert.Contains(image.ReadAllSingle(), float.IsFinite);
    }

    [Fact]
    public async Task A_pv_png_is_the_diagram_with_a_viridis_colour_bar()
    {
        using var bitmap = await CubePngs.DecodeAsync(await GetAsync(Id(Galaxy) + ThroughGalaxy + "&RESPONSEFORMAT=image/png"));

        CubePngs.AssertViridisColourBar(bitmap);
        Assert.Equal(0, CubePngs.ContourPixels(bitmap));
    }

    [Fact]
    public async Task A_post_with_a_path_in_the_galactic_cubes_own_frame_is_answered()
    {
        using var form = new FormUrlEncodedContent([
            new("ID", Galactic), new("PATH", "49.45 -0.35 49.55 -0.25 49.5 -0.2"), new("FRAME", "native"), new("WIDTH", "0.01"), new("INTERP", "nearest")]);

        var response = await _demo.Http.PostAsync(_demo.BaseUrl + "/cube/pv", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var hdus = FitsReader.ReadHdus(stream);
        Assert.Equal("GLON", hdus[1].Header.GetString("TTYPE2"));
    }

    [Theory]
    [InlineData("", "PATH")]
    [InlineData("&PATH=114.2 65.6", "PATH")]
    [InlineData("&PATH=114.2 65.6 114.3", "PATH")]
    [InlineData("&PATH=114.2 95 114.3 65.6", "PATH")]
    [InlineData("&PATH=114.2 abc 114.3 65.6", "PATH")]
    [InlineData("&PATH=114.2 65.6 114.3 65.6" + ThroughGalaxy, "PATH")]
    [InlineData("&CENTER=114.2 65.6&PA=0", "LENGTH")]
    [InlineData("&CENTER=114.2 65.6&LENGTH=0.1", "PA")]
    [InlineData("&CENTER=114.2&LENGTH=0.1&PA=0", "CENTER")]
    [InlineData("&CENTER=114.2 65.6&LENGTH=-1&PA=0", "LENGTH")]
    [InlineData(ThroughGalaxy + "&WIDTH=0", "WIDTH")]
    [InlineData(ThroughGalaxy + "&SPACING=x", "SPACING")]
    [InlineData(ThroughGalaxy + "&INTERP=spline", "INTERP")]
    [InlineData(ThroughGalaxy + "&ORIGIN=end", "ORIGIN")]
    [InlineData(ThroughGalaxy + "&FRAME=fk4", "FRAME")]
    [InlineData(ThroughGalaxy + "&VLOW=10&VHIGH=-10", "VLOW")]
    [InlineData(ThroughGalaxy + "&POL=Q", "POL")]
    [InlineData(ThroughGalaxy + "&RESPONSEFORMAT=image/gif", "RESPONSEFORMAT")]
    public async Task Bad_parameters_are_400_usage_errors_naming_them(string more, string parameter)
    {
        var response = await GetAsync(Id(Galaxy) + more);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("UsageError", text, StringComparison.Ordinal);
        Assert.Contains(parameter, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_more_than_a_hundred_vertices_long_is_refused()
    {
        var path = string.Join(" ", Enumerable.Range(0, 101).Select(i => $"114.{i:D3} 65.6"));

        var response = await GetAsync(Id(Galaxy) + "&PATH=" + Uri.EscapeDataString(path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("100", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_entirely_off_the_cube_and_a_velocity_range_outside_it_are_204()
    {
        var off = await GetAsync(Id(Galaxy) + "&PATH=10%2010%2011%2011");
        var outside = await GetAsync(Id(Galaxy) + ThroughGalaxy + "&VLOW=90000&VHIGH=91000");

        Assert.Equal(HttpStatusCode.NoContent, off.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, outside.StatusCode);
    }

    [Fact]
    public async Task Row_stacked_spectra_are_refused_saying_what_works_on_them()
    {
        var rss = await GetAsync(Id(DemoServer.Did("rss/lvmCFrame-00012345.fits")) + ThroughGalaxy);

        Assert.Equal(HttpStatusCode.BadRequest, rss.StatusCode);
        Assert.Contains("/soda/sync", await rss.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PyVO_finds_the_pv_service_in_the_cubes_datalink_document_and_calls_its_example()
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Cubes", "pyvo_pv.py");
        var links = _demo.BaseUrl + "/datalink/links?ID=" + Uri.EscapeDataString(Galactic);

        var (exit, output) = await External.RunAsync("/usr/bin/python3", [script, links]);

        Assert.True(exit == 0, $"pyvo_pv.py: {output}");
        Assert.Contains("\"ctype1\": \"OFFSET\"", output, StringComparison.Ordinal);
    }
}

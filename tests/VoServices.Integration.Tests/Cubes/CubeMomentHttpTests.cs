using System.Net;
using VoServices.Fits;
using VoServices.Integration.Tests.Datalink;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Cubes;

/// <summary>GET|POST /cube/moment over the demo cubes: FITS answers, SODA-style errors, 204 outside the cube, and pyVO through DataLink.</summary>
[Collection(PgCollection.Name)]
public sealed class CubeMomentHttpTests(PgFixture pg) : IAsyncLifetime
{
    private static readonly string Galaxy = DemoServer.Did("cubes/hi/NGC2403_HI.fits");
    private static readonly string Stokes = DemoServer.Did("cubes/continuum/3C286_IQUV.fits");
    private static readonly string Galactic = DemoServer.Did("cubes/galactic/W51_13CO.fits");
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> GetAsync(string query) => _demo.Http.GetAsync(_demo.BaseUrl + "/cube/moment?" + query);

    private static string Id(string did) => "ID=" + Uri.EscapeDataString(did);

    [Fact]
    public async Task Two_moments_of_a_demo_cube_come_as_two_fits_images_with_the_celestial_wcs()
    {
        var response = await GetAsync(Id(Galaxy) + "&MOMENT=0&MOMENT=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/fits", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var hdus = FitsReader.ReadHdus(stream);
        Assert.Equal(2, hdus.Count);
        Assert.Equal("0", hdus[0].Header.GetString("MOMENT"));
        Assert.Equal("1", hdus[1].Header.GetString("MOMENT"));
        Assert.Equal("km s-1", hdus[1].Header.GetString("BUNIT"));
        Assert.Equal(2, hdus[0].Axes.Length);
        Assert.False(hdus[0].Header.Contains("CTYPE3"));
        Assert.Equal(Galaxy, hdus[0].Header.GetString("SRCDID"));
    }

    [Theory]
    [InlineData("cubes/continuum/3C286_IQUV.fits", "&POL=Q")]
    [InlineData("cubes/galactic/W51_13CO.fits", "")]
    [InlineData("cubes/oh/UOri_OH1612.fits", "&VELDEF=radio")]
    public async Task Every_kind_of_demo_cube_gives_its_moment_map(string path, string more)
    {
        var response = await GetAsync(Id(DemoServer.Did(path)) + "&MOMENT=0" + more);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var image = new FitsImage(stream, FitsReader.ReadHdus(stream)[0]);
        Assert.Contains(image.ReadAllSingle(), float.IsFinite);
    }

    [Theory]
    [InlineData("&MOMENT=7", "MOMENT")]
    [InlineData("&VELDEF=fast", "VELDEF")]
    [InlineData("&VLOW=10&VHIGH=-10", "VLOW")]
    [InlineData("&VLOW=abc", "VLOW")]
    [InlineData("&RESTFRQ=-1", "RESTFRQ")]
    [InlineData("&RESPONSEFORMAT=text/html", "RESPONSEFORMAT")]
    [InlineData("&MOMENT=0&MOMENT=1&RESPONSEFORMAT=image/png", "MOMENT")]
    [InlineData("&BAND=0.21 0.22&VLOW=1", "BAND")]
    [InlineData("&POL=Q", "POL")]
    [InlineData("&CLIP=3bananas", "CLIP")]
    [InlineData("&CIRCLE=10 20", "CIRCLE")]
    public async Task Bad_parameters_are_400_usage_errors_naming_them(string more, string parameter)
    {
        var response = await GetAsync(Id(Galaxy) + more);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("UsageError", text, StringComparison.Ordinal);
        Assert.Contains(parameter, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Row_stacked_spectra_and_hips_are_refused_saying_what_works_on_them()
    {
        var rss = await GetAsync(Id(DemoServer.Did("rss/lvmCFrame-00012345.fits")));
        var hips = await GetAsync(Id(DemoServer.Did("hips-demo")));
        var unknown = await GetAsync(Id(DemoServer.Did("cubes/hi/NOPE.fits")));

        Assert.Equal(HttpStatusCode.BadRequest, rss.StatusCode);
        Assert.Contains("/soda/sync", await rss.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, hips.StatusCode);
        Assert.Contains("/hips2fits", await hips.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_moment_png_shows_the_map_a_viridis_colour_bar_and_the_beam()
    {
        using var bitmap = await CubePngs.DecodeAsync(await GetAsync(Id(Galaxy) + "&MOMENT=0&RESPONSEFORMAT=image/png"));

        CubePngs.AssertViridisColourBar(bitmap);
    }

    [Fact]
    public async Task A_cubes_datalink_document_previews_its_moment_0_and_1_maps_as_png()
    {
        var xml = await _demo.Http.GetStringAsync(_demo.BaseUrl + "/datalink/links?ID=" + Uri.EscapeDataString(Galaxy));

        Assert.Contains("MOMENT=0&amp;RESPONSEFORMAT=image/png", xml, StringComparison.Ordinal);
        Assert.Contains("MOMENT=1&amp;RESPONSEFORMAT=image/png", xml, StringComparison.Ordinal);
        var velocityField = await GetAsync(Id(Galaxy) + "&MOMENT=1&RESPONSEFORMAT=image/png");
        Assert.Equal("image/png", velocityField.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_velocity_range_outside_the_cube_is_204()
    {
        var response = await GetAsync(Id(Galaxy) + "&VLOW=90000&VHIGH=91000");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_region_off_the_cube_is_204_and_one_on_it_maps_only_its_box()
    {
        var off = await GetAsync(Id(Galaxy) + "&CIRCLE=" + Uri.EscapeDataString("10 -60 0.01"));
        var whole = FitsReader.ReadHdus(new MemoryStream(await (await GetAsync(Id(Galaxy))).Content.ReadAsByteArrayAsync()))[0];
        var (ra, dec) = (whole.Header.GetDouble("CRVAL1")!.Value, whole.Header.GetDouble("CRVAL2")!.Value);
        var on = await GetAsync(Id(Galaxy) + "&CLIP=3sigma&CIRCLE=" + Uri.EscapeDataString(FormattableString.Invariant($"{ra} {dec} 0.05")));

        Assert.Equal(HttpStatusCode.NoContent, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        var part = FitsReader.ReadHdus(new MemoryStream(await on.Content.ReadAsByteArrayAsync()))[0];
        Assert.True(part.Axes[0] < whole.Axes[0] && part.Axes[1] < whole.Axes[1]);
        Assert.True(part.Header.GetDouble("NOISE") > 0);
        Assert.Equal(whole.Header.GetDouble("CRPIX1") - part.Header.GetLong("SUBX1") + 1, part.Header.GetDouble("CRPIX1"));
    }

    [Fact]
    public async Task The_cube_capabilities_state_every_service_with_its_limits()
    {
        var xml = System.Xml.Linq.XDocument.Parse(await _demo.Http.GetStringAsync(_demo.BaseUrl + "/cube/capabilities"));

        var descriptions = xml.Descendants("description").Select(d => d.Value).ToList();
        Assert.Equal(3, descriptions.Count);
        Assert.All(descriptions, d => Assert.Contains(FormattableString.Invariant($"{VoServices.Cubes.CubeLimits.MaxWorkingBytes >> 20} MB of working memory"), d, StringComparison.Ordinal));
        Assert.All(descriptions, d => Assert.Contains("products made at once", d, StringComparison.Ordinal));
        Assert.Contains(xml.Descendants("accessURL"), a => a.Value.EndsWith("/cube/pv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PyVO_finds_the_moment_service_in_the_cubes_datalink_document_and_calls_it()
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Cubes", "pyvo_moments.py");
        var links = _demo.BaseUrl + "/datalink/links?ID=" + Uri.EscapeDataString(Galactic);

        var (exit, output) = await External.RunAsync("/usr/bin/python3", [script, links]);

        Assert.True(exit == 0, $"pyvo_moments.py: {output}");
        Assert.Contains("\"moments\": [\"0\", \"1\"]", output, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using SkiaSharp;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Integration.Tests.Datalink;

namespace VoServices.Integration.Tests.Hips2Fits;

/// <summary>GET|POST /hips2fits over the demo HiPS: formats, names, the coverage shortcut, and the JSON errors astroquery reads.</summary>
[Collection(PgCollection.Name)]
public sealed class Hips2FitsHttpTests(PgFixture pg) : IAsyncLifetime
{
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    // The centre of the demo survey's order-3 tile 170: inside its data.
    private static readonly SkyPoint Inside = Healpix.Centre(3, 170);

    private static string Query(params (string Name, string Value)[] parameters) =>
        string.Join('&', parameters.Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value)));

    private static (string, string)[] Around(SkyPoint p, string fov = "2", string width = "64", string height = "48") =>
        [("ra", F(p.Ra)), ("dec", F(p.Dec)), ("fov", fov), ("width", width), ("height", height)];

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private Task<HttpResponseMessage> GetAsync(string pathAndQuery) => _demo.Http.GetAsync(_demo.BaseUrl + pathAndQuery);

    [Fact]
    public async Task A_fits_cutout_has_the_requested_size_wcs_provenance_and_data()
    {
        var response = await GetAsync("/hips2fits?" + Query([("hips", "demo/hips-demo"), .. Around(Inside)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/fits", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(0, bytes.Length % 2880);
        using var stream = new MemoryStream(bytes);
        var hdu = FitsReader.ReadHdus(stream)[0];
        Assert.Equal([64L, 48L], hdu.Axes);
        Assert.Equal(-32, hdu.Header.GetLong("BITPIX"));
        Assert.Equal("RA---TAN", hdu.Header.GetString("CTYPE1"));
        Assert.Equal(32.5, hdu.Header.GetDouble("CRPIX1"));
        Assert.Equal(24.5, hdu.Header.GetDouble("CRPIX2"));
        Assert.Equal("demo/hips-demo", hdu.Header.GetString("HIPS"));
        Assert.Equal(3, hdu.Header.GetLong("HIPSORD"));
        Assert.Equal("bilinear", hdu.Header.GetString("INTERP"));
        using var image = new FitsImage(stream, hdu);
        Assert.Contains(image.ReadAllSingle(), float.IsFinite);
    }

    [Fact]
    public async Task The_path_form_and_the_creator_did_name_the_same_survey()
    {
        var byPath = await GetAsync("/hips2fits/demo/hips-demo?" + Query(Around(Inside)));
        var byDid = await GetAsync("/hips2fits?" + Query([("hips", "ivo://voservices.example/P/demo/hi-column-density"), .. Around(Inside)]));
        var byName = await GetAsync("/hips2fits?" + Query([("hips", "demo/hips-demo"), .. Around(Inside)]));

        Assert.Equal(HttpStatusCode.OK, byPath.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byDid.StatusCode);
        var expected = Data(await byName.Content.ReadAsByteArrayAsync());
        Assert.Equal(expected, Data(await byPath.Content.ReadAsByteArrayAsync()));
        Assert.Equal(expected, Data(await byDid.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Post_form_parameters_work_as_get()
    {
        var form = new FormUrlEncodedContent([new("hips", "demo/hips-demo"), .. Around(Inside).Select(p => KeyValuePair.Create(p.Item1, p.Item2))]);

        var response = await _demo.Http.PostAsync(_demo.BaseUrl + "/hips2fits", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/fits", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("png", "image/png", SKEncodedImageFormat.Png)]
    [InlineData("jpg", "image/jpeg", SKEncodedImageFormat.Jpeg)]
    public async Task Png_and_jpeg_cutouts_decode_to_the_requested_size(string format, string contentType, SKEncodedImageFormat decoded)
    {
        var response = await GetAsync("/hips2fits?" + Query([("hips", "demo/hips-demo"), .. Around(Inside, width: "120", height: "80"), ("format", format), ("cmap", "viridis"), ("stretch", "asinh")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        using var codec = SKCodec.Create(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(decoded, codec.EncodedFormat);
        Assert.Equal(120, codec.Info.Width);
        Assert.Equal(80, codec.Info.Height);
    }

    [Fact]
    public async Task A_cutout_away_from_the_surveys_coverage_is_204_no_content()
    {
        var response = await GetAsync("/hips2fits?" + Query([("hips", "demo/hips-demo"), .. Around(new SkyPoint(Inside.Ra + 180, -Inside.Dec))]));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_hips_is_a_404_json_document_listing_close_names()
    {
        var response = await GetAsync("/hips2fits?" + Query([("hips", "demo/hips-dem"), .. Around(Inside)]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await Json(response);
        Assert.Equal("HiPS not found", error.GetProperty("title").GetString());
        Assert.Contains("demo/hips-demo", error.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("width", "0")]
    [InlineData("width", "abc")]
    [InlineData("height", "-3")]
    [InlineData("ra", "NaN")]
    [InlineData("dec", "91")]
    [InlineData("dec", "Infinity")]
    [InlineData("fov", "0")]
    [InlineData("fov", "400")]
    [InlineData("projection", "XYZ")]
    [InlineData("projection", "TAN' OR 1=1")]
    [InlineData("coordsys", "fk4")]
    [InlineData("rotation_angle", "ten")]
    [InlineData("format", "gif")]
    [InlineData("stretch", "cubic")]
    [InlineData("cmap", "nonexistent")]
    [InlineData("min_cut", "200%")]
    [InlineData("max_cut", "x%")]
    [InlineData("inverted", "maybe")]
    [InlineData("interp", "cubic")]
    [InlineData("wcs", "{not json")]
    [InlineData("wcs", "[1,2]")]
    [InlineData("wcs", "{\"CTYPE1\": \"RA---TAN\"}")]
    [InlineData("wcs", "{\"NAXIS1\": 10, \"NAXIS2\": 10, \"CTYPE1\": \"RA---XYZ\", \"CTYPE2\": \"DEC--XYZ\"}")]
    [InlineData("wcs", "{\"NAXIS1\": 10, \"NAXIS2\": 10, \"CTYPE1\": \"FREQ\", \"CTYPE2\": \"STOKES\"}")]
    public async Task Every_bad_parameter_is_a_400_json_document_naming_it(string name, string value)
    {
        var parameters = Around(Inside).Where(p => p.Item1 != name).Append((name, value)).Prepend(("hips", "demo/hips-demo"));

        var response = await GetAsync("/hips2fits?" + Query([.. parameters]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await Json(response);
        Assert.Contains(name, error.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task Too_many_pixels_is_413_with_the_limit_stated()
    {
        var response = await GetAsync("/hips2fits?" + Query([("hips", "demo/hips-demo"), .. Around(Inside, width: "10000", height: "10000")]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("25,000,000", (await Json(response)).GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hips_capabilities_declare_the_cutout_service_with_its_limits()
    {
        var capabilities = await (await GetAsync("/hips/capabilities")).Content.ReadAsStringAsync();

        Assert.Contains("/hips2fits</accessURL>", capabilities, StringComparison.Ordinal);
        Assert.Contains("25000000 pixels", capabilities, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Astroquerys_hips2fits_client_gets_fits_png_and_wcs_cutouts_and_reads_our_errors()
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Hips2Fits", "astroquery_hips2fits.py");

        var (exit, output) = await Tap.External.RunAsync("/usr/bin/python3", [script, _demo.BaseUrl + "/hips2fits", "demo/hips-demo", F(Inside.Ra), F(Inside.Dec)]);

        Assert.True(exit == 0, $"astroquery_hips2fits.py (needs python3-astroquery): {output}");
    }

    [Fact]
    public async Task PyVO_reaches_the_cutout_service_through_the_hips_datalink_descriptor()
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Hips2Fits", "pyvo_hips2fits.py");
        var links = _demo.BaseUrl + "/datalink/links?ID=" + Uri.EscapeDataString(DemoServer.Did("hips-demo"));

        var (exit, output) = await Tap.External.RunAsync("/usr/bin/python3", [script, links, F(Inside.Ra), F(Inside.Dec)]);

        Assert.True(exit == 0, $"pyvo_hips2fits.py: {output}");
        Assert.Contains("\"hips\": \"demo/hips-demo\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_survey_page_has_a_cutout_form_for_this_hips()
    {
        var page = await (await GetAsync("/hips/demo/hips-demo/")).Content.ReadAsStringAsync();

        Assert.Contains("action=\"../../../hips2fits\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"hips\" value=\"demo/hips-demo\"", page, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static float[] Data(byte[] fits)
    {
        using var stream = new MemoryStream(fits);
        using var image = new FitsImage(stream, FitsReader.ReadHdus(stream)[0]);
        return image.ReadAllSingle();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using VoServices.Integration.Tests.Datalink;

namespace VoServices.Integration.Tests.Hips;

/// <summary>/hips/{collection}/{obs_id}/ serves a HiPS to HiPS clients: its files only, with validators, caching and CORS; /hipslist lists them.</summary>
[Collection(PgCollection.Name)]
public sealed class HipsServingTests(PgFixture pg) : IAsyncLifetime
{
    private const string Base = "/hips/demo/hips-demo/";
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage>? headers = null)
    {
        var request = new HttpRequestMessage(method, _demo.BaseUrl + path);
        headers?.Invoke(request);
        return _demo.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_tile_is_served_as_image_fits_with_validators_caching_and_cors()
    {
        var response = await SendAsync(HttpMethod.Get, Base + "Norder3/Dir0/Npix168.fits", r => r.Headers.Add("Origin", "https://elsewhere.example"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/fits", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_demo.Directory, "hips-demo", "Norder3", "Dir0", "Npix168.fits")), await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task A_revalidated_tile_answers_304_without_a_body()
    {
        var first = await SendAsync(HttpMethod.Get, Base + "Norder3/Dir0/Npix169.fits");

        var again = await SendAsync(HttpMethod.Get, Base + "Norder3/Dir0/Npix169.fits", r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_and_ranges_work_on_tiles()
    {
        var head = await SendAsync(HttpMethod.Head, Base + "Norder3/Dir0/Npix170.fits", r => r.Headers.Add("Origin", "https://elsewhere.example"));
        var range = await SendAsync(HttpMethod.Get, Base + "Norder3/Dir0/Npix170.fits", r => r.Headers.Range = new RangeHeaderValue(0, 79));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("*", Assert.Single(head.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.True(head.Content.Headers.ContentLength > 2880);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.StartsWith("SIMPLE  =", System.Text.Encoding.ASCII.GetString(await range.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Properties_and_moc_have_their_content_types()
    {
        var properties = await SendAsync(HttpMethod.Get, Base + "properties");
        var moc = await SendAsync(HttpMethod.Get, Base + "Moc.fits");

        Assert.Equal("text/plain", properties.Content.Headers.ContentType?.MediaType);
        Assert.Contains("hips_order", await properties.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/fits", moc.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_base_url_without_a_slash_redirects_to_it_and_with_one_is_an_aladin_lite_page_served_locally()
    {
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var redirect = await noRedirect.GetAsync(_demo.BaseUrl + Base.TrimEnd('/'));
        var page = await SendAsync(HttpMethod.Get, Base);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(_demo.BaseUrl + Base, new Uri(new Uri(_demo.BaseUrl + Base.TrimEnd('/')), redirect.Headers.Location!).ToString());
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("aladin-lite-div", html, StringComparison.Ordinal);
        Assert.Contains("static/hips-view.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("//", html.Replace("<!DOCTYPE", "", StringComparison.Ordinal), StringComparison.Ordinal); // no absolute URL, so no other host
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("connect-src 'self' data: blob:;", csp, StringComparison.Ordinal);
        var script = await SendAsync(HttpMethod.Get, "/static/aladin-lite/aladin.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.True(script.Content.Headers.ContentLength > 1_000_000, "the Aladin Lite bundle");
    }

    [Fact]
    public async Task Aladin_lite_is_sent_gzipped_to_clients_that_accept_it_and_is_the_same_script()
    {
        var plain = await SendAsync(HttpMethod.Get, "/static/aladin-lite/aladin.js");
        var gzipped = await SendAsync(HttpMethod.Get, "/static/aladin-lite/aladin.js", r => r.Headers.AcceptEncoding.ParseAdd("gzip, br"));

        Assert.Equal("gzip", Assert.Single(gzipped.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", gzipped.Headers.Vary);
        Assert.NotEqual(plain.Headers.ETag, gzipped.Headers.ETag);
        var compressed = await gzipped.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plain.Content.Headers.ContentLength / 2, $"{compressed.Length} bytes gzipped");
        using var inflated = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(inflated);
        }

        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), inflated.ToArray());
    }

    [Theory]
    [InlineData("/hips/demo/hips-demo/../../etc/passwd")]
    [InlineData("/hips/demo/hips-demo/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/hips/demo/hips-demo/Norder3/Dir0/..%2f..%2fproperties")]
    [InlineData("/hips/demo/hips-demo/Norder3/Dir0/Npix1.fits")]
    [InlineData("/hips/demo/hips-demo/Norder3/Dir0/Npix168.fits.bak")]
    [InlineData("/hips/demo/hips-demo/.properties")]
    [InlineData("/hips/demo/cubes/hi/WLM_HI.fits")]
    [InlineData("/hips/demo/cubes/hi/")]
    [InlineData("/hips/other/hips-demo/properties")]
    [InlineData("/hips/demo/")]
    [InlineData("/static/../VoServices.Web.dll")]
    [InlineData("/static/aladin-lite/../../appsettings.json")]
    public async Task Nothing_but_the_files_of_a_published_hips_is_found(string path)
    {
        using var client = new HttpClient();
        // Sent as written: HttpClient would otherwise collapse the dot segments itself.
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_demo.BaseUrl + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true })));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(_demo.Directory, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_beside_the_hips_directory_is_not_served()
    {
        var beside = Path.Combine(_demo.Directory, "hips-demo", "build.log");
        await File.WriteAllTextAsync(beside, "secret");
        try
        {
            var response = await SendAsync(HttpMethod.Get, Base + "build.log");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            File.Delete(beside);
        }
    }

    [Fact]
    public async Task The_hips_list_has_one_record_per_survey_with_its_service_url_status_and_release_date()
    {
        var response = await SendAsync(HttpMethod.Get, "/hipslist");
        var text = await response.Content.ReadAsStringAsync();
        var records = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var record = Assert.Single(records);
        var keys = record.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
        Assert.Equal(_demo.BaseUrl + Base.TrimEnd('/'), keys["hips_service_url"]);
        Assert.StartsWith("public", keys["hips_status"], StringComparison.Ordinal);
        Assert.Equal("2024-01-01T00:00Z", keys["hips_release_date"]);
        Assert.Equal("ivo://voservices.example/P/demo/hi-column-density", keys["creator_did"]);
    }

    [Fact]
    public async Task The_hips_list_is_declared_in_vosi_and_linked_from_the_landing_page()
    {
        XNamespace vosi = "http://www.ivoa.net/xml/VOSICapabilities/v1.0";
        foreach (var path in new[] { "/hips/capabilities", "/tap/capabilities" })
        {
            var xml = XDocument.Parse(await _demo.Http.GetStringAsync(_demo.BaseUrl + path));
            var capability = Assert.Single(xml.Root!.Elements("capability"), c => (string?)c.Attribute("standardID") == "ivo://ivoa.net/std/hips#hipslist-1.0");
            Assert.Equal(_demo.BaseUrl + "/hipslist", capability.Descendants("accessURL").Single().Value);
            Assert.Equal(vosi + "capabilities", xml.Root.Name);
        }

        var landing = await _demo.Http.GetStringAsync(_demo.BaseUrl + "/");
        Assert.Contains("/hipslist", landing, StringComparison.Ordinal);
        Assert.Contains("/hips/", landing, StringComparison.Ordinal);
        var list = await _demo.Http.GetStringAsync(_demo.BaseUrl + "/hips/");
        Assert.Contains("href=\"demo/hips-demo/\"", list, StringComparison.Ordinal);
    }
}

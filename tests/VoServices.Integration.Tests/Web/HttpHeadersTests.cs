using System.Net;
using VoServices.Integration.Tests.Datalink;

namespace VoServices.Integration.Tests.Web;

/// <summary>
/// Issue 11 item 10: CORS (any origin, preflight answered), HEAD on every GET resource, security headers and no
/// Server header, on every kind of public endpoint of the demo server.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class HttpHeadersTests(PgFixture pg) : IAsyncLifetime
{
    private const string Origin = "https://aladin.example.org";
    private static readonly string Cube = Uri.EscapeDataString(DemoServer.Did("cubes/hi/NGC2403_HI.fits"));

    private DemoServer _demo = null!;

    public static TheoryData<string> Endpoints => new()
    {
        "/",
        "/tap",
        "/tap/examples",
        "/tap/capabilities",
        "/tap/availability",
        "/tap/tables",
        "/tap/async",
        "/tap/sync?LANG=ADQL&QUERY=SELECT%20TOP%201%20*%20FROM%20ivoa.obscore",
        "/tap/sync?LANG=ADQL&QUERY=SELEC%20nonsense",
        "/sia/query?POS=CIRCLE%20114.2%2065.6%201",
        "/sia/capabilities",
        "/datalink/links?ID=" + Cube,
        "/datalink/preview?ID=" + Cube,
        "/datalink/header?ID=" + Cube,
        "/datalink/capabilities",
        "/soda/sync?ID=" + Cube + "&CIRCLE=114.2%2065.6%200.05",
        "/soda/capabilities",
        "/files/demo/cubes/hi/WLM_HI.fits",
        "/files/demo/hips-demo/properties",
        "/files/demo/cubes/hi/NOPE.fits",
    };

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_allows_any_origin_without_credentials(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _demo.BaseUrl + path);
        request.Headers.Add("Origin", Origin);
        using var response = await _demo.Http.SendAsync(request);

        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Contains("Content-Disposition", Single(response, "Access-Control-Expose-Headers"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_preflight_is_answered_204_with_methods_headers_and_max_age(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, _demo.BaseUrl + path);
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await _demo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        var methods = Single(response, "Access-Control-Allow-Methods");
        foreach (var m in new[] { "GET", "POST", "HEAD", "OPTIONS" })
        {
            Assert.Contains(m, methods, StringComparison.Ordinal);
        }

        Assert.Contains("Content-Type", Single(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("7200", Single(response, "Access-Control-Max-Age"));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Head_answers_with_the_status_and_content_type_of_get_and_no_body(string path)
    {
        using var get = await _demo.Http.GetAsync(_demo.BaseUrl + path);
        using var headRequest = new HttpRequestMessage(HttpMethod.Head, _demo.BaseUrl + path);
        using var head = await _demo.Http.SendAsync(headRequest);
        var body = await head.Content.ReadAsByteArrayAsync();

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Content.Headers.ContentLength is null, head.Content.Headers.ContentLength is null);
        Assert.Empty(body);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_response_says_nosniff_and_names_no_server(string path)
    {
        using var response = await _demo.Http.GetAsync(_demo.BaseUrl + path);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/tap/examples")]
    public async Task Html_pages_forbid_framing_and_scripts(string path)
    {
        using var response = await _demo.Http.GetAsync(_demo.BaseUrl + path);

        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        var csp = Single(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public void Head_of_a_dal_query_replaces_every_maxrec_by_zero()
    {
        var rewritten = VoServices.Web.HttpHardening.MetadataOnly(new Microsoft.AspNetCore.Http.QueryString("?QUERY=x&maxrec=5&MAXREC=7"));

        Assert.Equal("?QUERY=x&MAXREC=0", rewritten.Value);
    }

    private static string Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"no {name} header on {(int)response.StatusCode} {response.RequestMessage?.RequestUri}");
}

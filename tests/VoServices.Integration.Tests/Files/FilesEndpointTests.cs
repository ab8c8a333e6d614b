using System.Net;
using System.Net.Http.Headers;
using VoServices.Integration.Tests.Datalink;

namespace VoServices.Integration.Tests.Files;

/// <summary>access_url serves the ingested file, by lookup, with ranges; nothing outside the products is reachable.</summary>
[Collection(PgCollection.Name)]
public sealed class FilesEndpointTests(PgFixture pg) : IAsyncLifetime
{
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    private string DemoFile(string relativePath) => Path.Combine(_demo.Directory, relativePath);

    private Task<HttpResponseMessage> GetAsync(string path) => _demo.Http.GetAsync(_demo.BaseUrl + path);

    [Fact]
    public async Task A_cube_is_served_whole_with_its_content_type()
    {
        var response = await GetAsync("/files/demo/cubes/hi/WLM_HI.fits");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/fits", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(DemoFile("cubes/hi/WLM_HI.fits")), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_range_request_gets_just_those_bytes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _demo.BaseUrl + "/files/demo/cubes/hi/WLM_HI.fits");
        request.Headers.Range = new RangeHeaderValue(2880, 2880 + 99);

        var response = await _demo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var expected = (await File.ReadAllBytesAsync(DemoFile("cubes/hi/WLM_HI.fits")))[2880..2980];
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Hips_layout_files_are_served_from_the_hips_product()
    {
        var response = await GetAsync("/files/demo/hips-demo/properties");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("hips_order", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/files/demo/cubes/hi/NOPE.fits")]
    [InlineData("/files/other/cubes/hi/WLM_HI.fits")]
    [InlineData("/files/demo/hips-demo/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/files/demo/hips-demo/Norder3/Dir0/..%2f..%2fproperties")]
    [InlineData("/files/demo/cubes/hi/WLM_HI.fits/extra")]
    public async Task Anything_but_a_published_product_is_not_found(string path)
    {
        var response = await GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
    }
}

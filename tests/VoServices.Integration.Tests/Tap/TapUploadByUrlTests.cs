using System.Net;
using System.Net.Sockets;

namespace VoServices.Integration.Tests.Tap;

/// <summary>UPLOAD by URL is a server-side request forgery risk: off by default, and never to internal addresses when on.</summary>
[Collection(PgCollection.Name)]
public sealed class TapUploadByUrlTests(PgFixture pg)
{
    private static string UploadQuery(string url) =>
        $"/sync?LANG=ADQL&QUERY={TapServer.Encode("SELECT * FROM TAP_UPLOAD.t")}&UPLOAD={TapServer.Encode("t," + url)}";

    [Fact]
    public async Task Upload_by_url_is_disabled_by_default()
    {
        var server = await TapServer.SharedAsync(pg);
        using var response = await server.GetAsync(UploadQuery("http://example.org/t.xml"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("uploads by URL are disabled", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_by_url_refuses_loopback_even_when_allow_listed_with_one_text_for_open_and_closed_ports()
    {
        await using var server = await TapServer.StartAsync(pg, "tapuploadurl",
            configure: o => o with { AllowUploadByUrl = true, UploadUrlHosts = ["127.0.0.1", "localhost", "example.org"] });
        // An open port (a listener that would answer) and a closed one must give the same answer.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var texts = new List<string>();
        foreach (var url in new[] { $"http://127.0.0.1:{open}/t.xml", "http://127.0.0.1:1/t.xml", $"http://localhost:{open}/t.xml", "http://10.0.0.1/t.xml" })
        {
            using var response = await server.GetAsync(UploadQuery(url));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(body.Contains("UPLOAD: t: the URL could not be fetched", StringComparison.Ordinal), url + " => " + body);
            texts.Add(body);
        }

        Assert.Single(texts.Distinct());
        // Another scheme is refused when the request is read, before any fetch is considered.
        using (var file = await server.GetAsync(UploadQuery("file:///etc/passwd")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, file.StatusCode);
            Assert.Contains("use param:PARTNAME (inline multipart upload) or an http(s) URL", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False(listener.Pending(), "the server connected to a loopback port");
    }
}

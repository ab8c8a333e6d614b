using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using VoServices.Integration.Tests.Tap;
using VoServices.Web;

namespace VoServices.Integration.Tests.Web;

/// <summary>
/// Issue 11 items 1, 4 and 16: the admission control of synchronous queries (503/429 with Retry-After and the
/// protocol's error document), per-endpoint body limits, unreferenced multipart parts not kept by /tap/async,
/// an inline upload's byReference URL, and DESTRUCTION in the past at job creation.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class AdmissionAndBodyLimitTests(PgFixture pg) : IAsyncLifetime
{
    private const string Query = "/sync?LANG=ADQL&QUERY=SELECT%20TOP%201%20obs_id%20FROM%20ivoa.obscore";

    private TapServer _server = null!;

    // One place, one waiting for at most 2 s, one query per client: each limit can be reached by holding a lease.
    public async Task InitializeAsync() => _server = await TapServer.StartAsync(pg, "admission",
        configure: o => o with { SyncConcurrency = 1, SyncQueue = 1, SyncQueueSeconds = 2, SyncPerClient = 1 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private QueryAdmission Admission => _server.Services.GetRequiredService<QueryAdmission>();

    [Fact]
    public async Task A_sync_query_beyond_the_queue_wait_is_a_503_votable_with_retry_after()
    {
        using (await Admission.AdmitAsync("someone else", CancellationToken.None))
        {
            using var response = await _server.GetAsync(Query);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(QueryAdmissionLimits.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("QUERY_STATUS\" value=\"ERROR\"", body, StringComparison.Ordinal);
            Assert.Contains("The service is busy: 1 queries are running and no place freed up within 2 s", body, StringComparison.Ordinal);
        }

        using var after = await _server.GetAsync(Query);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_waiting_query_runs_when_a_place_frees_up()
    {
        var held = await Admission.AdmitAsync("someone else", CancellationToken.None);
        var waiting = _server.GetAsync(Query);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        held.Dispose();
        using var response = await waiting;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_query_beyond_the_full_queue_is_refused_at_once()
    {
        using var held = await Admission.AdmitAsync("a", CancellationToken.None);
        var queued = Admission.AdmitAsync("b", CancellationToken.None).AsTask();
        var started = DateTime.UtcNow;
        using var response = await _server.Http.GetAsync(_server.BaseUrl + "/sia/query?POS=CIRCLE%2010%2041%201");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1.5), "refused without waiting");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("TransientFault: The service is busy: 1 queries are running and 1 queries are already waiting",
            await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        held.Dispose();
        (await queued).Dispose();
    }

    [Fact]
    public async Task A_client_over_its_share_gets_429_while_others_are_admitted()
    {
        using (await Admission.AdmitAsync("127.0.0.1", CancellationToken.None))
        {
            using var response = await _server.GetAsync(Query + "&RESPONSEFORMAT=csv");
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            Assert.Contains("This client already has 1 queries running or waiting", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var after = await _server.GetAsync(Query);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_large_form_to_sia_is_a_413_usage_fault()
    {
        using var form = new FormUrlEncodedContent([KeyValuePair.Create("POS", "CIRCLE 10 41 1"), KeyValuePair.Create("X", new string('a', 2 << 20))]);
        using var response = await PostExpectingContinueAsync(_server.BaseUrl + "/sia/query", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("UsageFault: The request body is larger than this endpoint accepts (at most 1 MB)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_encoded_form_to_tap_sync_is_capped_below_the_upload_limit()
    {
        using var form = new FormUrlEncodedContent([KeyValuePair.Create("LANG", "ADQL"), KeyValuePair.Create("QUERY", "SELECT 1 FROM ivoa.obscore"),
            KeyValuePair.Create("X", new string('a', 9 << 20))]);
        using var response = await PostExpectingContinueAsync(_server.TapUrl + "/sync", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 8 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multipart_upload_larger_than_the_default_body_is_taken_by_tap_sync()
    {
        var rows = string.Concat(Enumerable.Range(0, 80_000).Select(i => $"<TR><TD>{i}</TD></TR>"));
        var votable = $"""<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE><FIELD name="n" datatype="int"/><DATA><TABLEDATA>{rows}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>""";
        Assert.True(votable.Length > RequestBodies.DefaultMaxBytes);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("ADQL"), "LANG" },
            { new StringContent("SELECT COUNT(*) AS c FROM TAP_UPLOAD.t"), "QUERY" },
            { new StringContent("t,param:t"), "UPLOAD" },
            { new StringContent(votable), "t", "t.xml" },
        };
        using var response = await _server.Http.PostAsync(_server.TapUrl + "/sync", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("<TD>80000</TD>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_async_job_keeps_only_the_parts_an_upload_names_and_serves_them_by_reference()
    {
        const string Votable = """<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE><FIELD name="n" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>""";
        using var form = new MultipartFormDataContent
        {
            { new StringContent("ADQL"), "LANG" },
            { new StringContent("SELECT * FROM TAP_UPLOAD.t"), "QUERY" },
            { new StringContent("t,param:kept"), "UPLOAD" },
            { new StringContent(Votable, Encoding.UTF8, "application/x-votable+xml"), "kept", "t.xml" },
            { new ByteArrayContent(new byte[300_000]), "ignored", "junk.bin" },
        };
        using var created = await _server.Http.PostAsync(_server.TapUrl + "/async", form);
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        var jobUrl = created.Headers.Location!.ToString();
        var jobId = jobUrl[(jobUrl.LastIndexOf('/') + 1)..];

        var stored = Directory.GetFiles(Path.Combine(_server.ResultDirectory, jobId));
        Assert.Single(stored);

        var parameters = XDocument.Parse(await _server.Http.GetStringAsync(jobUrl + "/parameters"));
        var kept = parameters.Descendants().Single(e => e.Name.LocalName == "parameter" && (string?)e.Attribute("id") == "kept");
        Assert.Equal("true", (string?)kept.Attribute("byReference"));
        Assert.Equal($"{_server.TapUrl}/async/{jobId}/parameters/kept", kept.Value); // stored relative, output with the public URL
        Assert.DoesNotContain(parameters.Descendants(), e => (string?)e.Attribute("id") == "ignored");
        using var copy = await _server.Http.GetAsync(kept.Value);
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        Assert.Equal(Votable, await copy.Content.ReadAsStringAsync());

        using var missing = await _server.Http.GetAsync(jobUrl + "/parameters/nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_body_sent_slower_than_the_minimum_rate_is_a_408_not_a_500()
    {
        // Headers and a trickle of the announced body, below Kestrel's 240 bytes/s after its 5 s grace.
        using var client = new System.Net.Sockets.TcpClient();
        var uri = new Uri(_server.BaseUrl);
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        var head = $"POST /sia/query HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "POS=CIRCLE"));
        var reading = new StreamReader(stream, Encoding.ASCII).ReadToEndAsync();
        for (var i = 0; i < 16 && !reading.IsCompleted; i++)
        {
            await Task.Delay(500);
            try
            {
                await stream.WriteAsync("+"u8.ToArray());
            }
            catch (IOException)
            {
                break; // the server has given up on the body and closed
            }
        }

        var answer = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
        Assert.Contains("The request body arrived too slowly", answer, StringComparison.Ordinal);
    }

    /// <summary>As curl does for large bodies: the refusal arrives before the body is sent, so the client can read it.</summary>
    private async Task<HttpResponseMessage> PostExpectingContinueAsync(string url, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.ExpectContinue = true;
        return await _server.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_job_created_with_a_destruction_in_the_past_is_refused()
    {
        using var response = await _server.PostFormAsync("/async", ("LANG", "ADQL"), ("QUERY", "SELECT 1 FROM ivoa.obscore"),
            ("DESTRUCTION", "2001-01-01T00:00:00Z"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("DESTRUCTION: the time is in the past", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

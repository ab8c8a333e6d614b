using System.Net;
using System.Net.Sockets;
using Npgsql;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Web;

/// <summary>
/// Issue 11 item 7: the server starts while its database is unreachable, says available=false, answers 503
/// with the protocol's error document, and recovers by itself (UWS workers included) once the database is
/// back. The database sits behind a TCP relay on a port of its own that the test opens only later.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class DatabaseOutageTests(PgFixture pg)
{
    [Fact]
    public async Task The_server_starts_without_its_database_answers_503_and_recovers_when_it_is_back()
    {
        var (_, real) = await pg.CreateDatabaseAsync("outage");
        var relayPort = FreePort();
        var viaRelay = new NpgsqlConnectionStringBuilder(real) { Port = relayPort, Timeout = 3 }.ConnectionString;
        await using var server = await TapServer.StartAsync(pg, "outage", connectionString: viaRelay);

        Assert.Contains("<vosi:available>false</vosi:available>", await server.Http.GetStringAsync(server.TapUrl + "/availability"), StringComparison.Ordinal);
        using (var down = await server.GetAsync("/sync?LANG=ADQL&QUERY=SELECT%20TOP%201%20obs_id%20FROM%20ivoa.obscore"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.NotNull(down.Headers.RetryAfter);
            var body = await down.Content.ReadAsStringAsync();
            Assert.Contains("QUERY_STATUS\" value=\"ERROR\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
            Assert.DoesNotContain(relayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
        }

        using var relay = new TcpRelay(relayPort, new NpgsqlConnectionStringBuilder(real).Port);
        await Eventually.TrueAsync(async () => (await server.Http.GetStringAsync(server.TapUrl + "/availability")).Contains(">true<", StringComparison.Ordinal),
            "availability back to true");
        using (var up = await server.GetAsync("/sync?LANG=ADQL&QUERY=SELECT%20TOP%201%20obs_id%20FROM%20ivoa.obscore"))
        {
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        }

        // The UWS recovery, refused at start, is retried: async jobs run again.
        using var created = await server.PostFormAsync("/async", ("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"), ("PHASE", "RUN"));
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        var job = created.Headers.Location!.ToString();
        await Eventually.TrueAsync(async () => (await server.Http.GetStringAsync(job + "/phase")).Trim() == "COMPLETED", "the job completes", 30);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Relays each connection on a loopback port to another: the database "comes back" when this starts.</summary>
    private sealed class TcpRelay : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        public TcpRelay(int port, int target)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using var inbound = client;
                        using var outbound = new TcpClient();
                        await outbound.ConnectAsync(IPAddress.Loopback, target, _stop.Token);
                        var a = inbound.GetStream();
                        var b = outbound.GetStream();
                        await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
                    });
                }
            });
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}

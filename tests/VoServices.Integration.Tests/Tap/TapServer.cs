using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoServices.Database;
using VoServices.Tap;
using VoServices.Web;

namespace VoServices.Integration.Tests.Tap;

/// <summary>
/// The real server on a free loopback port over its own migrated database holding the rows of
/// TapTestRows.sql; an HttpClient that does not follow redirects (UWS answers are 303s).
/// Classes that only read use the run's one instance, <see cref="SharedAsync"/>.
/// </summary>
public sealed class TapServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private TapOptions _options = new();

    private TapServer()
    {
    }

    public string ConnectionString { get; private set; } = "";

    public string BaseUrl { get; private set; } = "";

    public string TapUrl => BaseUrl + "/tap";

    /// <summary>The running server's services (to hold an admission place, read a limit).</summary>
    public IServiceProvider Services => _app.Services;

    public string ResultDirectory { get; private set; } = "";

    private Func<VoServerOptions, VoServerOptions> _configure = o => o;

    public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>
    /// The server over TapTestRows.sql that every read-only class shares (started on first use). Its
    /// database must not be changed; uploads are per query, and async jobs only add rows to uws.job.
    /// </summary>
    public static Task<TapServer> SharedAsync(PgFixture pg)
    {
        ArgumentNullException.ThrowIfNull(pg);
        return pg.SharedAsync("tap-test-rows", p => StartAsync(p, "tapshared"));
    }

    public static async Task<TapServer> StartAsync(PgFixture pg, string purpose, TapOptions? options = null, string? connectionString = null, string? resultDirectory = null,
        Func<VoServerOptions, VoServerOptions>? configure = null)
    {
        var server = new TapServer { _configure = configure ?? (o => o) };
        if (connectionString is null)
        {
            (_, connectionString) = await pg.CreateDatabaseAsync(purpose);
            // A data source of its own, so its connection is closed, not left idle in a pool.
            await using var db = NpgsqlDataSource.Create(connectionString);
            await using var cmd = db.CreateCommand(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Tap", "TapTestRows.sql")));
            await cmd.ExecuteNonQueryAsync();
        }

        server.ConnectionString = connectionString;
        server.ResultDirectory = resultDirectory ?? Path.Combine(Path.GetTempPath(), "vo-tap-test-" + Guid.NewGuid().ToString("N"));
        await server.StartAppAsync(options);
        return server;
    }

    /// <summary>
    /// Stops and starts the server on the same database and result directory (restart safety), with the
    /// options it had unless others are given.
    /// </summary>
    public async Task RestartAsync(TapOptions? options = null)
    {
        await StopAppAsync();
        await StartAppAsync(options);
    }

    private async Task StartAppAsync(TapOptions? options)
    {
        _options = options ?? _options;
        var tap = _options with { ResultDirectory = ResultDirectory };
        _app = VoServer.BuildApp(_configure(new VoServerOptions(ConnectionString) { Urls = "http://127.0.0.1:0", Tap = tap }),
            logging => logging.AddFilter(_ => false));
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => Http.GetAsync(TapUrl + pathAndQuery);

    public Task<HttpResponseMessage> PostFormAsync(string path, params (string Name, string Value)[] form) =>
        Http.PostAsync(TapUrl + path, new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    /// <summary>Stops the server; disposing it closes its connection pool.</summary>
    private async Task StopAppAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        Http.Dispose();
        try
        {
            Directory.Delete(ResultDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public static string Encode(string value) => WebUtility.UrlEncode(value);
}

/// <summary>Runs the independent readers: /usr/bin/python3 (astropy, pyvo) and stilts.</summary>
public static class External
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string? stdin = null, int timeoutSeconds = 300)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeoutSeconds} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Runs a Python script with the system interpreter that has astropy and pyvo.</summary>
    public static Task<(int ExitCode, string Output)> PythonAsync(string script, params string[] args) =>
        RunAsync("/usr/bin/python3", new[] { "-c", script }.Concat(args), timeoutSeconds: 300);
}

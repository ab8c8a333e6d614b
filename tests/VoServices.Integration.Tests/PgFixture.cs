using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using VoServices.Database;

namespace VoServices.Integration.Tests;

/// <summary>
/// A real PostgreSQL + pgsphere for the integration tests. Uses the server named by VOSERVICES_TEST_PG
/// (a libpq URI; `./vo test` starts one) or else starts a throwaway cluster from the system binaries
/// with deploy/pg-cluster.sh. Each run gets fresh databases with sql/ applied; they are dropped at the end.
/// Servers that read-only test classes share are made here on first use (<see cref="SharedAsync{T}"/>),
/// so a run starts each of them once, with one connection pool, instead of once per test.
/// </summary>
public sealed class PgFixture : IAsyncLifetime
{
    private readonly List<string> _databases = [];
    private readonly Dictionary<string, Task<IAsyncDisposable>> _shared = new(StringComparer.Ordinal);
    private string? _serverUrl;
    private string? _throwawayDir;

    /// <summary>The run's shared, migrated database (read-mostly tests; writers should use <see cref="CreateDatabaseAsync"/>).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The same database as a libpq URI (for psql or the `vo` CLI's VO_DATABASE_URL).</summary>
    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _serverUrl = Environment.GetEnvironmentVariable("VOSERVICES_TEST_PG");
        if (string.IsNullOrEmpty(_serverUrl))
        {
            var port = FreeLoopbackPort();
            _throwawayDir = Path.Combine(Path.GetTempPath(), $"vo-test-pg-{Environment.ProcessId}-{port}");
            await RunScriptAsync("start", _throwawayDir, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _serverUrl = $"postgresql://vo@127.0.0.1:{port}/postgres";
        }

        (Url, ConnectionString) = await CreateDatabaseAsync("shared");
    }

    /// <summary>A new empty, migrated database for tests that write and count, so tests share no data.</summary>
    public async Task<(string Url, string ConnectionString)> CreateDatabaseAsync(string purpose)
    {
        var name = $"vo_test_{purpose}_{Environment.ProcessId}_{Guid.NewGuid():N}"[..Math.Min(63, 40 + purpose.Length)].ToLowerInvariant();
        var url = DatabaseUrl.WithDatabase(_serverUrl!, name);
        await RunScriptAsync("createdb", url);
        lock (_databases)
        {
            _databases.Add(name);
        }

        var connectionString = DatabaseUrl.ToConnectionString(url);
        await new Migrator(connectionString, RepoPaths.Sql).ApplyAsync(CancellationToken.None);
        return (url, connectionString);
    }

    /// <summary>
    /// The one instance of <paramref name="key"/> for the whole run, made by <paramref name="create"/> when
    /// first asked for and disposed with the fixture. For resources tests only read (a server and its database).
    /// </summary>
    public async Task<T> SharedAsync<T>(string key, Func<PgFixture, Task<T>> create)
        where T : class, IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(create);
        Task<IAsyncDisposable> task;
        lock (_shared)
        {
            if (!_shared.TryGetValue(key, out task!))
            {
                task = CreateAsync();
                _shared[key] = task;
            }
        }

        return (T)await task;

        async Task<IAsyncDisposable> CreateAsync() => await create(this);
    }

    public async Task DisposeAsync()
    {
        List<Task<IAsyncDisposable>> shared;
        lock (_shared)
        {
            shared = [.. _shared.Values];
        }

        foreach (var task in shared.Where(t => t.IsCompletedSuccessfully))
        {
            await task.Result.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (_throwawayDir is not null)
        {
            await RunScriptAsync("stop", _throwawayDir);
            try
            {
                Directory.Delete(_throwawayDir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless; the cluster is already stopped.
            }

            return;
        }

        await using var admin = new NpgsqlConnection(DatabaseUrl.ToConnectionString(_serverUrl!));
        await admin.OpenAsync();
        foreach (var name in _databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunScriptAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Root, "deploy", "pg-cluster.sh"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"deploy/pg-cluster.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}. " +
                "The integration tests need PostgreSQL 15 + pgsphere: run them through ./vo test, or set VOSERVICES_TEST_PG.");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PgCollection : ICollectionFixture<PgFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>Paths inside the repository, found from the test binaries' location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Sql => Path.Combine(Root, "sql");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VoServices.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (VoServices.sln) not found above " + AppContext.BaseDirectory);
    }
}

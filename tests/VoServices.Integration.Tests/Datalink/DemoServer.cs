using Npgsql;
using VoServices.Demo;
using VoServices.Fits;
using VoServices.Ingest;
using VoServices.Products;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Datalink;

/// <summary>
/// The demo collection plus a moment-0 map related to its cube by the mapping file, ingested into a
/// database of its own and served. For DataLink, SODA, file and preview tests, which share one
/// (<see cref="SharedAsync"/>) and must not change its rows or files.
/// </summary>
public sealed class DemoServer : IAsyncDisposable
{
    public const string Authority = IngestOptions.DefaultPublisherAuthority;

    /// <summary>The mapping that relates the moment map to its cube, and names a cube that does not exist.</summary>
    public const string Mapping = """
        [moments/*_mom0.fits]
        dataproduct_subtype = moment-map
        link.progenitor = cubes/hi/{1}.fits
        [moments/NGC2403_HI_mom0.fits]
        link.calibration = cubes/hi/MISSING.fits
        """;

    private DemoServer(TapServer server, string directory)
    {
        Server = server;
        Directory = directory;
    }

    public TapServer Server { get; }

    /// <summary>Where the demo files were written.</summary>
    public string Directory { get; }

    public string BaseUrl => Server.BaseUrl;

    public HttpClient Http => Server.Http;

    public static string Did(string relativePath) => $"{Authority}?demo/{relativePath}";

    /// <summary>The run's one demo server, ingested and started on first use.</summary>
    public static Task<DemoServer> SharedAsync(PgFixture pg)
    {
        ArgumentNullException.ThrowIfNull(pg);
        return pg.SharedAsync("demo", p => StartAsync(p, "demo"));
    }

    public static async Task<DemoServer> StartAsync(PgFixture pg, string purpose)
    {
        ArgumentNullException.ThrowIfNull(pg);
        var dir = System.IO.Directory.CreateTempSubdirectory("vo-" + purpose + "-").FullName;
        await DemoCollection.WriteAsync(dir, CancellationToken.None);
        WriteMomentMap(Path.Combine(dir, "moments", "NGC2403_HI_mom0.fits"));
        var mappingFile = Path.Combine(dir, "..", Path.GetFileName(dir) + ".mapping");
        await File.WriteAllTextAsync(mappingFile, Mapping);
        var (_, db) = await pg.CreateDatabaseAsync(purpose);
        await using (var dataSource = NpgsqlDataSource.Create(db))
        {
            var options = new IngestOptions("demo", Authority, CollectionMapping.Load(mappingFile));
            var report = await new Ingester(dataSource, options).RunAsync([dir], null, CancellationToken.None);
            if (report.Failures.Count > 0)
            {
                throw new InvalidOperationException("demo ingest failed: " + string.Join("; ", report.Failures.Select(f => f.Path + ": " + f.Reason)));
            }
        }

        File.Delete(mappingFile);
        return new DemoServer(await TapServer.StartAsync(pg, purpose, connectionString: db), dir);
    }

    /// <summary>A 2-D map (TAN, 20x20 pixels of 30") near NGC 2403.</summary>
    private static void WriteMomentMap(string path)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var header = new FitsHeaderBuilder()
            .Set("CTYPE1", "RA---TAN").Set("CRVAL1", 114.2142).Set("CRPIX1", 10.5).Set("CDELT1", -30.0 / 3600).Set("CUNIT1", "deg")
            .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", 65.6031).Set("CRPIX2", 10.5).Set("CDELT2", 30.0 / 3600).Set("CUNIT2", "deg")
            .Set("BUNIT", "Jy/beam.km/s").Set("OBJECT", "NGC2403").Set("DATE-OBS", "2017-09-15T03:14:00");
        var data = new float[20 * 20];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = i % 20 + i / 20;
        }

        using var stream = File.Create(path);
        using var writer = new FitsWriter(stream);
        writer.WriteImage<float>([20, 20], data, header);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

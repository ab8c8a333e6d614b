using BenchmarkDotNet.Attributes;
using Npgsql;
using VoServices.Fits;
using VoServices.Ingest;
using VoServices.Products;

namespace VoServices.Benchmarks;

/// <summary>
/// Ingest throughput: 1,000 small cubes (32×32×16 float, 64 kB each) into ivoa.obscore, from an empty
/// table each time. Needs the database: `./vo db up`, then
/// `VO_DATABASE_URL=$(./vo db url) dotnet run -c Release --project tests/VoServices.Benchmarks -- --filter '*Ingest*'`.
/// Files/s = 1000 / the reported mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class IngestBenchmarks
{
    private const int Files = 1000;
    private string _dir = "";
    private NpgsqlDataSource? _dataSource;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vo-ingest-bench-").FullName;
        var data = Enumerable.Range(0, 32 * 32 * 16).Select(i => (float)(i % 17)).ToArray();
        for (var i = 0; i < Files; i++)
        {
            var h = new FitsHeaderBuilder()
                .Set("CTYPE1", "RA---SIN").Set("CRVAL1", (i * 0.37) % 360).Set("CDELT1", -0.001).Set("CRPIX1", 16.5)
                .Set("CTYPE2", "DEC--SIN").Set("CRVAL2", -60 + (i * 0.11 % 120)).Set("CDELT2", 0.001).Set("CRPIX2", 16.5)
                .Set("CTYPE3", "VELO-LSR").Set("CRVAL3", 1000.0 * i).Set("CDELT3", 5000.0).Set("CRPIX3", 1.0).Set("CUNIT3", "m/s")
                .Set("RESTFREQ", 1.420405752e9).Set("BMAJ", 0.002).Set("OBJECT", $"source {i}").Set("TELESCOP", "BENCH")
                .Set("DATE-OBS", "2024-03-01T00:00:00").Set("EXPTIME", 600.0).Set("BUNIT", "Jy/beam");
            using var stream = File.Create(Path.Combine(_dir, $"cube{i:D4}.fits"));
            using var writer = new FitsWriter(stream);
            writer.WriteImage<float>([32, 32, 16], data, h);
        }

        _dataSource = NpgsqlDataSource.Create(BenchmarkDatabase.ConnectionString());
    }

    [IterationSetup]
    public void EmptyTable()
    {
        using var cmd = _dataSource!.CreateCommand("DELETE FROM vo.products WHERE obs_publisher_did LIKE '%?bench/%'; DELETE FROM ivoa.obscore WHERE obs_collection = 'bench'");
        cmd.ExecuteNonQuery();
    }

    [Benchmark(Description = "ingest 1000 small cubes")]
    public async Task<int> Ingest()
    {
        var options = new IngestOptions("bench", IngestOptions.DefaultPublisherAuthority, CollectionMapping.Empty);
        var report = await new Ingester(_dataSource!, options).RunAsync([_dir], null, CancellationToken.None);
        return report.Ingested == Files ? Files : throw new InvalidOperationException($"ingested {report.Ingested}, failures: {report.Failed}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        EmptyTable();
        _dataSource?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}

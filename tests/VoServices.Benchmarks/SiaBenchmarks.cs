using System.Globalization;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Npgsql;
using VoServices.Dali;
using VoServices.Database;
using VoServices.Sia;
using VoServices.Tap;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Benchmarks;

/// <summary>
/// SIA 2.0 POS=CIRCLE over 1,000,000 ObsCore rows: the server's whole work for one request (parse the
/// parameters, build the SQL, run it on PostgreSQL through the GiST index, write the VOTable with all 45
/// columns and the descriptors), HTTP aside. Circle centres cycle through 64 fixed points all over the sky.
/// Needs a database of its own, migrated; its ivoa.obscore gets the rows of SiaBenchmarkData.sql once:
/// <code>
/// ./vo db up
/// BENCH=$(./vo db url | sed 's,/[^/]*$,/siabench,')
/// deploy/pg-cluster.sh createdb "$BENCH"
/// VO_DATABASE_URL="$BENCH" ./vo db migrate
/// VO_DATABASE_URL="$BENCH" dotnet run -c Release --project tests/VoServices.Benchmarks -- --filter '*SiaBenchmarks*'
/// </code>
/// The set-up prints the statement, its EXPLAIN ANALYZE (the GiST index on s_region must appear) and the mean row count.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 20)]
[MedianColumn]
public class SiaBenchmarks
{
    private const int Rows = 1_000_000;
    private NpgsqlDataSource? _dataSource;
    private SiaQueryRunner? _runner;
    private (double Ra, double Dec)[] _centres = [];
    private int _next;

    /// <summary>Circle radius in degrees.</summary>
    [Params(0.1, 0.5)]
    public double Radius { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _dataSource = NpgsqlDataSource.Create(BenchmarkDatabase.ConnectionString());
        await using (var count = _dataSource.CreateCommand("SELECT count(*) FROM ivoa.obscore WHERE obs_collection = 'bench'"))
        {
            if ((long)(await count.ExecuteScalarAsync())! < Rows)
            {
                Console.WriteLine("loading 1,000,000 rows (SiaBenchmarkData.sql, a few minutes)...");
                await using var load = _dataSource.CreateCommand(await File.ReadAllTextAsync(DataScript()));
                load.CommandTimeout = 0;
                await load.ExecuteNonQueryAsync();
            }
        }

        var metadata = new TapMetadataCache(_dataSource, TimeSpan.FromHours(1));
        var lists = new SiaValueLists(_dataSource, TimeSpan.FromHours(1));
        await lists.RefreshAsync(CancellationToken.None); // OPTION lists read now, not in the background while measuring
        _runner = new SiaQueryRunner(_dataSource, metadata, lists, new SiaOptions());
        var random = new Random(42);
        _centres = Enumerable.Range(0, 64).Select(_ => (random.NextDouble() * 360, Math.Asin((2 * random.NextDouble()) - 1) * 180 / Math.PI)).ToArray();
        await ExplainAsync();
        long rows = 0;
        for (var i = 0; i < _centres.Length; i++)
        {
            rows += await Circle();
        }

        Console.WriteLine($"// radius {Radius}°: {rows / (double)_centres.Length:F1} rows per query on average over the {_centres.Length} centres");
    }

    [Benchmark(Description = "SIA POS=CIRCLE, VOTable of all columns")]
    public async Task<long> Circle()
    {
        var (ra, dec) = _centres[_next++ % _centres.Length];
        var parameters = new DaliParameters([KeyValuePair.Create("POS", string.Create(CultureInfo.InvariantCulture, $"CIRCLE {ra} {dec} {Radius}"))]);
        var query = SiaQuery.From(parameters, _runner!.Options);
        var output = PipeWriter.Create(Stream.Null);
        var result = await _runner.RunAsync(query, "http://bench.test", () => new VotableWriter(output, VotableSerialization.Tabledata), CancellationToken.None);
        await output.CompleteAsync();
        return result.Rows;
    }

    [GlobalCleanup]
    public void Cleanup() => _dataSource?.Dispose();

    /// <summary>Prints the statement for the first centre and how PostgreSQL runs it.</summary>
    private async Task ExplainAsync()
    {
        var (ra, dec) = _centres[0];
        var query = SiaQuery.From(new DaliParameters([KeyValuePair.Create("POS", string.Create(CultureInfo.InvariantCulture, $"CIRCLE {ra} {dec} {Radius}"))]), new SiaOptions());
        var metadata = await TapMetadata.ReadAsync(_dataSource!, CancellationToken.None);
        var (selectFrom, _) = SiaResponse.Select(metadata.Catalog);
        var (sql, parameters) = SiaSqlBuilder.Build(query).Statement(selectFrom, query.Maxrec + 1);
        await using var connection = await _dataSource!.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await ReaderQuery.BeginReaderAsync(connection, 60, CancellationToken.None);
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection, tx);
        explain.Parameters.AddRange(parameters);
        Console.WriteLine($"// {sql[..Math.Min(120, sql.Length)]}... WHERE {SiaSqlBuilder.Build(query).Where} -- POS={query.Pos[0]}");
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine("// " + reader.GetString(0));
        }
    }

    private static string DataScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "VoServices.Benchmarks", "SiaBenchmarkData.sql");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("tests/VoServices.Benchmarks/SiaBenchmarkData.sql not found above " + AppContext.BaseDirectory);
    }
}

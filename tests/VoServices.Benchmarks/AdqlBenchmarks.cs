using BenchmarkDotNet.Attributes;
using VoServices.Adql;
using VoServices.Adql.Metadata;

namespace VoServices.Benchmarks;

/// <summary>
/// Parse + check + translate of typical TAP queries (the whole AdqlTranslator.Translate call).
/// Run: dotnet run -c Release --project tests/VoServices.Benchmarks -- --filter '*Adql*'
/// </summary>
[MemoryDiagnoser]
public class AdqlBenchmarks
{
    private const string ConeSearch =
        "SELECT TOP 100 obs_id, s_ra, s_dec, s_region, access_url FROM ivoa.obscore " +
        "WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 83.633, 22.0145, 0.25))";

    private const string JoinWithSubquery =
        "SELECT s.id, s.name, p.snr, DISTANCE(POINT(s.ra, s.dec), POINT(p.ra, p.dec)) AS sep " +
        "FROM cat.stars AS s JOIN cat.spectra AS p ON s.id = p.star_id " +
        "WHERE p.snr > (SELECT AVG(snr) FROM cat.spectra) AND s.mag BETWEEN 5 AND 12 " +
        "AND s.id IN (SELECT star_id FROM cat.spectra WHERE snr > 10)";

    private const string TopOrderBy =
        "SELECT TOP 20 obs_collection, COUNT(*) AS n, AVG(t_exptime) AS mean_exptime FROM ivoa.obscore " +
        "WHERE calib_level >= 2 AND dataproduct_type IN ('image', 'cube') GROUP BY obs_collection ORDER BY n DESC";

    private static readonly AdqlTranslationOptions Options = new() { RowLimit = 10001 };

    private readonly SchemaCatalog _catalog = BenchmarkCatalog.Create();

    [GlobalSetup]
    public void Warm()
    {
        // The parser's DFA cache fills on first use; a service is measured warm.
        _ = AdqlTranslator.Translate(ConeSearch, _catalog, Options);
    }

    [Benchmark(Baseline = true)]
    public string ConeSearchOnObscore() => AdqlTranslator.Translate(ConeSearch, _catalog, Options).Sql;

    [Benchmark]
    public string JoinWithSubqueries() => AdqlTranslator.Translate(JoinWithSubquery, _catalog, Options).Sql;

    [Benchmark]
    public string TopGroupOrderBy() => AdqlTranslator.Translate(TopOrderBy, _catalog, Options).Sql;
}

/// <summary>ObsCore plus two catalogue tables, as in the ADQL unit tests.</summary>
internal static class BenchmarkCatalog
{
    public static SchemaCatalog Create()
    {
        static ColumnInfo C(string name, string type, string? arraysize = null, string? xtype = null) =>
            new(name, type) { Arraysize = arraysize, Xtype = xtype, Unit = "deg", Ucd = "meta.id", Description = name };

        string[] obscoreText = ["dataproduct_type", "obs_collection", "obs_id", "obs_publisher_did", "access_format", "target_name",
            "o_ucd", "pol_states", "facility_name", "instrument_name"];
        string[] obscoreDouble = ["s_ra", "s_dec", "s_fov", "s_resolution", "t_min", "t_max", "t_exptime", "t_resolution", "em_min",
            "em_max", "em_res_power"];
        var obscore = obscoreText.Select(n => C(n, "char", "*"))
            .Concat(obscoreDouble.Select(n => C(n, "double")))
            .Concat([C("calib_level", "short"), C("s_region", "char", "*", "adql:region"), C("access_url", "char", "*", "adql:clob"),
                C("access_estsize", "long"), C("s_xel1", "long"), C("s_xel2", "long"), C("t_xel", "long"), C("em_xel", "long"), C("pol_xel", "long")])
            .ToList();
        return new SchemaCatalog(
        [
            new TableInfo("ivoa.obscore", obscore),
            new TableInfo("cat.stars", [C("id", "long"), C("ra", "double"), C("dec", "double"), C("mag", "float"), C("name", "char", "*")]),
            new TableInfo("cat.spectra", [C("id", "long"), C("star_id", "long"), C("ra", "double"), C("dec", "double"), C("snr", "double")]),
        ]);
    }
}

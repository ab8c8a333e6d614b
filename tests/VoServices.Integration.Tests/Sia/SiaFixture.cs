using System.Net;
using System.Xml.Linq;
using Dapper;
using Npgsql;
using VoServices.Demo;
using VoServices.Ingest;
using VoServices.Products;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Sia;

/// <summary>One ObsCore row as the brute-force checks see it (read back from the database).</summary>
public sealed record ObsRow(string Did, string? Type, Sphere.ConvexPolygon? Region, double? EmMin, double? EmMax, double? TMin, double? TMax,
    double? Fov, double? Resolution, double? Exptime, double? TimeResolution, double? ResolvingPower, string? PolStates,
    string Collection, string? Facility, string? Instrument, short Calib, string? Target, string? Format)
{
    public bool IsImageOrCube => Type is "image" or "cube";
}

/// <summary>
/// The real server over its own database holding the ingested demo collection (the products `./vo demo`
/// publishes: cubes across RA 0 and around the pole, RSS spectra, a HiPS) and 3,000 synthetic rows; and
/// every row in memory for brute-force comparisons. Read-only for the tests: the SIA classes share the
/// run's one server and database (made on first use), each through its own instance of this fixture.
/// </summary>
public sealed class SiaFixture(PgFixture pg) : IAsyncLifetime
{
    public const int SyntheticRows = 3000;

    public TapServer Server { get; private set; } = null!;

    public string SiaUrl => Server.BaseUrl + "/sia";

    public IReadOnlyList<ObsRow> Rows { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var shared = await pg.SharedAsync("sia", SiaServer.StartAsync);
        (Server, Rows) = (shared.Server, shared.Rows);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed class SiaServer(TapServer server, IReadOnlyList<ObsRow> rows, string demoDir) : IAsyncDisposable
    {
        public TapServer Server { get; } = server;

        public IReadOnlyList<ObsRow> Rows { get; } = rows;

        public static async Task<SiaServer> StartAsync(PgFixture pg)
        {
            var (_, connectionString) = await pg.CreateDatabaseAsync("sia");
            var demoDir = Directory.CreateTempSubdirectory("vo-sia-demo-").FullName;
            await DemoCollection.WriteAsync(demoDir, CancellationToken.None);
            await using (var dataSource = NpgsqlDataSource.Create(connectionString))
            {
                var options = new IngestOptions("demo", IngestOptions.DefaultPublisherAuthority, CollectionMapping.Empty);
                var report = await new Ingester(dataSource, options).RunAsync([demoDir], null, CancellationToken.None);
                Assert.Empty(report.Failures);
            }

            await SyntheticObsCore.InsertAsync(connectionString, SyntheticRows, seed: 20261121);
            var rows = await ReadRowsAsync(connectionString);
            return new SiaServer(await TapServer.StartAsync(pg, "sia", connectionString: connectionString), rows, demoDir);
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Directory.Delete(demoDir, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<ObsRow>> ReadRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = await connection.QueryAsync(
            """
            SELECT obs_publisher_did, dataproduct_type, public.adql_dali_polygon(s_region) AS region, em_min, em_max, t_min, t_max,
                   s_fov, s_resolution, t_exptime, t_resolution, em_res_power, pol_states, obs_collection, facility_name, instrument_name,
                   calib_level, target_name, access_format
            FROM ivoa.obscore
            """);
        return rows.Select(r => new ObsRow((string)r.obs_publisher_did, (string?)r.dataproduct_type, Polygon((double[]?)r.region),
            (double?)r.em_min, (double?)r.em_max, (double?)r.t_min, (double?)r.t_max, (double?)r.s_fov, (double?)r.s_resolution,
            (double?)r.t_exptime, (double?)r.t_resolution, (double?)r.em_res_power, (string?)r.pol_states, (string)r.obs_collection,
            (string?)r.facility_name, (string?)r.instrument_name, (short)r.calib_level, (string?)r.target_name, (string?)r.access_format)).ToList();
    }

    private static Sphere.ConvexPolygon? Polygon(double[]? degrees) =>
        degrees is null ? null : new Sphere.ConvexPolygon(Enumerable.Range(0, degrees.Length / 2).Select(i => (degrees[2 * i], degrees[(2 * i) + 1])).ToList());

    /// <summary>GET /sia/query with the given parameters (values percent-encoded, '+' as %2B).</summary>
    public async Task<SiaAnswer> QueryAsync(params (string Name, string Value)[] parameters)
    {
        var query = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
        using var response = await Server.Http.GetAsync(SiaUrl + "/query" + (query.Length > 0 ? "?" + query : ""));
        return await SiaAnswer.ReadAsync(response);
    }

    /// <summary>POST /sia/query as a form.</summary>
    public async Task<SiaAnswer> PostAsync(params (string Name, string Value)[] parameters)
    {
        using var response = await Server.Http.PostAsync(SiaUrl + "/query",
            new FormUrlEncodedContent(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))));
        return await SiaAnswer.ReadAsync(response);
    }
}

/// <summary>An HTTP answer of /sia/query, parsed when it is a VOTable.</summary>
public sealed record SiaAnswer(HttpStatusCode Status, string? ContentType, string Body, XDocument? Votable)
{
    private static readonly XNamespace V = VotableWriter.Namespace;

    public static async Task<SiaAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var contentType = response.Content.Headers.ContentType?.MediaType;
        var votable = contentType is "application/x-votable+xml" or "text/xml" ? XDocument.Parse(body) : null;
        return new SiaAnswer(response.StatusCode, contentType, body, votable);
    }

    private XElement Results => Votable!.Root!.Elements(V + "RESOURCE").First(r => (string?)r.Attribute("type") == "results");

    /// <summary>QUERY_STATUS values in document order (leading, and trailing after the table).</summary>
    public IReadOnlyList<string> Statuses =>
        Results.Elements(V + "INFO").Where(i => (string?)i.Attribute("name") == "QUERY_STATUS").Select(i => (string)i.Attribute("value")!).ToList();

    public string ErrorMessage => Results.Elements(V + "INFO").Single(i => (string?)i.Attribute("name") == "QUERY_STATUS").Value;

    public IReadOnlyList<XElement> Fields => Results.Descendants(V + "FIELD").ToList();

    public IReadOnlyList<XElement> MetaResources =>
        Votable!.Root!.Elements(V + "RESOURCE").Where(r => (string?)r.Attribute("type") == "meta").ToList();

    /// <summary>The values of one column, by FIELD name.</summary>
    public IReadOnlyList<string> Column(string name)
    {
        var index = Fields.Select((f, i) => ((string?)f.Attribute("name"), i)).Single(f => f.Item1 == name).i;
        return Results.Descendants(V + "TR").Select(tr => tr.Elements(V + "TD").ElementAt(index).Value).ToList();
    }

    public IReadOnlyList<string> Dids => Column("obs_publisher_did");
}

using System.Net;
using System.Text;
using VoServices.Integration.Tests.Datalink;

namespace VoServices.Integration.Tests.Web;

/// <summary>
/// Issue 11: a seeded HTTP fuzzer over every public endpoint of the demo server (loopback, bounded in count and
/// time). Requests are built from valid parameters mutated the way clients and attackers get them wrong; no
/// answer may be a 5xx or show a stack trace, an exception type, generated SQL or a server path. A failure
/// names the seed and the request, so it can be replayed.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class HttpFuzzTests(PgFixture pg) : IAsyncLifetime
{
    private const int Seed = 20261203;
    private const int Requests = 1500;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(150);

    private static readonly string Cube = DemoServer.Did("cubes/hi/NGC2403_HI.fits");

    private static readonly string[] AdqlPieces =
    [
        "SELECT", "TOP", "1", "-1", "1.5", "*", "obs_id", "s_ra", "ivoa.obscore", "ivoa.ObsCore", "TAP_SCHEMA.tables", "FROM", "WHERE",
        "AND", "OR", "NOT", "(", ")", ",", "'x'", "'", "\"", "\"obs id\"", "ORDER BY", "GROUP BY", "HAVING", "NULL", "99", "1e308", "-0",
        "CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 10, 41, 1)) = 1", "CIRCLE('ICRS', 0, 0, 1000)", "DISTANCE(POINT(0,0), POINT(1,1))",
        "POLYGON('ICRS', 0, 0, 1, 0)", "BOX('ICRS', 1, 2, 3)", "COUNT(*)", "ABS()", "COALESCE()", "pg_read_file('/etc/passwd')", "pg_sleep(10)",
        ";", "--", "/*", "*/", "UNION", "JOIN", "ON", "USING", "TABLESAMPLE(10)", "OFFSET", "LIKE '%'", "ILIKE", "||", "=", "<>", "<", "\u00e9",
        "\u0000", "ivoa.obscore.obs_id", "a.b.c.d", "DISTINCT", "CAST(s_ra AS INTEGER)", "IN (1,2)", "BETWEEN 1 AND 2", "EXISTS (SELECT 1)",
        "TAP_UPLOAD.t", "nonsense.ivoa.obscore", "INTERSECTS(s_region, s_region) = 1", "AREA(s_region)", "1/0", "SQRT(-1)", "LOG(0)",
    ];

    private static readonly string[] Values =
    [
        "", " ", "x", "-1", "0", "1", "1e999", "NaN", "inf", "-inf", "99999999999999999999", "0.5", "1 2", "1 2 3", "1 2 3 4 5 6 7",
        "CIRCLE 10 41 1", "CIRCLE 10 41 -1", "CIRCLE 10 41 200", "RANGE 359.8 0.8 -1 1", "RANGE 1 0", "POLYGON 0 0 1 0 1 1",
        "POLYGON 0 0 1", "BOX 1 2 3 4", "I", "Q", "XX", "0.21 0.22", "0.22 0.21", "-inf 5e-7", "50000 60000", "\u00ff\u00fe", "%00", "../../etc/passwd",
        "<script>alert(1)</script>", "' OR 1=1 --", "votable", "csv", "fits", "application/x-votable+xml;serialization=BINARY2", "text/html", "nonsense",
        Cube, Cube + "x", "ivo://other/x", new string('9', 5000), string.Join(" ", Enumerable.Repeat("1", 300)),
    ];

    private static readonly string[] SiaNames = ["POS", "BAND", "TIME", "POL", "FOV", "SPATRES", "EXPTIME", "ID", "COLLECTION", "FACILITY", "INSTRUMENT",
        "DPTYPE", "CALIB", "TARGET", "TIMERES", "SPECRP", "FORMAT", "MAXREC", "RESPONSEFORMAT", "UNKNOWN"];

    private static readonly string[] SodaNames = ["ID", "CIRCLE", "POLYGON", "POS", "BAND", "TIME", "POL", "RESPONSEFORMAT", "UNKNOWN"];

    private static readonly string[] Hips2FitsNames = ["hips", "ra", "dec", "fov", "width", "height", "projection", "coordsys", "rotation_angle", "pa",
        "wcs", "format", "stretch", "cmap", "min_cut", "max_cut", "min", "max", "inverted", "interp"];

    private static readonly string[] MomentNames = ["ID", "MOMENT", "VLOW", "VHIGH", "BAND", "VELDEF", "RESTFRQ", "CLIP", "CIRCLE", "POLYGON", "POS", "POL", "RESPONSEFORMAT"];

    private static readonly string[] PvNames = ["ID", "PATH", "CENTER", "LENGTH", "PA", "WIDTH", "SPACING", "INTERP", "ORIGIN", "FRAME", "VLOW", "VHIGH", "POL", "RESPONSEFORMAT"];

    private static readonly string[] ChannelNames = ["ID", "NBIN", "BINWIDTH", "VLOW", "VHIGH", "VELDEF", "RESTFRQ", "POL", "RESPONSEFORMAT", "CONTOURS"];

    private static readonly string[] TapNames = ["LANG", "QUERY", "MAXREC", "RESPONSEFORMAT", "FORMAT", "UPLOAD", "REQUEST", "VERSION", "RUNID"];

    private static readonly string[] Paths =
    [
        "/", "/tap", "/tap/examples", "/tap/capabilities", "/tap/availability", "/tap/tables", "/tap/tables/ivoa.obscore", "/tap/tables/x%00y",
        "/tap/async", "/tap/async/0000", "/tap/async/%2e%2e", "/tap/async/x/phase", "/tap/async/x/parameters/y", "/tap/async/x/results/result",
        "/sia/capabilities", "/sia/availability", "/datalink/capabilities", "/soda/capabilities", "/cube/capabilities",
        "/soda/async", "/soda/async/0000", "/soda/async/%2e%2e", "/soda/async/x/results/archive", "/soda/async/x/results/cutout-1", "/soda/async/x/parameters/t", "/files/demo/../../etc/passwd",
        "/files/demo/%2e%2e/%2e%2e/etc/passwd", "/files/demo/cubes/hi/NGC2403_HI.fits", "/files/nope/x", "/files/demo/hips-demo/Norder0/Dir0/Npix0.png",
        "/datalink/header", "/datalink/preview", "/nothing", "/tap/sync/extra",
        "/hips", "/hips/", "/hipslist", "/hips/capabilities", "/hips/demo/hips-demo", "/hips/demo/hips-demo/", "/hips/demo/hips-demo/properties",
        "/hips/demo/hips-demo/Norder3/Dir0/Npix168.fits", "/hips/demo/hips-demo/%2e%2e/%2e%2e/etc/passwd", "/hips/demo/", "/hips/x%00y/z",
        "/hips/demo/hips-demo//Norder3/Allsky.fits", "/static/hips-view.js", "/static/%2e%2e/x", "/static/",
    ];

    /// <summary>What a response must never show: stack frames, .NET and Npgsql type names, the translator's SQL, server paths.</summary>
    private static readonly string[] Leaks =
    [
        "   at ", ".cs:line", "Exception", "System.", "Npgsql", "Microsoft.", "\"ivoa\".\"obscore\"", "spoint(", "scircle(", "SET LOCAL",
        "statement_timeout", "pg_catalog", "vo_reader", "vo_query", "/tmp/", "/work/", "/home/", "/.vo/", "XmlReaderSettings",
    ];

    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Seeded_fuzzing_of_every_endpoint_finds_no_5xx_and_no_leak()
    {
        var random = new Random(Seed);
        var started = DateTime.UtcNow;
        var failures = new List<string>();
        var sent = 0;
        for (; sent < Requests && DateTime.UtcNow - started < Budget && failures.Count < 10; sent++)
        {
            using var request = Next(random);
            var description = $"#{sent} {request.Method} {request.RequestUri}" +
                (request.Content is null ? "" : $" body ({request.Content.Headers.ContentType}) " + Shorten(await request.Content.ReadAsStringAsync()));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            HttpResponseMessage response;
            try
            {
                response = await _demo.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{description}: no answer ({e.GetType().Name})");
                continue;
            }

            using (response)
            {
                var body = await ReadPrefixAsync(response, 256 * 1024, timeout.Token);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{description}: {(int)response.StatusCode} {Shorten(body)}");
                }
                else if (Leaks.FirstOrDefault(l => body.Contains(l, StringComparison.Ordinal) && !Echoed(l, request)) is { } leak)
                {
                    failures.Add($"{description}: the answer shows '{leak}': {Shorten(body[Math.Max(0, body.IndexOf(leak, StringComparison.Ordinal) - 200)..])}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"seed {Seed}, {sent} requests:\n" + string.Join("\n", failures));
        Assert.True(sent >= 300, $"only {sent} requests within the time budget");
    }

    /// <summary>A leak marker the request itself contained (an error message may quote the user's own text).</summary>
    private static bool Echoed(string leak, HttpRequestMessage request) =>
        Uri.UnescapeDataString(request.RequestUri!.Query).Contains(leak, StringComparison.Ordinal)
        || Uri.UnescapeDataString(request.RequestUri.AbsolutePath).Contains(leak, StringComparison.Ordinal)
        || (request.Content is { } c && Uri.UnescapeDataString(c.ReadAsStringAsync().GetAwaiter().GetResult().Replace('+', ' ')).Contains(leak, StringComparison.Ordinal));

    private HttpRequestMessage Next(Random random)
    {
        var kind = random.Next(11);
        var (path, names) = kind switch
        {
            < 4 => ("/tap/sync", TapNames),
            4 or 5 => ("/sia/query", SiaNames),
            6 => random.Next(3) == 0 ? random.Next(3) switch
            {
                0 => ("/cube/moment", MomentNames),
                1 => ("/cube/pv", PvNames),
                _ => ("/cube/channels", ChannelNames),
            } : ("/soda/sync", SodaNames),
            7 => ("/datalink/links", new[] { "ID", "RESPONSEFORMAT", "UNKNOWN" }),
            8 => (random.Next(2) == 0 ? "/datalink/preview" : "/datalink/header", new[] { "ID" }),
            9 => (random.Next(4) == 0 ? "/hips2fits/demo/hips-demo" : "/hips2fits", Hips2FitsNames),
            _ => (Paths[random.Next(Paths.Length)], new[] { "PHASE", "WAIT", "ID", "detail", "UPLOAD", "COLLECTION", "CIRCLE", "BAND" }),
        };

        var parameters = new List<KeyValuePair<string, string>>();
        if (path == "/tap/sync")
        {
            parameters.Add(KeyValuePair.Create("LANG", random.Next(8) == 0 ? Pick(random, Values) : "ADQL"));
            parameters.Add(KeyValuePair.Create("QUERY", Query(random)));
        }
        else if (path == "/hips2fits" || path.StartsWith("/hips2fits/", StringComparison.Ordinal))
        {
            // A valid small cutout most of the time, so the garbage reaches the later stages too.
            foreach (var (name, value) in new[] { ("hips", "demo/hips-demo"), ("ra", "100"), ("dec", "40"), ("fov", "3"), ("width", "20"), ("height", "10") })
            {
                if (random.Next(4) > 0 && !(name == "hips" && path != "/hips2fits"))
                {
                    parameters.Add(KeyValuePair.Create(name, value));
                }
            }
        }
        else if (path is "/soda/sync" or "/cube/moment" or "/cube/pv" or "/cube/channels" or "/datalink/links" or "/datalink/preview" or "/datalink/header" && random.Next(3) > 0)
        {
            parameters.Add(KeyValuePair.Create("ID", Cube));
        }

        for (var n = random.Next(4); n > 0; n--)
        {
            var name = Pick(random, names);
            parameters.Add(KeyValuePair.Create(random.Next(5) == 0 ? name.ToLowerInvariant() : name, Pick(random, Values)));
        }

        var method = random.Next(3) == 0 ? HttpMethod.Post : random.Next(8) == 0 ? HttpMethod.Head : HttpMethod.Get;
        if (kind == 9 && random.Next(4) == 0)
        {
            method = random.Next(2) == 0 ? HttpMethod.Delete : HttpMethod.Options;
        }

        var form = new FormUrlEncodedContent(parameters);
        if (method == HttpMethod.Post)
        {
            var post = new HttpRequestMessage(method, _demo.BaseUrl + path);
            if (random.Next(6) == 0)
            {
                // A body that does not match its declared type (a truncated multipart, text as a form, ...).
                form.Dispose();
                var raw = new StringContent(Pick(random, Values), Encoding.UTF8);
                raw.Headers.Remove("Content-Type");
                raw.Headers.TryAddWithoutValidation("Content-Type", Pick(random, ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/xml"]));
                post.Content = raw;
            }
            else
            {
                post.Content = form;
            }

            return post;
        }

        var query = form.ReadAsStringAsync().GetAwaiter().GetResult();
        form.Dispose();
        return new HttpRequestMessage(method, _demo.BaseUrl + path + (query.Length == 0 ? "" : (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query));
    }

    /// <summary>Mostly valid-looking ADQL: a real query with pieces inserted, removed or swapped.</summary>
    private static string Query(Random random)
    {
        var words = "SELECT TOP 5 obs_id , s_ra FROM ivoa.obscore WHERE s_ra > 0 ORDER BY obs_id".Split(' ').ToList();
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            switch (random.Next(3))
            {
                case 0:
                    words.Insert(random.Next(words.Count + 1), Pick(random, AdqlPieces));
                    break;
                case 1 when words.Count > 1:
                    words.RemoveAt(random.Next(words.Count));
                    break;
                default:
                    words[random.Next(words.Count)] = Pick(random, AdqlPieces);
                    break;
            }
        }

        return string.Join(' ', words);
    }

    private static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit];
        var read = 0;
        int n;
        while (read < limit && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}

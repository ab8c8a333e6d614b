using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Text;
using Npgsql;
using VoServices.Dali.Votable;
using VoServices.Demo;
using VoServices.Fits;
using VoServices.Fits.Wcs;
using VoServices.Ingest;
using VoServices.Integration.Tests.Datalink;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Soda;

/// <summary>
/// SODA async bulk cutouts over four overlapping VLASS-like tiles: a 2,000-row target list (overlaps, edges, misses)
/// against a brute-force coverage from each tile's WCS, every cutout byte-identical in its data to the sync cutout, the
/// archive's members matching the manifest; ID × region combinations; bad target lists failing before any work.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class SodaAsyncTests(PgFixture pg) : IAsyncLifetime
{
    private const int Width = 120;
    private BulkServer _bulk = null!;

    public async Task InitializeAsync() => _bulk = await pg.SharedAsync("soda-bulk", BulkServer.StartAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private TapServer Server => _bulk.Server;

    [Fact]
    public async Task A_target_list_job_cuts_every_covering_tile_as_the_sync_service_does_and_reports_every_miss()
    {
        var targets = Targets(2000);
        var csv = new StringBuilder("id,ra,dec,radius\n");
        foreach (var (id, ra, dec) in targets)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{id},{ra:R},{dec:R},0.004\n");
        }

        var job = await RunAsync(csv.ToString(), ("COLLECTION", "vlass"));

        Assert.Equal("COMPLETED", job.Phase);
        var manifest = await ManifestAsync(job);
        var expected = targets.SelectMany((t, i) => _bulk.Covering(t.Ra, t.Dec).Select(did => (Row: i + 1, Did: did))).ToHashSet();
        var pairs = manifest.Where(r => r.Did is not null).Select(r => (r.Row, Did: r.Did!)).ToHashSet();
        Assert.Equal(expected.Count, pairs.Count);
        Assert.True(expected.SetEquals(pairs), "the manifest's (target, product) pairs are not the brute-force coverage");
        var uncovered = Enumerable.Range(1, targets.Count).Where(r => !expected.Any(e => e.Row == r)).ToHashSet();
        Assert.NotEmpty(uncovered);
        Assert.Equal(uncovered, manifest.Where(r => r.Status == "no-coverage").Select(r => r.Row).ToHashSet());
        Assert.Equal(targets.Count + expected.Count - expected.Select(e => e.Row).Distinct().Count(), manifest.Count);
        Assert.Contains(expected.GroupBy(e => e.Row), g => g.Count() >= 2); // overlaps cut from each tile
        Assert.All(manifest.Where(r => r.Did is not null), r => Assert.Equal("OK", r.Status)); // a covered centre always has pixels

        // Every cutout against the sync service: the same header (HISTORY aside) and the same data bytes.
        foreach (var row in manifest.Where(r => r.Cutout is not null))
        {
            var t = targets[row.Row - 1];
            var sync = await Server.Http.GetByteArrayAsync(Server.BaseUrl + "/soda/sync?ID=" + Uri.EscapeDataString(row.Did!)
                + "&CIRCLE=" + Uri.EscapeDataString(FormattableString.Invariant($"{t.Ra:R} {t.Dec:R} 0.004")));
            var bulk = await Server.Http.GetByteArrayAsync(row.Url!);
            Assert.Equal(row.Bytes, bulk.LongLength);
            Assert.Equal(Comparable(sync), Comparable(bulk));
        }

        var members = await ArchiveAsync(job);
        Assert.Equal("manifest.xml", members[0].Name);
        Assert.Equal(manifest.Where(r => r.File is not null).Select(r => (r.File!, r.Bytes!.Value)).OrderBy(m => m.Item1, StringComparer.Ordinal),
            members.Skip(1).Select(m => (m.Name, m.Length)).OrderBy(m => m.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ids_times_regions_are_one_cutout_each_and_a_region_off_the_dataset_is_a_no_overlap_row()
    {
        var job = await RunAsync(null, ("ID", _bulk.Did(0)), ("ID", _bulk.Did(3)), ("CIRCLE", _bulk.CentreOf(0) + " 0.003"), ("POS", "CIRCLE 10 -40 0.01"), ("POL", "I"));

        Assert.Equal("COMPLETED", job.Phase);
        var manifest = await ManifestAsync(job);
        Assert.Equal([1, 2, 3, 4], manifest.Select(r => r.Row));
        Assert.Equal(["OK", "no-overlap", "no-overlap", "no-overlap"], manifest.Select(r => r.Status));
        Assert.Contains("NAXIS4 1:1", manifest[0].PixelRanges, StringComparison.Ordinal); // POL=I keeps one Stokes plane
    }

    [Theory]
    [InlineData("ra,dec\n150,2\n", "no column radius or size")]
    [InlineData("ra,dec,radius\n150,2,0.01\n150,NaN,0.01\n", "row 2: dec 'NaN' is not a finite number")]
    [InlineData("ra,dec,radius\n150,2,0\n", "row 1: radius 0 must be above 0")]
    [InlineData("ra,dec,size\n150,2,11\n", "row 1: size 11 must be above 0 and at most 10")]
    [InlineData("ra,dec,radius\n400,2,0.1\n", "row 1: ra 400 is outside")]
    public async Task A_bad_target_list_puts_the_job_in_error_naming_the_row_before_any_cutout(string csv, string message)
    {
        var job = await RunAsync(csv, ("COLLECTION", "vlass"));

        Assert.Equal("ERROR", job.Phase);
        Assert.Contains(message, job.Error!.Value.Message, StringComparison.Ordinal);
        Assert.Empty(job.Results);
    }

    [Fact]
    public async Task A_target_list_beyond_the_limit_is_refused_naming_it()
    {
        var csv = new StringBuilder("ra,dec,radius\n");
        for (var i = 0; i <= 100_000; i++)
        {
            csv.Append("150,2,0.01\n");
        }

        var job = await RunAsync(csv.ToString());

        Assert.Equal("ERROR", job.Phase);
        Assert.Contains("more than 100000 rows", job.Error!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_stops_a_running_bulk_job_and_it_lists_no_results()
    {
        var csv = new StringBuilder("ra,dec,radius\n");
        foreach (var (_, ra, dec) in Targets(2000))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{ra:R},{dec:R},0.004\n");
        }

        var location = await CreateAsync(csv.ToString(), ("COLLECTION", "vlass"), ("PHASE", "RUN"));
        using (var abort = await Server.Http.PostAsync(location + "/phase", new FormUrlEncodedContent([KeyValuePair.Create("PHASE", "ABORT")])))
        {
            Assert.Equal(HttpStatusCode.SeeOther, abort.StatusCode);
        }

        var job = UwsJobDocument.Parse(await Server.Http.GetStringAsync(location + "?WAIT=5&PHASE=EXECUTING"));
        Assert.Equal("ABORTED", job.Phase);
        Assert.Empty(job.Results);
    }

    [Fact]
    public async Task A_job_left_executing_by_a_crash_ends_in_error_after_the_restart_with_its_partial_files_removed()
    {
        var location = await CreateAsync("ra,dec,radius\n150,2,0.004\n", ("COLLECTION", "vlass"));
        var id = location[(location.LastIndexOf('/') + 1)..];
        await using (var db = new NpgsqlConnection(Server.ConnectionString))
        {
            await db.OpenAsync();
            // What a kill -9 mid-job leaves: the job EXECUTING, and the cutout it was writing.
            await using var cmd = new NpgsqlCommand($"UPDATE uws.job SET phase = 'EXECUTING', start_time = now() WHERE job_id = '{id}'", db);
            await cmd.ExecuteNonQueryAsync();
        }

        var partial = Path.Combine(Server.ResultDirectory + "-soda", id, "cutouts.tsv.part");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await File.WriteAllTextAsync(partial, "1\t");

        await Server.RestartAsync();

        // A restarted server listens on a port of its own.
        var job = UwsJobDocument.Parse(await Server.Http.GetStringAsync(Server.BaseUrl + "/soda/async/" + id + "?WAIT=5"));
        Assert.Equal("ERROR", job.Phase);
        Assert.Empty(job.Results);
        Assert.False(File.Exists(partial), "the partial cutout index of the previous run is removed at start");
    }

    [Fact]
    public async Task The_soda_capabilities_declare_the_async_service_with_its_limits()
    {
        var xml = await Server.Http.GetStringAsync(Server.BaseUrl + "/soda/capabilities");

        Assert.Contains("ivo://ivoa.net/std/SODA#async-1.0", xml, StringComparison.Ordinal);
        Assert.Contains("100000 targets", xml, StringComparison.Ordinal);
    }

    // Targets over the tile set and around it, none within a quarter pixel of a tile edge (where the footprint polygon
    // and the pixel grid may differ by a fraction of a pixel).
    private List<(string Id, double Ra, double Dec)> Targets(int count)
    {
        var random = new Random(15);
        var span = 2.4 * DemoVlassTiles.OffsetDeg(Width);
        var targets = new List<(string, double, double)>();
        while (targets.Count < count)
        {
            var dec = DemoVlassTiles.CentreDec + ((random.NextDouble() - 0.5) * 2 * span);
            var ra = DemoVlassTiles.CentreRa + ((random.NextDouble() - 0.5) * 2 * span / Math.Cos(DemoVlassTiles.CentreDec * Math.PI / 180));
            if (_bulk.NearAnEdge(ra, dec, 0.25))
            {
                continue;
            }

            targets.Add(($"src{targets.Count + 1}", ra, dec));
        }

        return targets;
    }

    private async Task<UwsJobDocument> RunAsync(string? csv, params (string Name, string Value)[] parameters)
    {
        var location = await CreateAsync(csv, [.. parameters, ("PHASE", "RUN")]);
        for (var i = 0; i < 12; i++)
        {
            var job = UwsJobDocument.Parse(await Server.Http.GetStringAsync(location + "?WAIT=10"));
            if (job.Phase is not ("QUEUED" or "EXECUTING" or "PENDING"))
            {
                return job;
            }
        }

        throw new Xunit.Sdk.XunitException("the bulk job did not finish within 2 minutes");
    }

    /// <summary>POSTs a job (multipart, the target list as part t); returns its URL.</summary>
    private async Task<string> CreateAsync(string? csv, params (string Name, string Value)[] parameters)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in parameters)
        {
            form.Add(new StringContent(value), name);
        }

        if (csv is not null)
        {
            form.Add(new StringContent("targets,param:t"), "UPLOAD");
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "t", "targets.csv");
        }

        var created = await Server.Http.PostAsync(Server.BaseUrl + "/soda/async", form);
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        return created.Headers.Location!.ToString();
    }

    private sealed record ManifestRow(int Row, string? Did, string Status, int? Cutout, string? Url, string? File, long? Bytes, string? PixelRanges);

    private async Task<List<ManifestRow>> ManifestAsync(UwsJobDocument job)
    {
        Assert.Equal("manifest", job.Results[0].Id);
        await using var stream = await Server.Http.GetStreamAsync(job.Results[0].Href);
        using var reader = VotableTableReader.Open(stream);
        var names = reader.Fields.Select(f => f.Name).ToList();
        int C(string n) => names.IndexOf(n);
        return reader.ReadRows().Select(r => new ManifestRow((int)(long)r[C("target")]!, r[C("obs_publisher_did")] as string, (string)r[C("status")]!,
            r[C("cutout")] is long n ? (int)n : null, r[C("access_url")] as string, r[C("file")] as string, r[C("content_length")] as long?,
            r[C("pixel_ranges")] as string)).ToList();
    }

    private async Task<List<(string Name, long Length)>> ArchiveAsync(UwsJobDocument job)
    {
        var href = job.Results.Single(r => r.Id == "archive").Href;
        await using var stream = await Server.Http.GetStreamAsync(href);
        using var tar = new TarReader(stream);
        var members = new List<(string, long)>();
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            members.Add((entry.Name, entry.Length));
        }

        return members;
    }

    // A cutout without its HISTORY cards (they carry the time it was made): header cards and data bytes.
    private static (string Header, string Data) Comparable(byte[] fits)
    {
        using var stream = new MemoryStream(fits);
        var hdu = FitsReader.ReadHdus(stream)[0];
        var cards = string.Join("\n", hdu.Header.CardImages.Where(c => !c.StartsWith("HISTORY", StringComparison.Ordinal)));
        return (cards, Convert.ToHexString(fits.AsSpan((int)hdu.DataOffset)));
    }

    /// <summary>The four tiles ingested as collection "vlass" into a database of their own, and served.</summary>
    private sealed class BulkServer : IAsyncDisposable
    {
        private readonly List<(string Did, FitsHeader Header)> _tiles;

        private BulkServer(TapServer server, List<(string, FitsHeader)> tiles)
        {
            Server = server;
            _tiles = tiles;
        }

        public TapServer Server { get; }

        public ValueTask DisposeAsync() => Server.DisposeAsync();

        public static async Task<BulkServer> StartAsync(PgFixture pg)
        {
            var dir = Directory.CreateTempSubdirectory("vo-soda-bulk-").FullName;
            await DemoVlassTiles.WriteAsync(dir, Width, CancellationToken.None);
            var (_, db) = await pg.CreateDatabaseAsync("soda-bulk");
            await using (var dataSource = NpgsqlDataSource.Create(db))
            {
                var report = await new Ingester(dataSource, new IngestOptions("vlass", DemoServer.Authority, CollectionMapping.Empty)).RunAsync([dir], null, CancellationToken.None);
                Assert.Empty(report.Failures);
            }

            var tiles = DemoVlassTiles.Files.Select(f => ($"{DemoServer.Authority}?vlass/{f}", FitsReader.ReadHdus(Path.Combine(dir, f))[0].Header)).ToList();
            return new BulkServer(await TapServer.StartAsync(pg, "soda-bulk", connectionString: db), tiles);
        }

        /// <summary>The tiles whose pixel grid (0.5 … N + 0.5) holds the position, by their WCS.</summary>
        public IEnumerable<string> Covering(double ra, double dec) =>
            _tiles.Where(t => Pixel(t.Header, ra, dec) is var (x, y) && x >= 0.5 && x <= Width + 0.5 && y >= 0.5 && y <= Width + 0.5).Select(t => t.Did);

        public bool NearAnEdge(double ra, double dec, double pixels) => _tiles.Any(t => Pixel(t.Header, ra, dec) is var (x, y)
            && ((Math.Abs(x - 0.5) < pixels || Math.Abs(x - Width - 0.5) < pixels) && y > -pixels && y < Width + 1 + pixels
                || (Math.Abs(y - 0.5) < pixels || Math.Abs(y - Width - 0.5) < pixels) && x > -pixels && x < Width + 1 + pixels));

        public string Did(int tile) => _tiles[tile].Did;

        public string CentreOf(int tile) => FormattableString.Invariant($"{_tiles[tile].Header.GetDouble("CRVAL1")} {_tiles[tile].Header.GetDouble("CRVAL2")}");

        private static (double X, double Y) Pixel(FitsHeader header, double ra, double dec)
        {
            using var wcs = WcsTransform.FromHeader(header);
            var p = wcs.WorldToPixel(ra, dec, 2.0625e9, 1);
            return (p[0], p[1]);
        }
    }
}

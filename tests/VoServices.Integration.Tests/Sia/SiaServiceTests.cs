using System.Net;
using System.Xml.Linq;
using Dapper;
using Npgsql;
using VoServices.Datalink;
using VoServices.Products;
using VoServices.Sia;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Sia;

/// <summary>SIA 2.0 over HTTP as the standard describes it: VOSI, response metadata, MAXREC, errors, formats, validators, indexes.</summary>
[Collection(PgCollection.Name)]
public sealed class SiaServiceTests(SiaFixture sia) : IClassFixture<SiaFixture>
{
    private static readonly XNamespace V = VotableWriter.Namespace;

    private async Task<string> GetTextAsync(string path)
    {
        using var response = await sia.Server.Http.GetAsync(sia.Server.BaseUrl + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> VotlintAsync(string body)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, body);
        try
        {
            var (code, output) = await External.RunAsync("stilts", ["votlint", "votable=" + path]);
            Assert.True(code == 0, output);
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Capabilities_list_sia_query_and_vosi_each_with_a_standard_id_and_an_answering_url()
    {
        var caps = XDocument.Parse(await GetTextAsync("/sia/capabilities"));
        var capabilities = caps.Root!.Elements("capability").ToList();
        Assert.Equal(3, capabilities.Count);
        Assert.All(capabilities, c => Assert.False(string.IsNullOrEmpty((string?)c.Attribute("standardID"))));
        Assert.Equal([SiaResponse.StandardId, "ivo://ivoa.net/std/VOSI#capabilities", "ivo://ivoa.net/std/VOSI#availability"],
            capabilities.Select(c => (string?)c.Attribute("standardID")));

        XNamespace xsi = "http://www.w3.org/2001/XMLSchema-instance";
        var query = capabilities[0].Element("interface")!;
        Assert.Equal("vs:ParamHTTP", (string?)query.Attribute(xsi + "type"));
        Assert.Equal("std", (string?)query.Attribute("role"));
        Assert.Equal("2.0", (string?)query.Attribute("version"));
        Assert.Equal(sia.SiaUrl + "/query", query.Element("accessURL")!.Value);
        foreach (var url in capabilities.Select(c => c.Element("interface")!.Element("accessURL")!.Value))
        {
            using var response = await sia.Server.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Availability_says_available()
    {
        var doc = XDocument.Parse(await GetTextAsync("/sia/availability"));
        Assert.Equal("true", doc.Descendants().Single(e => e.Name.LocalName == "available").Value);
    }

    [Fact]
    public async Task Fields_are_all_obscore_columns_with_the_metadata_tap_schema_publishes()
    {
        var answer = await sia.QueryAsync(("MAXREC", "1"));
        await using var db = new NpgsqlConnection(sia.Server.ConnectionString);
        var columns = (await db.QueryAsync<(string Name, string Datatype, string? Unit, string? Ucd, string? Utype, string? Xtype)>(
            "SELECT column_name, datatype, unit, ucd, utype, xtype FROM tap_schema.columns WHERE table_name = 'ivoa.ObsCore' ORDER BY column_index")).ToList();
        Assert.Equal(45, columns.Count);
        Assert.Equal(columns, answer.Fields.Select(f => ((string)f.Attribute("name")!, (string)f.Attribute("datatype")!, (string?)f.Attribute("unit"),
            (string?)f.Attribute("ucd"), (string?)f.Attribute("utype"), (string?)f.Attribute("xtype"))));
        Assert.Equal(DatalinkDescriptors.PublisherDidFieldId, (string?)answer.Fields.Single(f => (string?)f.Attribute("name") == "obs_publisher_did").Attribute("ID"));
        Assert.Contains(answer.Votable!.Descendants(V + "INFO"), i => (string?)i.Attribute("name") == "standardID" && (string?)i.Attribute("value") == SiaResponse.StandardId);
        Assert.Matches("^Polygon ICRS( -?[0-9.]+)+$", answer.Column("s_region").Single());
    }

    [Fact]
    public async Task Every_value_is_the_text_tap_gives_for_select_star_including_stcs_regions()
    {
        var answer = await sia.QueryAsync(("COLLECTION", "demo"));
        using var response = await sia.Server.Http.GetAsync(sia.Server.TapUrl + "/sync?LANG=ADQL&QUERY="
            + Uri.EscapeDataString("SELECT * FROM ivoa.obscore WHERE obs_collection = 'demo' AND dataproduct_type IN ('image', 'cube')"));
        var tap = await SiaAnswer.ReadAsync(response);
        // Both carry the same DataLink descriptors, and so the same XML ID on obs_publisher_did.
        Assert.Equal(tap.Fields.Select(f => f.ToString()), answer.Fields.Select(f => f.ToString()));
        var order = tap.Dids.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        foreach (var column in new[] { "s_region", "obs_creation_date", "s_ra", "em_min", "calib_level", "access_estsize" })
        {
            var tapValues = tap.Column(column);
            var siaValues = answer.Column(column);
            Assert.Equal(tapValues.Count, siaValues.Count);
            for (var i = 0; i < siaValues.Count; i++)
            {
                Assert.Equal(tapValues[order[answer.Dids[i]]], siaValues[i]);
            }
        }

        Assert.All(answer.Column("s_region"), r => Assert.StartsWith("Polygon ICRS ", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Maxrec_zero_returns_metadata_with_overflow_and_the_descriptors()
    {
        var answer = await sia.QueryAsync(("MAXREC", "0"), ("POS", "CIRCLE 10 10 1"));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(["OVERFLOW", "OVERFLOW"], answer.Statuses);
        Assert.Empty(answer.Dids);
        Assert.Equal(45, answer.Fields.Count);
        Assert.Equal(["datalink-links", "soda-sync", "soda-async", "this"], answer.MetaResources.Select(r => (string?)r.Attribute("name")));
        await VotlintAsync(answer.Body);
    }

    [Fact]
    public async Task Maxrec_below_the_match_count_truncates_with_overflow_and_equal_to_it_does_not()
    {
        var all = await sia.QueryAsync(("COLLECTION", "demo"));
        var count = all.Dids.Count;
        Assert.True(count >= 8, $"{count} demo rows");
        Assert.Equal(["OK"], all.Statuses);

        var cut = await sia.QueryAsync(("COLLECTION", "demo"), ("MAXREC", "3"));
        Assert.Equal(3, cut.Dids.Count);
        Assert.Equal(["OVERFLOW", "OVERFLOW"], cut.Statuses);

        var exact = await sia.QueryAsync(("COLLECTION", "demo"), ("MAXREC", count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(count, exact.Dids.Count);
        Assert.Equal(["OK"], exact.Statuses);
    }

    [Fact]
    public async Task Demo_rss_is_a_cube_row_and_the_hips_an_image_row_both_served()
    {
        // The ingest types LVM row-stacked spectra as cube (subtype rss) and HiPS as image (subtype hips).
        var answer = await sia.QueryAsync(("COLLECTION", "demo"));
        var subtypes = answer.Column("dataproduct_subtype");
        Assert.Contains("rss", subtypes);
        Assert.Contains("hips", subtypes);
        Assert.All(answer.Column("dataproduct_type"), t => Assert.Contains(t, new[] { "image", "cube" }));
    }

    [Theory]
    [InlineData("pos", "maxrec")]
    [InlineData("Pos", "MaxRec")]
    [InlineData("POS", "MAXREC")]
    public async Task Parameter_names_are_case_insensitive(string pos, string maxrec)
    {
        var answer = await sia.QueryAsync((pos, "CIRCLE 202.78 30.5 0.1"), (maxrec, "10"), ("collection", "demo"));
        Assert.Equal("ivo://x-unregistered/voservices?demo/cubes/continuum/3C286_IQUV.fits", Assert.Single(answer.Dids));
    }

    [Fact]
    public async Task Unencoded_plus_inf_that_arrives_as_space_inf_still_means_plus_infinity()
    {
        using var raw = await sia.Server.Http.GetAsync(sia.SiaUrl + "/query?BAND=0.2+Inf&COLLECTION=demo");
        var answer = await SiaAnswer.ReadAsync(raw);
        var encoded = await sia.QueryAsync(("BAND", "0.2 +Inf"), ("COLLECTION", "demo"));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.NotEmpty(answer.Dids);
        Assert.Equal(encoded.Dids, answer.Dids);
    }

    [Theory]
    [InlineData("POS", "CIRCLE 12", "UsageFault: POS: ")]
    [InlineData("POS", "RANGE -5 5 0 1", "UsageFault: POS: ")]
    [InlineData("BAND", "abc", "UsageFault: BAND: ")]
    [InlineData("TIME", "2 1", "UsageFault: TIME: ")]
    [InlineData("CALIB", "x", "UsageFault: CALIB: ")]
    [InlineData("POL", "W", "UsageFault: POL: ")]
    [InlineData("MAXREC", "-1", "UsageFault: MAXREC: ")]
    [InlineData("RESPONSEFORMAT", "application/json", "UsageFault: RESPONSEFORMAT: ")]
    public async Task Malformed_values_are_400_votable_errors_starting_with_usagefault_and_the_parameter(string name, string value, string start)
    {
        var answer = await sia.QueryAsync((name, value));
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/x-votable+xml", answer.ContentType);
        Assert.Equal(["ERROR"], answer.Statuses);
        Assert.StartsWith(start, answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Polygon_of_101_vertices_is_a_400_usage_fault_naming_pos()
    {
        var vertices = string.Join(' ', Enumerable.Range(0, 101).Select(i =>
            FormattableString.Invariant($"{202.8 + (0.1 * Math.Cos(i * 2 * Math.PI / 101))} {30.5 + (0.1 * Math.Sin(i * 2 * Math.PI / 101))}")));
        var answer = await sia.QueryAsync(("POS", "POLYGON " + vertices));
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["ERROR"], answer.Statuses);
        Assert.StartsWith("UsageFault: POS: the polygon has 101 vertices, more than the 100", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_one_pos_values_are_a_400_usage_fault_naming_pos_and_twenty_are_answered()
    {
        var twenty = Enumerable.Range(0, 20).Select(i => ("POS", FormattableString.Invariant($"CIRCLE {i * 10} 0 0.1"))).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await sia.QueryAsync(twenty)).Status);
        var answer = await sia.QueryAsync([.. twenty, ("POS", "CIRCLE 202.78 30.5 0.1")]);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.StartsWith("UsageFault: POS: given 21 times, more than the 20", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_document_passes_votlint() =>
        await VotlintAsync((await sia.QueryAsync(("POS", "CIRCLE 12"))).Body);

    [Theory]
    [InlineData("POLYGON 0 0 120 0 240 0", "a line segment overlaps or polygon too large")]
    [InlineData("POLYGON 0 0 10 0 0 10 10 10", "a line segment overlaps or polygon too large")]
    [InlineData("POLYGON 0 0 10 0 10 0", "At least 3 points required")]
    public async Task Polygons_pgsphere_refuses_are_usage_errors_with_its_reason(string polygon, string reason)
    {
        var answer = await sia.QueryAsync(("POS", "CIRCLE 1 1 1"), ("POS", polygon));
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.StartsWith("UsageFault: POS: " + polygon + " is not a valid polygon (" + reason + ")", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("text/tab-separated-values")]
    public async Task Errors_for_csv_and_tsv_requests_are_text_plain(string format)
    {
        var answer = await sia.QueryAsync(("BAND", "abc"), ("RESPONSEFORMAT", format));
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("text/plain", answer.ContentType);
        Assert.StartsWith("UsageFault: BAND: ", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv", "text/csv")]
    [InlineData("tsv", "text/tab-separated-values")]
    [InlineData("application/fits", "application/fits")]
    [InlineData("votable/b2", "application/x-votable+xml")]
    public async Task Responseformat_chooses_the_output(string format, string mediaType)
    {
        using var response = await sia.Server.Http.GetAsync(sia.SiaUrl + "/query?COLLECTION=demo&RESPONSEFORMAT=" + Uri.EscapeDataString(format));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (format == "csv")
        {
            var lines = System.Text.Encoding.UTF8.GetString(body).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("dataproduct_type,dataproduct_subtype,calib_level,", lines[0], StringComparison.Ordinal);
            Assert.Equal((await sia.QueryAsync(("COLLECTION", "demo"))).Dids.Count, lines.Length - 1);
        }
        else if (format == "application/fits")
        {
            Assert.StartsWith("SIMPLE  =", System.Text.Encoding.ASCII.GetString(body, 0, 9), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Response_with_rows_passes_votlint_in_tabledata_and_binary2()
    {
        var td = await sia.QueryAsync(("POS", "CIRCLE 0 -15 5"), ("MAXREC", "50"));
        Assert.NotEmpty(td.Dids);
        Assert.DoesNotContain("ERROR", await VotlintAsync(td.Body), StringComparison.Ordinal);
        using var b2 = await sia.Server.Http.GetAsync(sia.SiaUrl + "/query?MAXREC=50&RESPONSEFORMAT=votable%2Fb2&POS=" + Uri.EscapeDataString("CIRCLE 0 -15 5"));
        Assert.DoesNotContain("ERROR", await VotlintAsync(await b2.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Datalink_and_soda_descriptors_refer_to_the_publisher_did_field()
    {
        var answer = await sia.QueryAsync(("COLLECTION", "demo"), ("MAXREC", "2"));
        var meta = answer.MetaResources;
        string? Standard(XElement r) => (string?)r.Elements(V + "PARAM").Single(p => (string?)p.Attribute("name") == "standardID").Attribute("value");
        Assert.Equal([DatalinkDescriptors.LinksStandardId, DatalinkDescriptors.SodaSyncStandardId, DatalinkDescriptors.SodaAsyncStandardId, SiaResponse.StandardId], meta.Select(Standard));
        foreach (var descriptor in meta.Take(3))
        {
            Assert.Equal("obs_publisher_did", (string?)descriptor.Descendants(V + "PARAM").Single(p => (string?)p.Attribute("name") == "ID").Attribute("ref"));
        }

        Assert.Equal(sia.Server.BaseUrl + "/datalink/links", (string?)meta[0].Elements(V + "PARAM").Single(p => (string?)p.Attribute("name") == "accessURL").Attribute("value"));
        var self = meta[3];
        Assert.Equal(("this", "adhoc:service"), ((string?)self.Attribute("name"), (string?)self.Attribute("utype")));
        Assert.Equal(sia.SiaUrl + "/query", (string?)self.Elements(V + "PARAM").Single(p => (string?)p.Attribute("name") == "accessURL").Attribute("value"));
    }

    [Fact]
    public async Task Self_description_offers_the_collections_and_formats_in_the_table_once_read()
    {
        // The lists are read in the background after the first query; poll until they appear.
        string[] collections = [];
        for (var attempt = 0; attempt < 50 && collections.Length == 0; attempt++)
        {
            var answer = await sia.QueryAsync(("MAXREC", "0"));
            collections = answer.MetaResources.Single(r => (string?)r.Attribute("name") == "this").Descendants(V + "PARAM")
                .Single(p => (string?)p.Attribute("name") == "COLLECTION").Descendants(V + "OPTION").Select(o => (string)o.Attribute("value")!).ToArray();
            if (collections.Length == 0)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(["Synthetic", "demo", "synthetic"], collections);
        var last = await sia.QueryAsync(("MAXREC", "0"));
        var formats = last.MetaResources.Single(r => (string?)r.Attribute("name") == "this").Descendants(V + "PARAM")
            .Single(p => (string?)p.Attribute("name") == "FORMAT").Descendants(V + "OPTION").Select(o => (string)o.Attribute("value")!).ToList();
        await using var db = new NpgsqlConnection(sia.Server.ConnectionString);
        var expected = await db.QueryAsync<string>(
            "SELECT DISTINCT access_format FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') AND access_format IS NOT NULL ORDER BY access_format");
        Assert.Equal(expected, formats);
        Assert.Contains("image/fits", formats);
        Assert.Contains("application/x-votable+xml;content=datalink", formats); // the demo's access_url is its links document
    }

    [Fact]
    public async Task The_sql_of_pos_and_id_uses_the_gist_and_lower_did_indexes()
    {
        // The statement the server runs, planned with sequential scans disabled: only an index that fits can be used.
        var query = SiaQuery.From(new Dali.DaliParameters([KeyValuePair.Create("POS", "CIRCLE 10 20 1"), KeyValuePair.Create("ID", "ivo://X/y"),
            KeyValuePair.Create("POS", "POLYGON 1 1 2 1 2 2"), KeyValuePair.Create("POS", "RANGE 0 10 0 10")]), new SiaOptions());
        await using var db = new NpgsqlConnection(sia.Server.ConnectionString);
        await db.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await db.ExecuteAsync("SET LOCAL enable_seqscan = off; SET LOCAL search_path = public, vo");
        foreach (var (where, index) in new[] { (SiaSqlBuilder.Build(query with { Id = [] }), "obscore_s_region"), (SiaSqlBuilder.Build(query with { Pos = [] }), "obscore_publisher_did") })
        {
            var (sql, parameters) = where.Statement("SELECT obs_id FROM ivoa.obscore", 100);
            await using var explain = new NpgsqlCommand("EXPLAIN " + sql, db, tx);
            explain.Parameters.AddRange(parameters);
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
            Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
        }
    }
}

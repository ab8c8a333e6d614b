using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace VoServices.Integration.Tests.Tap;

/// <summary>TAP /sync over HTTP against the real server and PostgreSQL; outputs read back by astropy and votlint.</summary>
[Collection(PgCollection.Name)]
public sealed class TapSyncTests(PgFixture pg) : IAsyncLifetime
{
    private TapServer _server = null!;

    public async Task InitializeAsync() => _server = await TapServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> Sync(string adql, string extra = "") =>
        _server.GetAsync($"/sync?LANG=ADQL&QUERY={TapServer.Encode(adql)}{extra}");

    /// <summary>Parses a VOTable with astropy and prints field metadata, row count, status INFOs and the rows.</summary>
    private static async Task<string> Astropy(byte[] votable)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, votable);
        try
        {
            var (code, output) = await External.PythonAsync("""
                import sys, warnings
                from astropy.io.votable import parse
                # astropy 5.2 knows an older UCD list (no pos.outline); votlint checks strictly elsewhere.
                warnings.simplefilter('ignore')
                vt = parse(sys.argv[1], verify='warn')
                res = vt.resources[0]
                print('STATUS', ' '.join(i.value for i in res.infos if i.name == 'QUERY_STATUS'))
                t = res.tables[0]
                for f in t.fields:
                    print('FIELD', f.name, f.datatype, f.arraysize, f.unit, f.ucd, f.xtype)
                a = t.array
                print('ROWS', len(a))
                for i in range(len(a)):
                    print('ROW', '|'.join(str(a[n][i]).replace('\n', '') for n in a.dtype.names))
                """, path);
            Assert.True(code == 0, output);
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Default_output_is_a_tabledata_votable_that_astropy_reads_with_metadata_and_values()
    {
        using var response = await Sync("SELECT obs_id, s_ra, calib_level, obs_creation_date, s_region, POINT('ICRS', s_ra, s_dec) AS p FROM ivoa.obscore WHERE obs_id = 'm31/cube1.fits'");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-votable+xml", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Contains("<TABLEDATA>", Encoding.UTF8.GetString(body), StringComparison.Ordinal);

        var output = await Astropy(body);
        Assert.Contains("STATUS OK", output, StringComparison.Ordinal);
        Assert.Contains("FIELD s_ra double None deg pos.eq.ra None", output, StringComparison.Ordinal);
        Assert.Contains("FIELD calib_level short None None meta.code;obs.calib None", output, StringComparison.Ordinal);
        Assert.Contains("FIELD obs_creation_date char * None time;meta.dataset timestamp", output, StringComparison.Ordinal);
        Assert.Contains("FIELD p double 2 deg None point", output, StringComparison.Ordinal);
        Assert.Contains("ROWS 1", output, StringComparison.Ordinal);
        Assert.Contains("ROW m31/cube1.fits|10.6847|2|2024-03-01T12:30:00|Polygon ICRS 10.58 41.17 10.78 41.17 10.78 41.37 10.58 41.37|[10.6847 41.269]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary2_output_passes_votlint_and_reads_back_the_same_values_including_nulls()
    {
        const string Query = "SELECT obs_id, target_name, access_estsize, s_xel1, em_res_power, obs_release_date FROM ivoa.obscore ORDER BY obs_id";
        using var td = await Sync(Query);
        using var b2 = await Sync(Query, "&RESPONSEFORMAT=" + TapServer.Encode("application/x-votable+xml;serialization=BINARY2"));
        Assert.Equal("application/x-votable+xml;serialization=BINARY2", b2.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal));
        var binary = await b2.Content.ReadAsByteArrayAsync();
        Assert.Contains("<BINARY2>", Encoding.UTF8.GetString(binary), StringComparison.Ordinal);

        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, binary);
        var (code, lint) = await External.RunAsync("stilts", ["votlint", "votable=" + path]);
        File.Delete(path);
        Assert.True(code == 0 && !lint.Contains("ERROR", StringComparison.Ordinal), lint);

        var fromBinary = await Astropy(binary);
        Assert.Equal(await Astropy(await td.Content.ReadAsByteArrayAsync()), fromBinary);
        Assert.Contains("ROW cosmos/rss1.fits||512|--|1800.0|", fromBinary, StringComparison.Ordinal);
        Assert.Contains("ROWS 3", fromBinary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameter_names_are_case_insensitive_and_unknown_ones_are_ignored()
    {
        using var response = await _server.GetAsync("/sync?lang=ADQL-2.0&Query=" + TapServer.Encode("SELECT TOP 1 obs_id FROM ivoa.obscore") + "&REQUEST=doQuery&VERSION=1.0&foo=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("QUERY_STATUS\" value=\"OK\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maxrec_below_the_row_count_returns_maxrec_rows_and_overflow_before_and_after_the_table()
    {
        using var response = await Sync("SELECT obs_id FROM ivoa.obscore", "&MAXREC=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = await Astropy(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("ROWS 2", output, StringComparison.Ordinal);
        // The leading INFO too: pyVO reads only that one to warn of a truncated result.
        Assert.Contains("STATUS OVERFLOW OVERFLOW", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT obs_id, COUNT(*) AS n FROM ivoa.obscore GROUP BY s_ra", "must appear in the GROUP BY clause")]
    [InlineData("SELECT COUNT(*) AS n FROM ivoa.obscore GROUP BY 1", "aggregate functions are not allowed in GROUP BY")]
    [InlineData("SELECT obs_id FROM ivoa.obscore WHERE s_ra = (SELECT s_ra FROM ivoa.obscore)", "more than one row returned by a subquery")]
    public async Task Query_mistakes_the_database_finds_are_a_400_with_its_reason(string adql, string reason)
    {
        using var response = await Sync(adql);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ivoa\".\"obscore\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maxrec_equal_to_the_row_count_reports_no_overflow()
    {
        using var response = await Sync("SELECT obs_id FROM ivoa.obscore", "&MAXREC=3");
        var output = await Astropy(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("ROWS 3", output, StringComparison.Ordinal);
        Assert.Contains("STATUS OK\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Top_smaller_than_maxrec_reports_no_overflow()
    {
        using var response = await Sync("SELECT TOP 1 obs_id FROM ivoa.obscore", "&MAXREC=2");
        var output = await Astropy(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("ROWS 1", output, StringComparison.Ordinal);
        Assert.Contains("STATUS OK\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maxrec_zero_returns_only_metadata_with_overflow()
    {
        using var response = await Sync("SELECT obs_id, s_ra FROM ivoa.obscore", "&MAXREC=0");
        var output = await Astropy(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("ROWS 0", output, StringComparison.Ordinal);
        Assert.Contains("FIELD obs_id char", output, StringComparison.Ordinal);
        Assert.StartsWith("STATUS OVERFLOW", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_result_is_a_valid_table_with_status_ok()
    {
        using var response = await Sync("SELECT obs_id FROM ivoa.obscore WHERE obs_id = 'nothing'");
        var output = await Astropy(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("ROWS 0", output, StringComparison.Ordinal);
        Assert.Contains("STATUS OK", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT obs_id FROM ivoa.obscore WHERE", "QUERY: line 1")]
    [InlineData("SELECT nosuchcolumn FROM ivoa.obscore", "nosuchcolumn")]
    [InlineData("SELECT * FROM ivoa.nosuchtable", "nosuchtable")]
    [InlineData("SELECT * FROM vo.products", "products")]
    public async Task Bad_queries_get_http_400_and_an_error_document_saying_what_and_where(string adql, string expected)
    {
        using var response = await Sync(adql);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-votable+xml", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">", body, StringComparison.Ordinal);
        Assert.Contains(expected, body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("QUERY=SELECT+1", "LANG")]
    [InlineData("LANG=SQL&QUERY=SELECT+1", "unknown query language")]
    [InlineData("LANG=ADQL", "QUERY")]
    [InlineData("LANG=ADQL&QUERY=SELECT+TOP+1+obs_id+FROM+ivoa.obscore&RESPONSEFORMAT=xlsx", "RESPONSEFORMAT")]
    [InlineData("LANG=ADQL&QUERY=SELECT+TOP+1+obs_id+FROM+ivoa.obscore&MAXREC=-1", "MAXREC")]
    public async Task Bad_parameters_get_http_400_naming_the_parameter(string query, string expected)
    {
        using var response = await _server.GetAsync("/sync?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Division_by_zero_in_the_database_is_a_user_error_not_a_500()
    {
        using var response = await Sync("SELECT calib_level / 0 AS x FROM ivoa.obscore");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("division by zero", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&RESPONSEFORMAT=csv", "text/plain")]
    [InlineData("&FORMAT=tsv", "text/plain")]
    [InlineData("&RESPONSEFORMAT=votable", "application/x-votable+xml")]
    [InlineData("", "application/x-votable+xml")]
    public async Task Errors_come_in_the_requested_format_family(string format, string mediaType)
    {
        using var response = await Sync("SELECT nope FROM ivoa.obscore", format);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negative_maxrec_names_the_allowed_range()
    {
        using var response = await Sync("SELECT obs_id FROM ivoa.obscore", "&MAXREC=-1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("MAXREC", text, StringComparison.Ordinal);
        Assert.Contains("give a value of 0 or more", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_and_tsv_have_a_header_line_and_quote_or_clean_values()
    {
        const string Query = "SELECT obs_id, obs_title, s_ra FROM ivoa.obscore ORDER BY obs_id";
        using var csv = await Sync(Query, "&RESPONSEFORMAT=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["obs_id,obs_title,s_ra", "cosmos/rss1.fits,COSMOS fibre spectra,150.1", "hips/dss,DSS colour HiPS,0", "m31/cube1.fits,M31 H-alpha cube,10.6847"], lines);

        using var tsv = await Sync(Query, "&FORMAT=" + TapServer.Encode("text/tab-separated-values"));
        Assert.Equal("text/tab-separated-values", tsv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("obs_id\tobs_title\ts_ra\r\ncosmos/rss1.fits\tCOSMOS fibre spectra\t150.1\r\n", await tsv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_xml_request_is_echoed_as_the_content_type()
    {
        using var response = await Sync("SELECT TOP 1 obs_id FROM ivoa.obscore", "&RESPONSEFORMAT=text/xml");
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Fits_output_is_a_binary_table_astropy_reads_with_nulls_and_units()
    {
        using var response = await Sync("SELECT obs_id, s_ra, calib_level, s_xel1, POINT('ICRS', s_ra, s_dec) AS p FROM ivoa.obscore ORDER BY obs_id", "&RESPONSEFORMAT=fits");
        Assert.Equal("application/fits", response.Content.Headers.ContentType!.MediaType);
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        var (code, output) = await External.PythonAsync("""
            import sys
            from astropy.io import fits
            from astropy.table import Table
            with fits.open(sys.argv[1], checksum=False) as h:
                h.verify('exception')
            t = Table.read(sys.argv[1], hdu=1)
            print(len(t), t['s_ra'].unit, list(t['obs_id']), t['s_xel1'].mask.tolist() if hasattr(t['s_xel1'], 'mask') else None, t['p'][2].tolist())
            """, path);
        File.Delete(path);
        Assert.True(code == 0, output);
        Assert.Contains("3 deg ['cosmos/rss1.fits', 'hips/dss', 'm31/cube1.fits'] [True, True, False] [10.6847, 41.269]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_multipart_upload_becomes_tap_upload_table_joinable_with_contains()
    {
        const string Votable = """
            <?xml version="1.0"?>
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
            <FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg"/><FIELD name="dec" datatype="double" unit="deg"/>
            <FIELD name="Odd Name" datatype="int"/><FIELD name="pos" datatype="double" arraysize="2" xtype="point"/>
            <DATA><TABLEDATA>
            <TR><TD>m31</TD><TD>10.68</TD><TD>41.27</TD><TD>7</TD><TD>10.68 41.27</TD></TR>
            <TR><TD>far away</TD><TD>200</TD><TD>-60</TD><TD/><TD>200 -60</TD></TR>
            </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>
            """;
        using var form = new MultipartFormDataContent
        {
            { new StringContent("ADQL"), "LANG" },
            { new StringContent("SELECT t.name, t.\"Odd Name\", t.pos, o.obs_id FROM TAP_UPLOAD.targets AS t JOIN ivoa.obscore AS o ON 1 = CONTAINS(t.pos, CIRCLE('ICRS', o.s_ra, o.s_dec, 0.5))"), "QUERY" },
            { new StringContent("targets,param:t1"), "UPLOAD" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Votable));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-votable+xml");
        form.Add(file, "t1", "targets.xml");
        using var response = await _server.Http.PostAsync(_server.TapUrl + "/sync", form);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(body));
        var output = await Astropy(body);
        Assert.Contains("ROWS 1", output, StringComparison.Ordinal);
        Assert.Contains("ROW m31|7|[10.68 41.27]|m31/cube1.fits", output, StringComparison.Ordinal);
        Assert.Contains("FIELD pos double 2 None None point", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_that_is_not_a_votable_is_a_400_naming_the_table()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("ADQL"), "LANG" },
            { new StringContent("SELECT * FROM TAP_UPLOAD.bad"), "QUERY" },
            { new StringContent("bad,param:f"), "UPLOAD" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("ra,dec\n1,2\n")), "f", "bad.csv" },
        };
        using var response = await _server.Http.PostAsync(_server.TapUrl + "/sync", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("table 'bad' is not a usable VOTable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploads_are_invisible_to_other_queries_and_never_in_tap_schema()
    {
        using var response = await Sync("SELECT COUNT(*) AS n FROM TAP_SCHEMA.tables WHERE table_name LIKE 'TAP_UPLOAD%'");
        Assert.Contains("<TD>0</TD>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await Sync("SELECT * FROM TAP_UPLOAD.targets");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }
}

using System.Net;
using System.Xml.Linq;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Datalink;

/// <summary>DataLink {links}: rows per ID, errors, descriptors, relations, content types, and STILTS datalinklint.</summary>
[Collection(PgCollection.Name)]
public sealed class DatalinkTests(PgFixture pg) : IAsyncLifetime
{
    private static readonly XNamespace V = VotableWriter.Namespace;
    private static readonly string Cube = DemoServer.Did("cubes/hi/NGC2403_HI.fits");
    private static readonly string Moment = DemoServer.Did("moments/NGC2403_HI_mom0.fits");
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    private string LinksUrl(params string[] ids) =>
        _demo.BaseUrl + "/datalink/links?" + string.Join('&', ids.Select(i => "ID=" + Uri.EscapeDataString(i)));

    private async Task<(HttpResponseMessage Response, List<Dictionary<string, object?>> Rows, XDocument Xml)> LinksAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await _demo.Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        using var reader = VotableTableReader.Open(new MemoryStream(body));
        var names = reader.Fields.Select(f => f.Name).ToList();
        var rows = reader.ReadRows().Select(r => names.Select((n, i) => (n, r[i])).ToDictionary(p => p.n, p => p.Item2)).ToList();
        return (response, rows, XDocument.Load(new MemoryStream(body)));
    }

    [Fact]
    public async Task A_cube_has_its_file_a_preview_its_header_and_a_cutout_service()
    {
        var (response, rows, xml) = await LinksAsync(LinksUrl(Cube), accept: "text/html, image/gif, */*");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-votable+xml;content=datalink", string.Join(";", response.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal)));
        Assert.Equal(["#this", "#preview", "#auxiliary", "#cutout", "#preview-image", "#preview-image", "#proc", "#proc", "#proc", "#derivation"], rows.Select(r => (string)r["semantics"]!));
        Assert.All(rows, r => Assert.Equal(Cube, r["ID"]));
        Assert.All(rows, r => Assert.Equal(1, new[] { "access_url", "service_def", "error_message" }.Count(c => r[c] is string { Length: > 0 })));

        var file = rows[0];
        Assert.Equal("image/fits", file["content_type"]);
        var download = await _demo.Http.GetAsync((string)file["access_url"]!);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal((long)file["content_length"]!, (await download.Content.ReadAsByteArrayAsync()).LongLength);

        var header = await _demo.Http.GetStringAsync((string)rows[2]["access_url"]!);
        Assert.Contains("CTYPE3  = 'VELO-LSR'", header, StringComparison.Ordinal);

        var soda = xml.Descendants(V + "RESOURCE").Single(r => (string?)r.Attribute("ID") == (string)rows[3]["service_def"]!);
        Assert.Equal("adhoc:service", (string?)soda.Attribute("utype"));
        var inputs = soda.Element(V + "GROUP")!.Elements(V + "PARAM").ToDictionary(p => (string)p.Attribute("name")!);
        Assert.Equal(Cube, (string?)inputs["ID"].Attribute("value"));
        Assert.Equal("em.wl;stat.interval", (string?)inputs["BAND"].Attribute("ucd"));
        Assert.Equal("m", (string?)inputs["BAND"].Attribute("unit"));
        Assert.Equal("pos.outline;obs", (string?)inputs["CIRCLE"].Attribute("ucd"));
        var band = inputs["BAND"].Element(V + "VALUES")!;
        Assert.InRange(double.Parse((string)band.Element(V + "MIN")!.Attribute("value")!, System.Globalization.CultureInfo.InvariantCulture), 0.2108, 0.2111);
        Assert.False(inputs.ContainsKey("POL")); // the cube has no polarization axis
    }

    [Fact]
    public async Task A_stokes_cube_offers_only_the_polarizations_it_has()
    {
        var (_, _, xml) = await LinksAsync(LinksUrl(DemoServer.Did("cubes/continuum/3C286_IQUV.fits")));

        // The SODA cutout and the moment, PV and channel map services all choose among the cube's own planes.
        var pols = xml.Descendants(V + "PARAM").Where(p => (string?)p.Attribute("name") == "POL").ToList();
        Assert.Equal(4, pols.Count);
        Assert.All(pols, pol => Assert.Equal(["I", "Q", "U", "V"], pol.Descendants(V + "OPTION").Select(o => (string)o.Attribute("value")!)));
    }

    [Fact]
    public async Task Several_ids_are_answered_in_order_and_an_unknown_one_gets_a_not_found_row()
    {
        var unknown = DemoServer.Did("cubes/hi/NOPE.fits");
        var (_, rows, _) = await LinksAsync(LinksUrl(Moment, unknown, Cube.ToUpperInvariant()));

        Assert.Equal([Moment, unknown, Cube.ToUpperInvariant()], rows.Select(r => (string)r["ID"]!).Distinct());
        var error = Assert.Single(rows, r => (string)r["ID"]! == unknown);
        Assert.Equal("#this", error["semantics"]);
        Assert.StartsWith("NotFoundFault:", (string)error["error_message"]!, StringComparison.Ordinal);
        Assert.Contains(rows, r => (string)r["ID"]! == Cube.ToUpperInvariant() && (string)r["semantics"]! == "#this");
    }

    [Fact]
    public async Task The_mapping_files_relations_become_progenitor_and_derivation_links()
    {
        var (_, rows, _) = await LinksAsync(LinksUrl(Moment, Cube));

        var progenitor = Assert.Single(rows, r => (string)r["semantics"]! == "#progenitor");
        Assert.Equal(Moment, progenitor["ID"]);
        Assert.EndsWith("/files/demo/cubes/hi/NGC2403_HI.fits", (string)progenitor["access_url"]!, StringComparison.Ordinal);
        var derivation = Assert.Single(rows, r => (string)r["semantics"]! == "#derivation");
        Assert.Equal(Cube, derivation["ID"]);
        Assert.EndsWith("/files/demo/moments/NGC2403_HI_mom0.fits", (string)derivation["access_url"]!, StringComparison.Ordinal);
        var missing = Assert.Single(rows, r => (string)r["semantics"]! == "#calibration");
        Assert.StartsWith("NotFoundFault:", (string)missing["error_message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_id_gives_an_empty_table_that_describes_the_service()
    {
        var (response, rows, xml) = await LinksAsync(_demo.BaseUrl + "/datalink/links");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(rows);
        var self = Assert.Single(xml.Descendants(V + "RESOURCE"), r => (string?)r.Attribute("utype") == "adhoc:this");
        Assert.Contains(self.Descendants(V + "PARAM"), p => (string?)p.Attribute("value") == "ivo://ivoa.net/std/DataLink#links-1.1");
    }

    [Theory]
    [InlineData("votable")]
    [InlineData("application/x-votable+xml")]
    [InlineData("application/x-votable+xml;content=datalink")]
    public async Task Votable_response_formats_give_the_standard_document(string format)
    {
        var (response, rows, _) = await LinksAsync(LinksUrl(Cube) + "&RESPONSEFORMAT=" + Uri.EscapeDataString(format));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("#this", rows[0]["semantics"]);
    }

    [Theory]
    [InlineData("text/xml", "text/xml")]
    [InlineData("application/x-votable+xml;content=datalink", "application/x-votable+xml")]
    public async Task Responseformat_text_xml_is_answered_as_text_xml_and_the_datalink_type_as_itself(string format, string mediaType)
    {
        var (response, rows, _) = await LinksAsync(LinksUrl(Cube) + "&RESPONSEFORMAT=" + Uri.EscapeDataString(format));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("#this", rows[0]["semantics"]);
    }

    private async Task<(HttpResponseMessage Response, List<Dictionary<string, object?>> Rows, XDocument Xml)> PostIdsAsync(IEnumerable<string> ids)
    {
        var response = await _demo.Http.PostAsync(_demo.BaseUrl + "/datalink/links",
            new FormUrlEncodedContent(ids.Select(i => KeyValuePair.Create("ID", i))));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        using var reader = VotableTableReader.Open(new MemoryStream(body));
        var names = reader.Fields.Select(f => f.Name).ToList();
        var rows = reader.ReadRows().Select(r => names.Select((n, i) => (n, r[i])).ToDictionary(p => p.n, p => p.Item2)).ToList();
        return (response, rows, XDocument.Load(new MemoryStream(body)));
    }

    private static List<string?> QueryStatuses(XDocument xml) =>
        xml.Descendants(V + "INFO").Where(i => (string?)i.Attribute("name") == "QUERY_STATUS").Select(i => (string?)i.Attribute("value")).ToList();

    [Fact]
    public async Task A_post_of_1500_ids_past_aspnets_form_limit_gets_links_for_every_id()
    {
        // pyVO's iter_datalinks() POSTs every row's ID at once; ASP.NET's default form limit is 1,024 values.
        var ids = new[] { Cube }.Concat(Enumerable.Range(1, 1499).Select(i => $"ivo://x-unregistered/none?{i}")).ToList();

        var (_, rows, xml) = await PostIdsAsync(ids);

        Assert.Equal(ids, rows.Select(r => (string?)r["ID"]).Distinct());
        Assert.Contains(rows, r => (string?)r["ID"] == Cube && (string?)r["semantics"] == "#this" && r["access_url"] is string);
        Assert.DoesNotContain("OVERFLOW", QueryStatuses(xml));
    }

    [Fact]
    public async Task Ids_past_the_cap_are_dropped_and_flagged_with_overflow()
    {
        var ids = Enumerable.Range(0, VoServices.Datalink.LinksDocument.MaxIds + 1).Select(i => $"ivo://x-unregistered/none?{i}").ToList();

        var (_, rows, xml) = await PostIdsAsync(ids);

        Assert.Equal(ids.Take(VoServices.Datalink.LinksDocument.MaxIds), rows.Select(r => (string?)r["ID"]).Distinct());
        Assert.Contains("OVERFLOW", QueryStatuses(xml));
    }

    [Fact]
    public async Task An_unsupported_response_format_is_a_usage_error()
    {
        var response = await _demo.Http.GetAsync(LinksUrl(Cube) + "&RESPONSEFORMAT=text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("RESPONSEFORMAT", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_can_be_posted()
    {
        var response = await _demo.Http.PostAsync(_demo.BaseUrl + "/datalink/links",
            new FormUrlEncodedContent([KeyValuePair.Create("ID", Cube), KeyValuePair.Create("ID", Moment)]));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Moment, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tap_results_with_the_publisher_did_carry_the_datalink_and_soda_descriptors()
    {
        var query = "SELECT obs_publisher_did AS did, obs_id FROM ivoa.obscore";
        var xml = XDocument.Parse(await _demo.Http.GetStringAsync(_demo.Server.TapUrl + "/sync?LANG=ADQL&QUERY=" + Uri.EscapeDataString(query)));
        var field = xml.Descendants(V + "FIELD").Single(f => (string?)f.Attribute("name") == "did");
        var id = (string)field.Attribute("ID")!;
        var descriptors = xml.Descendants(V + "RESOURCE").Where(r => (string?)r.Attribute("utype") == "adhoc:service").ToList();

        Assert.Equal(3, descriptors.Count);
        Assert.All(descriptors, d => Assert.Equal(id, (string?)d.Descendants(V + "PARAM").Single(p => (string?)p.Attribute("name") == "ID").Attribute("ref")));

        var without = XDocument.Parse(await _demo.Http.GetStringAsync(_demo.Server.TapUrl + "/sync?LANG=ADQL&QUERY=" + Uri.EscapeDataString("SELECT obs_id FROM ivoa.obscore")));
        Assert.DoesNotContain(without.Descendants(V + "RESOURCE"), r => (string?)r.Attribute("utype") == "adhoc:service");
    }

    [Fact]
    public async Task Obscore_access_url_is_the_links_document_at_the_service_current_url()
    {
        // The demo was ingested before this server picked its port: the stored access_url is relative and
        // the service completes it with the URL it answers on.
        var query = "SELECT access_url, access_format FROM ivoa.obscore WHERE obs_id = 'cubes/hi/NGC2403_HI.fits'";
        var csv = await _demo.Http.GetStringAsync(_demo.Server.TapUrl + "/sync?LANG=ADQL&RESPONSEFORMAT=csv&QUERY=" + Uri.EscapeDataString(query));

        var expected = _demo.Server.BaseUrl + "/datalink/links?ID=" + Uri.EscapeDataString(Cube);
        Assert.Contains(expected, csv, StringComparison.Ordinal);
        Assert.Contains("application/x-votable+xml;content=datalink", csv, StringComparison.Ordinal);
        using var links = await _demo.Http.GetAsync(expected);
        Assert.Equal(HttpStatusCode.OK, links.StatusCode);
    }

    [Fact]
    public async Task Datalinklint_reports_no_errors()
    {
        foreach (var id in new[] { Cube, Moment, DemoServer.Did("rss/lvmCFrame-00012345.fits"), DemoServer.Did("hips-demo") })
        {
            var (_, output) = await External.RunAsync("stilts", ["datalinklint", "votable=" + LinksUrl(id)]);
            var totals = output.Split('\n').LastOrDefault(l => l.StartsWith("Totals:", StringComparison.Ordinal));
            Assert.True(totals is not null && totals.Contains("Errors: 0", StringComparison.Ordinal) && totals.Contains("Failures: 0", StringComparison.Ordinal), output);
        }
    }

    [Fact]
    public async Task Capabilities_name_the_links_standard()
    {
        var caps = XDocument.Parse(await _demo.Http.GetStringAsync(_demo.BaseUrl + "/datalink/capabilities"));

        Assert.Contains(caps.Descendants("capability"), c => (string?)c.Attribute("standardID") == "ivo://ivoa.net/std/DataLink#links-1.1");
        Assert.All(caps.Descendants("capability"), c => Assert.NotNull(c.Attribute("standardID")));
        Assert.Contains("<vosi:available>true</vosi:available>", await _demo.Http.GetStringAsync(_demo.BaseUrl + "/datalink/availability"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cubes/hi/NGC2403_HI.fits")]
    [InlineData("rss/lvmCFrame-00012345.fits")]
    [InlineData("hips-demo")]
    public async Task Every_kind_of_product_has_a_png_preview_that_is_made_once(string relativePath)
    {
        var (_, rows, _) = await LinksAsync(LinksUrl(DemoServer.Did(relativePath)));
        var url = (string)rows.Single(r => (string)r["semantics"]! == "#preview")["access_url"]!;

        var first = await _demo.Http.GetAsync(url);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        var again = await _demo.Http.GetByteArrayAsync(url);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Equal(bytes, again);
    }

    [Fact]
    public async Task A_hips_links_its_base_url_as_this_and_hips_clients_can_open_it()
    {
        var (_, rows, _) = await LinksAsync(LinksUrl(DemoServer.Did("hips-demo")));
        var self = rows.Single(r => (string)r["semantics"]! == "#this");

        Assert.Equal(_demo.BaseUrl + "/hips/demo/hips-demo", self["access_url"]);
        Assert.Equal("application/hips", self["content_type"]);
        var properties = await _demo.Http.GetStringAsync((string)self["access_url"]! + "/properties");
        Assert.Contains("hips_order", properties, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_of_an_unknown_id_is_not_found()
    {
        var response = await _demo.Http.GetAsync(_demo.BaseUrl + "/datalink/preview?ID=" + Uri.EscapeDataString("ivo://nowhere?x"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

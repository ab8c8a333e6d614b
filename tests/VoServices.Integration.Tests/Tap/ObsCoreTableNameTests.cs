using System.Net;
using System.Xml.Linq;

namespace VoServices.Integration.Tests.Tap;

/// <summary>
/// TAP_SCHEMA and VOSI-tables publish ObsCore's own spelling, ivoa.ObsCore, which clients compare as a
/// string (issue 11 item 13: WHERE table_name = 'ivoa.ObsCore' gave 0 rows, pyVO's tables['ivoa.ObsCore']
/// a KeyError); ADQL still reaches the lower-case PostgreSQL table whatever case a query writes.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class ObsCoreTableNameTests(PgFixture pg) : IAsyncLifetime
{
    private static readonly XNamespace V = "http://www.ivoa.net/xml/VOTable/v1.3";
    private TapServer _server = null!;

    public async Task InitializeAsync() => _server = await TapServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The TD values of a sync query's rows, after asserting it succeeded.</summary>
    private async Task<List<List<string>>> RowsAsync(string adql)
    {
        using var response = await _server.GetAsync("/sync?LANG=ADQL&QUERY=" + TapServer.Encode(adql));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var votable = XDocument.Parse(body);
        Assert.Equal("OK", (string?)votable.Descendants(V + "INFO").First(i => (string?)i.Attribute("name") == "QUERY_STATUS").Attribute("value"));
        return votable.Descendants(V + "TR").Select(tr => tr.Elements(V + "TD").Select(td => td.Value).ToList()).ToList();
    }

    [Fact]
    public async Task Tap_schema_tables_has_one_row_for_the_standards_spelling_ivoa_ObsCore()
    {
        var rows = await RowsAsync("SELECT table_name, schema_name, utype FROM TAP_SCHEMA.tables WHERE table_name = 'ivoa.ObsCore'");
        Assert.Equal(["ivoa.ObsCore", "ivoa", "ivo://ivoa.net/std/ObsCore#table-1.1"], Assert.Single(rows));
        // The old spelling is gone rather than published twice: one table, one set of columns.
        Assert.Empty(await RowsAsync("SELECT table_name FROM TAP_SCHEMA.tables WHERE table_name = 'ivoa.obscore'"));
    }

    [Fact]
    public async Task Tap_schema_columns_of_ivoa_ObsCore_are_all_obscore_columns()
    {
        var rows = await RowsAsync("SELECT COUNT(*) AS n FROM TAP_SCHEMA.columns WHERE table_name = 'ivoa.ObsCore'");
        Assert.Equal("45", Assert.Single(Assert.Single(rows)));
        Assert.Equal("0", Assert.Single(Assert.Single(await RowsAsync("SELECT COUNT(*) AS n FROM TAP_SCHEMA.columns WHERE table_name = 'ivoa.obscore'"))));
    }

    [Fact]
    public async Task Vosi_tables_lists_ivoa_ObsCore_and_serves_it_by_that_name()
    {
        var tableset = XDocument.Parse(await _server.Http.GetStringAsync(_server.TapUrl + "/tables"));
        var names = tableset.Descendants("table").Select(t => (string)t.Element("name")!).ToList();
        Assert.Contains("ivoa.ObsCore", names);
        Assert.DoesNotContain("ivoa.obscore", names);

        var table = XDocument.Parse(await _server.Http.GetStringAsync(_server.TapUrl + "/tables/ivoa.ObsCore"));
        Assert.Equal("ivoa.ObsCore", (string)table.Root!.Element("name")!);
        Assert.Equal(45, table.Root.Elements("column").Count());
    }

    [Theory]
    [InlineData("SELECT obs_id FROM ivoa.obscore")]
    [InlineData("SELECT obs_id FROM ivoa.ObsCore")]
    [InlineData("SELECT obs_id FROM ivoa.OBSCORE")]
    [InlineData("SELECT obs_id FROM IVOA.ObsCore")]
    [InlineData("SELECT ivoa.OBSCORE.obs_id FROM ivoa.ObsCore")]
    [InlineData("SELECT o.obs_id FROM ivoa.ObsCore AS o JOIN ivoa.obscore AS p ON p.obs_id = o.obs_id")]
    public async Task Adql_reaches_the_obscore_table_whatever_case_the_query_writes(string adql)
    {
        var all = Assert.Single(Assert.Single(await RowsAsync("SELECT COUNT(*) AS n FROM ivoa.obscore")));
        Assert.NotEqual("0", all);
        Assert.Equal(all, (await RowsAsync(adql)).Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

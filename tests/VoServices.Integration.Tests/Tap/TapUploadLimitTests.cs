using System.Net;
using System.Text;

namespace VoServices.Integration.Tests.Tap;

/// <summary>Issue 11 item 6: uploads PostgreSQL or pgsphere would fail on are refused as the user's error, naming the table, row and column.</summary>
[Collection(PgCollection.Name)]
public sealed class TapUploadLimitTests(PgFixture pg) : IAsyncLifetime
{
    private TapServer _server = null!;

    public async Task InitializeAsync() => _server = await TapServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Votable(string fields, string row) =>
        $"""<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>{fields}<DATA><TABLEDATA><TR>{row}</TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>""";

    private async Task<(HttpStatusCode Status, string Body)> UploadAsync(string name, string votable)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("ADQL"), "LANG" },
            { new StringContent($"SELECT * FROM TAP_UPLOAD.{name}"), "QUERY" },
            { new StringContent($"{name},param:t"), "UPLOAD" },
            { new StringContent(votable, Encoding.UTF8, "application/x-votable+xml"), "t", "t.xml" },
        };
        using var response = await _server.Http.PostAsync(_server.TapUrl + "/sync", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_upload_with_more_columns_than_the_cap_is_a_413()
    {
        var fields = string.Concat(Enumerable.Range(0, 1700).Select(i => $"<FIELD name=\"c{i}\" datatype=\"int\"/>"));
        var row = string.Concat(Enumerable.Range(0, 1700).Select(i => $"<TD>{i}</TD>"));

        var (status, body) = await UploadAsync("wide", Votable(fields, row));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("table 'wide' has 1700 columns; at most 1000 may be uploaded", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100", "the radius of a circle must be from 0 to 90 degrees")]
    [InlineData("-1", "the radius of a circle must be from 0 to 90 degrees")]
    public async Task An_uploaded_circle_pgsphere_cannot_hold_is_a_400_naming_row_and_column(string radius, string message)
    {
        var (status, body) = await UploadAsync("circles",
            Votable("""<FIELD name="c" datatype="double" arraysize="3" xtype="circle"/>""", $"<TD>10 20 {radius}</TD>"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"table 'circles', row 1: column 'c': {message}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_integer_too_large_for_its_datatype_is_a_400()
    {
        var (status, body) = await UploadAsync("ints", Votable("""<FIELD name="n" datatype="int"/>""", "<TD>3000000000</TD>"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.Contains("row 1: column 'n': 3000000000 does not fit its datatype int", StringComparison.Ordinal), body);
    }

    [Fact]
    public async Task Upload_names_longer_than_postgresql_identifiers_allow_are_refused_before_they_can_collide()
    {
        var name = "t" + new string('x', 52);

        var (status, body) = await UploadAsync(name, Votable("""<FIELD name="n" datatype="int"/>""", "<TD>1</TD>"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("is longer than 52 characters", body, StringComparison.Ordinal);
        var (ok, _) = await UploadAsync(name[..52], Votable("""<FIELD name="n" datatype="int"/>""", "<TD>1</TD>"));
        Assert.Equal(HttpStatusCode.OK, ok);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using VoServices.Integration.Tests.Datalink;

namespace VoServices.Integration.Tests.Tap;

/// <summary>
/// /tap/examples as a client reads it (issue 11 item 19): every example is taken from the XHTML+RDFa
/// document, not from the code, and sent as written (its generic parameters and the upload parts the page
/// shows) to /tap/sync on the demo collection; each must answer rows, none an error.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class TapExamplesTests(PgFixture pg) : IAsyncLifetime
{
    private static readonly XNamespace X = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace V = "http://www.ivoa.net/xml/VOTable/v1.3";
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>One typeof="example" element: its RDFa properties and the parts shown as pre data-part.</summary>
    private sealed record PublishedExample(string Id, string Query, IReadOnlyList<string> Tables,
        IReadOnlyList<(string Key, string Value)> Parameters, IReadOnlyDictionary<string, string> Parts);

    private async Task<List<PublishedExample>> ReadExamplesAsync()
    {
        using var response = await _demo.Http.GetAsync(_demo.Server.TapUrl + "/examples");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        // The page is XHTML with <!DOCTYPE html>: no DTD to fetch, so ignore it rather than refuse it.
        using var reader = XmlReader.Create(body, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var page = XDocument.Load(reader);
        Assert.Equal("http://www.ivoa.net/rdf/examples#", (string?)page.Root!.Element(X + "body")!.Attribute("vocab"));

        static IEnumerable<XElement> Property(XElement e, string name) =>
            e.Descendants().Where(d => (string?)d.Attribute("property") == name);

        return page.Descendants().Where(e => (string?)e.Attribute("typeof") == "example")
            .Select(e => new PublishedExample(
                (string)e.Attribute("id")!,
                Property(e, "query").Single().Value,
                Property(e, "table").Select(t => t.Value).ToList(),
                Property(e, "generic-parameter")
                    .Select(p => (Property(p, "key").Single().Value, Property(p, "value").Single().Value)).ToList(),
                e.Descendants(X + "pre").Where(p => p.Attribute("data-part") is not null)
                    .ToDictionary(p => (string)p.Attribute("data-part")!, p => p.Value, StringComparer.Ordinal)))
            .ToList();
    }

    /// <summary>The request the example describes: LANG, QUERY, its parameters and, for UPLOAD=t,param:p, the part p.</summary>
    private static HttpContent Request(PublishedExample example)
    {
        var fields = new List<(string, string)> { ("LANG", "ADQL"), ("QUERY", example.Query) };
        fields.AddRange(example.Parameters);
        var parts = example.Parameters.Where(p => p.Key.Equals("UPLOAD", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Split(';'))
            .Select(u => u.Split(',', 2)[1])
            .Where(u => u.StartsWith("param:", StringComparison.Ordinal))
            .Select(u => u["param:".Length..])
            .ToList();
        if (parts.Count == 0)
        {
            return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        }

        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var part in parts)
        {
            Assert.True(example.Parts.TryGetValue(part, out var content), $"example '{example.Id}' uploads param:{part} but the page shows no such part");
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content!));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/x-votable+xml");
            form.Add(file, part, part + ".xml");
        }

        return form;
    }

    [Fact]
    public async Task Every_example_runs_as_written_on_the_demo_data_and_returns_rows()
    {
        var examples = await ReadExamplesAsync();
        Assert.NotEmpty(examples);
        var failures = new List<string>();
        foreach (var example in examples)
        {
            using var request = Request(example);
            using var response = await _demo.Http.PostAsync(_demo.Server.TapUrl + "/sync", request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{example.Id}: HTTP {(int)response.StatusCode}: {body}");
                continue;
            }

            var votable = XDocument.Parse(body);
            var status = votable.Descendants(V + "INFO").Where(i => (string?)i.Attribute("name") == "QUERY_STATUS")
                .Select(i => (string?)i.Attribute("value")).ToList();
            var rows = votable.Descendants(V + "TR").Count();
            if (status.Any(s => s != "OK") || rows == 0)
            {
                failures.Add($"{example.Id}: QUERY_STATUS {string.Join(",", status)}, {rows} rows");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Upload_example_publishes_its_upload_parameter_and_the_table_it_sends()
    {
        var upload = Assert.Single(await ReadExamplesAsync(), e => e.Query.Contains("TAP_UPLOAD.", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(("UPLOAD", "targets,param:targets"), upload.Parameters);
        var table = XDocument.Parse(upload.Parts["targets"]);
        var fields = table.Descendants(V + "FIELD").Select(f => (string?)f.Attribute("name")).ToList();
        Assert.Contains("ra", fields);
        Assert.Contains("dec", fields);
    }

    [Fact]
    public async Task Examples_name_tables_as_tap_schema_spells_them()
    {
        var published = XDocument.Parse(await _demo.Http.GetStringAsync(_demo.Server.TapUrl + "/tables"))
            .Descendants("table").Select(t => (string)t.Element("name")!).ToHashSet(StringComparer.Ordinal);
        var named = (await ReadExamplesAsync()).SelectMany(e => e.Tables).ToList();
        Assert.Contains("ivoa.ObsCore", named);
        Assert.All(named, t => Assert.Contains(t, published));
    }
}

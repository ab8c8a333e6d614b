using System.Net;
using System.Xml.Linq;
using VoServices.Adql;

namespace VoServices.Integration.Tests.Tap;

/// <summary>
/// What /tap/capabilities declares is what the running service does: every declared language feature runs
/// on the real database, and nothing the translator's language lists is left undeclared (the checker accepts
/// exactly that list: VoServices.Adql.Tests' AdqlLanguageTests).
/// </summary>
[Collection(PgCollection.Name)]
public sealed class TapCapabilitiesTests(PgFixture pg) : IAsyncLifetime
{
    private TapServer _server = null!;

    public async Task InitializeAsync() => _server = await TapServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>(languageFeatures type, form) of every feature the TAP capability declares.</summary>
    private async Task<List<(string Type, string Form)>> DeclaredFeaturesAsync()
    {
        var xml = XDocument.Parse(await _server.Http.GetStringAsync(_server.TapUrl + "/capabilities"));
        var tap = xml.Root!.Elements("capability").Single(c => (string?)c.Attribute("standardID") == "ivo://ivoa.net/std/TAP");
        return tap.Element("language")!.Elements("languageFeatures")
            .SelectMany(g => g.Elements("feature").Select(f => ((string)g.Attribute("type")!, (string)f.Element("form")!)))
            .ToList();
    }

    [Fact]
    public async Task Capabilities_declare_exactly_the_translators_optional_language()
    {
        var declared = await DeclaredFeaturesAsync();
        var supported = AdqlLanguage.Declared.SelectMany(g => g.Features.Select(f => (g.Type, f.Form))).ToList();
        Assert.Equal(supported.Order(), declared.Order());
        Assert.Equal(declared.Count, declared.Distinct().Count());
    }

    [Fact]
    public async Task Every_declared_feature_runs_its_example_on_the_service()
    {
        var examples = AdqlLanguage.Declared.SelectMany(g => g.Features.Select(f => ((g.Type, f.Form), f.Example)))
            .ToDictionary(p => p.Item1, p => p.Example);
        var failures = new List<string>();
        foreach (var feature in await DeclaredFeaturesAsync())
        {
            var adql = examples[feature];
            using var response = await _server.GetAsync("/sync?LANG=ADQL&MAXREC=5&QUERY=" + TapServer.Encode(adql));
            var body = await response.Content.ReadAsStringAsync();
            var status = XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "INFO" && (string?)e.Attribute("name") == "QUERY_STATUS");
            if (response.StatusCode != HttpStatusCode.OK || (string?)status?.Attribute("value") != "OK")
            {
                failures.Add($"{feature.Form} ({adql}): HTTP {(int)response.StatusCode} {status?.Value ?? (string?)status?.Attribute("value")}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_core_function_runs_its_example_on_the_service()
    {
        foreach (var function in AdqlLanguage.CoreFunctions)
        {
            using var response = await _server.GetAsync("/sync?LANG=ADQL&MAXREC=5&QUERY=" + TapServer.Encode(function.Example));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{function.Form}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace VoServices.Core.Tests.Architecture;

/// <summary>The README's project table is the dependency graph; every src/*.csproj must keep to it.</summary>
public sealed partial class ProjectGraphTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Every_project_references_only_what_the_readme_graph_allows()
    {
        var allowed = ReadmeGraph();
        var projects = Directory.GetDirectories(Path.Combine(Root, "src")).Select(Path.GetFileName).OfType<string>().ToList();
        Assert.Equal(allowed.Keys.Order(StringComparer.Ordinal), projects.Order(StringComparer.Ordinal));
        foreach (var project in projects)
        {
            var csproj = XDocument.Load(Path.Combine(Root, "src", project, project + ".csproj"));
            var references = csproj.Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToList();
            var forbidden = references.Where(r => !allowed[project].Contains(r)).ToList();
            Assert.True(forbidden.Count == 0, $"{project} references {string.Join(", ", forbidden)}, which the README's project graph does not allow");
        }
    }

    [Fact]
    public void No_service_project_references_another_service()
    {
        string[] services = ["VoServices.Tap", "VoServices.Sia", "VoServices.Datalink", "VoServices.Soda", "VoServices.Preview", "VoServices.Ingest", "VoServices.Hips"];
        var graph = ReadmeGraph();
        foreach (var service in services)
        {
            Assert.Empty(graph[service].Intersect(services));
        }
    }

    /// <summary>Project → the projects its row lists (short names as in the table, prefixed).</summary>
    private static Dictionary<string, HashSet<string>> ReadmeGraph()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var table = TableBlock().Match(readme);
        Assert.True(table.Success, "README.md has no <!-- project-graph --> table");
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in table.Groups[1].Value.Split('\n').Where(l => l.StartsWith("| VoServices.", StringComparison.Ordinal)))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            var refs = cells[3] == "—" ? [] : cells[3].Split(',').Select(r => "VoServices." + r.Trim());
            graph[cells[1]] = refs.ToHashSet(StringComparer.Ordinal);
        }

        return graph;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VoServices.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("VoServices.sln not found above the test directory");
    }

    [GeneratedRegex("<!-- project-graph -->(.*?)<!-- /project-graph -->", RegexOptions.Singleline)]
    private static partial Regex TableBlock();
}

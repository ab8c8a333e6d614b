using System.Text.Json;
using VoServices.Demo;
using VoServices.Integration.Tests.Datalink;
using VoServices.Integration.Tests.Tap;
using Xunit.Abstractions;

namespace VoServices.Integration.Tests.Cubes;

/// <summary>
/// The demo collection as a user meets it (pyvo_demo_cubes.py): every ObsCore row of dataproduct_type 'cube', its
/// DataLink document through pyVO, the cube from its #this link, and moments 0 and 1, channel maps and the exampleURL
/// PV slice (linear and cubic) from its #proc descriptors — against spectral-cube, numpy sums × |Δv|, scipy's
/// map_coordinates and numpy's Keys convolution, to 1e-5. Rows that are not spectral cubes (row-stacked spectra) are
/// named with the reason in the test output, never dropped silently.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class CubeDemoReferenceTests(PgFixture pg, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Cubes", "pyvo_demo_cubes.py");
    private readonly string _dir = Directory.CreateTempSubdirectory("vo-demo-cubes-").FullName;
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_demo_cube_explored_through_pyvo_agrees_with_spectral_cube_numpy_and_scipy()
    {
        var (exit, text) = await External.RunAsync("/usr/bin/python3", [Script, _demo.BaseUrl, _dir], timeoutSeconds: 600);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"pyvo_demo_cubes.py gave no result (exit {exit}): {text}");
        var result = JsonDocument.Parse(line).RootElement;

        var skipped = result.GetProperty("skipped").EnumerateObject().ToList();
        foreach (var s in skipped)
        {
            output.WriteLine($"not compared: {s.Name}: {s.Value.GetString()}");
        }

        var cubes = result.GetProperty("cubes").EnumerateObject().ToList();
        foreach (var cube in cubes)
        {
            var checks = cube.Value.EnumerateObject().Select(c => $"{c.Name} {c.Value.GetProperty("checked")}");
            output.WriteLine($"compared: {cube.Name}: {string.Join("; ", checks)}");
            if (cube.Value.GetProperty("moment").TryGetProperty("unjudged", out var unjudged))
            {
                output.WriteLine($"  moments of {cube.Name}: {unjudged.GetString()}");
            }
        }

        var errors = result.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        foreach (var e in errors)
        {
            output.WriteLine($"error: {e}");
        }

        Assert.Empty(errors);
        Assert.Equal(Dids(k => k is not (DemoProductKind.RowStackedSpectra or DemoProductKind.Hips)), cubes.Select(c => c.Name).Order());
        Assert.Equal(Dids(k => k == DemoProductKind.RowStackedSpectra), skipped.Select(s => s.Name).Order());

        // spectral-cube judges every cube's moments but the optical ones (the AIPS VELO-LSR HI cubes).
        var numpyOnly = cubes.Where(c => c.Value.GetProperty("moment").TryGetProperty("unjudged", out _)).Select(c => c.Name).Order();
        Assert.Equal(Dids(k => k == DemoProductKind.VelocityCube), numpyOnly);
        Assert.Equal(0, exit);
    }

    private static IEnumerable<string> Dids(Func<DemoProductKind, bool> kinds) =>
        DemoCollection.Products.Where(p => kinds(p.Kind)).Select(p => DemoServer.Did(p.RelativePath)).Order();
}

using System.Text.Json;
using Npgsql;
using VoServices.Cli;
using VoServices.Demo;
using VoServices.Ingest;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Hips;

/// <summary>
/// The demo's LVM-like maps as `./vo demo` makes them (`vo demo-data DIR --hips`): each HiPS passes
/// hipsgen's LINT, holds the weighted means healpy computes from the fibres themselves, and is
/// ingested as a HiPS product while the input tables are skipped.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class DemoLvmHipsTests(PgFixture pg) : IDisposable
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Hips");
    private readonly string _dir = Directory.CreateTempSubdirectory("vo-demo-lvm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Demo_lvm_hips_pass_hipsgen_lint_hold_healpy_weighted_means_and_are_ingested_as_hips()
    {
        Assert.Equal(0, await DemoDataCommand.RunAsync([_dir, "--hips"], CancellationToken.None));

        foreach (var build in DemoCollection.HipsBuilds)
        {
            var hips = Path.Combine(_dir, build.Output);
            var (_, lint) = await External.RunAsync("aladin", ["-hipsgen", $"out={hips}", "LINT"]);
            Assert.Contains(" is IVOA HiPS 1.0 compatible", lint, StringComparison.Ordinal);
            Assert.DoesNotContain("ERROR", lint, StringComparison.Ordinal);

            // Independent of the demo's own HEALPix table: healpy spreads the fibres and averages them.
            var reference = Path.Combine(_dir, Path.GetFileName(build.Output) + "-ref.fits");
            var (value, weight) = build.Input == DemoLvm.HealpixTable ? ("flux", "flux_ivar") : (build.Column, build.Weight);
            await Python("healpy_points.py", "reference", Path.Combine(_dir, DemoLvm.Fibres), "16", reference,
                "--radius-arcsec", DemoLvm.FibreRadiusArcsec.ToString("R", System.Globalization.CultureInfo.InvariantCulture), value, weight);
            var check = await Python("healpy_hips.py", "check", hips, reference, "VALUE", "-");
            Assert.Empty(check.GetProperty("errors").EnumerateArray());
            Assert.True(check.GetProperty("nonempty").GetInt32() > 300_000);
        }

        var (_, db) = await pg.CreateDatabaseAsync("demolvm");
        await using var dataSource = NpgsqlDataSource.Create(db);
        var report = await new Ingester(dataSource, new IngestOptions("demo", IngestOptions.DefaultPublisherAuthority, CollectionMapping.Empty))
            .RunAsync([_dir], null, CancellationToken.None);
        Assert.Empty(report.Failures);
        Assert.Equal(DemoCollection.Products.Count + DemoCollection.HipsBuilds.Count, report.Ingested);
        Assert.True(report.Skipped >= DemoCollection.Inputs.Count);
    }

    private static async Task<JsonElement> Python(string script, string mode, params string[] args)
    {
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Path.Combine(Dir, script), mode, .. args]);
        Assert.True(exit == 0, $"{script} {mode} failed (needs python3-healpy): {output}");
        return JsonDocument.Parse(output.Split('\n').First(l => l.StartsWith('{'))).RootElement.Clone();
    }
}

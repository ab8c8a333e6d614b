using Npgsql;
using VoServices.Cli;
using VoServices.Demo;
using VoServices.Ingest;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Hips2Fits;

/// <summary>
/// The LVM team's uses of their cutout service, run against the demo LVM HiPS as `./vo demo` builds and serves them:
/// a PNG with absolute cuts, the all-sky galactic Mollweide, the 1500 × 3 pseudo-slit astropy averages into a
/// profile, and the 60-frame size loop (lvm_examples.py, with requests and astropy).
/// </summary>
[Collection(PgCollection.Name)]
public sealed class Hips2FitsLvmExamplesTests(PgFixture pg) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vo-h2f-lvm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_lvm_cutout_examples_run_against_the_demo_maps()
    {
        Assert.Equal(0, await DemoDataCommand.RunAsync([_dir, "--hips"], CancellationToken.None));
        var (_, db) = await pg.CreateDatabaseAsync("h2flvm");
        await using (var dataSource = NpgsqlDataSource.Create(db))
        {
            var report = await new Ingester(dataSource, new IngestOptions("demo", IngestOptions.DefaultPublisherAuthority, CollectionMapping.Empty))
                .RunAsync([_dir], null, CancellationToken.None);
            Assert.Empty(report.Failures);
        }

        await using var server = await TapServer.StartAsync(pg, "h2flvm", connectionString: db);
        var script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Hips2Fits", "lvm_examples.py");

        var (exit, output) = await External.RunAsync("/usr/bin/python3", [script, server.BaseUrl, "demo/lvm/hips-halpha", "83.8221", "-5.3911"]);

        Assert.True(exit == 0, $"lvm_examples.py: {output}");
        Assert.Contains("\"ok\": 60", output, StringComparison.Ordinal);
    }
}

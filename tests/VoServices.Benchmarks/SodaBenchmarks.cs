using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Soda;

namespace VoServices.Benchmarks;

/// <summary>
/// SODA cutouts against the physical limit. Two generated cubes: 512×512×127 int16 (RA---TAN/DEC--TAN
/// at 1″/pixel, FREQ, BSCALE/BZERO; 66 MB) and 512×512×16×3 float32 with a STOKES axis (I, Q, U; 50 MB).
/// Each cutout is measured whole (plan + write to a discarding stream) and as the write of a plan made
/// in setup, next to a baseline that reads exactly the same source byte ranges with plain synchronous
/// positioned reads into one buffer of the same size.
/// Files stay in the page cache after the first iteration, so this measures the code, not the disk.
/// Run: `dotnet run -c Release --project tests/VoServices.Benchmarks -- --filter '*Soda*'`.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SodaBenchmarks
{
    private const int N = 512;
    private string _dir = "";
    private string _int16Cube = "";
    private string _stokesCube = "";
    private SodaRequest _circle = null!;
    private SodaRequest _band = null!;
    private SodaRequest _pol = null!;
    private SodaCutoutPlan _circlePlan = null!;
    private SodaCutoutPlan _bandPlan = null!;
    private SodaCutoutPlan _polPlan = null!;
    private ByteRun[] _circleRuns = [];
    private ByteRun[] _bandRuns = [];
    private ByteRun[] _polRuns = [];
    private byte[] _buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vo-soda-bench-").FullName;
        _int16Cube = Path.Combine(_dir, "int16.fits");
        _stokesCube = Path.Combine(_dir, "stokes.fits");
        WriteInt16Cube(_int16Cube);
        WriteStokesCube(_stokesCube);

        _circle = Request(("CIRCLE", "150.0 30.0 0.05"));
        // Channels 41..60 (1 MHz each): from the centre of channel 41 (1.440 GHz) to that of channel 60 (1.459 GHz), as wavelengths.
        const double c = 299792458.0;
        _band = Request(("BAND", FormattableString.Invariant($"{c / 1.459e9:R} {c / 1.440e9:R}")));
        _pol = Request(("POL", "I"));
        (_circlePlan, _circleRuns) = Runs(_int16Cube, _circle, expectedBytes: null);
        (_bandPlan, _bandRuns) = Runs(_int16Cube, _band, expectedBytes: (long)N * N * 20 * 2);
        (_polPlan, _polRuns) = Runs(_stokesCube, _pol, expectedBytes: (long)N * N * 16 * 4);
        _buffer = new byte[SodaCutoutOptions.Default.BufferSize];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "CIRCLE r=0.05° (360×360×127 int16): plan + write")]
    public Task<long> Circle() => Cutout(_int16Cube, _circle);

    [Benchmark(Description = "CIRCLE: write a ready plan")]
    public Task<long> CircleWrite() => Write(_circlePlan);

    [Benchmark(Description = "CIRCLE baseline: positioned reads")]
    public long CircleBaseline() => Read(_int16Cube, _circleRuns);

    [Benchmark(Description = "BAND 20 channels (512×512×20 int16): plan + write")]
    public Task<long> Band() => Cutout(_int16Cube, _band);

    [Benchmark(Description = "BAND: write a ready plan")]
    public Task<long> BandWrite() => Write(_bandPlan);

    [Benchmark(Description = "BAND baseline: positioned reads")]
    public long BandBaseline() => Read(_int16Cube, _bandRuns);

    [Benchmark(Description = "POL=I (512×512×16×1 float): plan + write")]
    public Task<long> Pol() => Cutout(_stokesCube, _pol);

    [Benchmark(Description = "POL: write a ready plan")]
    public Task<long> PolWrite() => Write(_polPlan);

    [Benchmark(Description = "POL baseline: positioned reads")]
    public long PolBaseline() => Read(_stokesCube, _polRuns);

    private static async Task<long> Write(SodaCutoutPlan plan)
    {
        await plan.WriteAsync(Stream.Null, CancellationToken.None);
        return plan.Length;
    }

    private static async Task<long> Cutout(string path, SodaRequest request)
    {
        var outcome = await SodaCutoutPlanner.PlanAsync(path, request, CancellationToken.None);
        await outcome.Plan!.WriteAsync(Stream.Null, CancellationToken.None);
        return outcome.Plan.Length;
    }

    /// <summary>The physical limit: each run read with pread into one buffer, nothing else.</summary>
    private long Read(string path, ByteRun[] runs)
    {
        using SafeFileHandle handle = File.OpenHandle(path);
        long total = 0;
        foreach (var run in runs)
        {
            for (var done = 0L; done < run.Length;)
            {
                var n = RandomAccess.Read(handle, _buffer.AsSpan(0, (int)Math.Min(_buffer.Length, run.Length - done)), run.Offset + done);
                done += n;
                total += n;
            }
        }

        return total;
    }

    private static SodaRequest Request(params (string Name, string Value)[] pairs) =>
        SodaRequest.From(new DaliParameters(pairs.Prepend((Name: "ID", Value: "benchmark")).Select(p => new KeyValuePair<string, string>(p.Name, p.Value))));

    private static (SodaCutoutPlan, ByteRun[]) Runs(string path, SodaRequest request, long? expectedBytes)
    {
        var plan = SodaCutoutPlanner.PlanAsync(path, request, CancellationToken.None).GetAwaiter().GetResult().Plan
            ?? throw new InvalidOperationException("the benchmark cutout does not overlap");
        var runs = plan.SourceRuns().ToArray();
        var bytes = runs.Sum(r => r.Length);
        Console.WriteLine($"// {Path.GetFileName(path)}: {string.Join(" ", plan.PixelRanges)}; {runs.Length} runs, {bytes} bytes; output {plan.Length} bytes");
        return expectedBytes is null || bytes == expectedBytes ? (plan, runs) : throw new InvalidOperationException($"the cutout has {bytes} data bytes, expected {expectedBytes}");
    }

    private static FitsHeaderBuilder Celestial() =>
        new FitsHeaderBuilder()
            .Set("CTYPE1", "RA---TAN").Set("CRVAL1", 150.0).Set("CDELT1", -1.0 / 3600).Set("CRPIX1", 256.5).Set("CUNIT1", "deg")
            .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", 30.0).Set("CDELT2", 1.0 / 3600).Set("CRPIX2", 256.5).Set("CUNIT2", "deg")
            .Set("CTYPE3", "FREQ").Set("CRVAL3", 1.4e9).Set("CDELT3", 1e6).Set("CRPIX3", 1.0).Set("CUNIT3", "Hz")
            .Set("RADESYS", "ICRS").Set("BUNIT", "Jy/beam").Set("DATE-OBS", "2024-01-01T00:00:00");

    private static void WriteInt16Cube(string path)
    {
        var h = Celestial().Set("BSCALE", 1e-4).Set("BZERO", 0.5);
        using var stream = File.Create(path);
        using var writer = new FitsWriter(stream);
        using var data = writer.BeginImage(16, [N, N, 127], h);
        var plane = new short[N * N];
        for (var k = 0; k < 127; k++)
        {
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = (short)(((i * 7) + (k * 13)) % 30000);
            }

            data.Write<short>(plane);
        }

        data.Complete();
    }

    private static void WriteStokesCube(string path)
    {
        var h = Celestial().Set("CTYPE4", "STOKES").Set("CRVAL4", 1.0).Set("CDELT4", 1.0).Set("CRPIX4", 1.0);
        using var stream = File.Create(path);
        using var writer = new FitsWriter(stream);
        using var data = writer.BeginImage(-32, [N, N, 16, 3], h);
        var plane = new float[N * N];
        for (var k = 0; k < 16 * 3; k++)
        {
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = (i % 1000) * 0.01f * (k + 1);
            }

            data.Write<float>(plane);
        }

        data.Complete();
    }
}

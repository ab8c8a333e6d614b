using BenchmarkDotNet.Attributes;
using VoServices.Cubes;
using VoServices.Dali;
using VoServices.Fits;

namespace VoServices.Benchmarks;

/// <summary>
/// A PV slice of 250 points (issue 14's GIPSY example: POINTS=250, ANGLE=135) through a 300×300×25 float32 cube
/// (RA---TAN/DEC--TAN at 3.6″/pixel, VRAD; 9 MB), whole (open, sample, one pass over the channels, FITS with its
/// POSITIONS table to a discarding stream), next to one read of the whole cube with positioned reads (the physical
/// limit of a request that touches every plane). Goal (issue 14): ≤ 20 ms.
/// Run: `dotnet run -c Release --project tests/VoServices.Benchmarks -- --filter '*CubePv*'`.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class CubePvBenchmarks
{
    private const int N = 300;
    private const int Channels = 25;
    private string _dir = "";
    private string _cube = "";
    private PvRequest _diagonal = null!;
    private PvRequest _wide = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vo-pv-bench-").FullName;
        _cube = Path.Combine(_dir, "cube.fits");
        var header = new FitsHeaderBuilder()
            .Set("CTYPE1", "RA---TAN").Set("CRVAL1", 150.0).Set("CRPIX1", 150.5).Set("CDELT1", -0.001).Set("CUNIT1", "deg")
            .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", 60.0).Set("CRPIX2", 150.5).Set("CDELT2", 0.001).Set("CUNIT2", "deg")
            .Set("CTYPE3", "VRAD").Set("CRVAL3", 100000.0).Set("CRPIX3", 13.0).Set("CDELT3", -5000.0).Set("CUNIT3", "m/s")
            .Set("BUNIT", "Jy/beam");
        var data = new float[N * N * Channels];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = MathF.Sin(i * 0.001f);
        }

        using (var writer = new FitsWriter(File.Create(_cube)))
        {
            writer.WriteImage<float>([N, N, Channels], data, header);
        }

        // 0.249° at one pixel (0.001°) from the start: 250 samples.
        _diagonal = Request(("CENTER", "150 60"), ("LENGTH", "0.249"), ("PA", "135"), ("ORIGIN", "start"));
        _wide = Request(("CENTER", "150 60"), ("LENGTH", "0.249"), ("PA", "135"), ("ORIGIN", "start"), ("WIDTH", "0.005"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "PV 250 points, PA 135, linear: open + slice + FITS")]
    public async Task<long> Slice() => await SliceAsync(_diagonal);

    [Benchmark(Description = "PV 250 points, PA 135, WIDTH 5 pixels: open + slice + FITS")]
    public async Task<long> WideSlice() => await SliceAsync(_wide);

    [Benchmark(Baseline = true, Description = "read the whole cube (25 planes, positioned reads)")]
    public double ReadCube()
    {
        using var cube = CubeFile.Open(_cube, "I");
        var plane = new double[N * N];
        var sum = 0.0;
        for (var k = 0; k < Channels; k++)
        {
            cube.Image.ReadPixels(cube.PlaneStart(k), plane);
            sum += plane[k];
        }

        return sum;
    }

    private async Task<long> SliceAsync(PvRequest request)
    {
        using var cube = CubeFile.Open(_cube, "I");
        var slice = PvSlices.Compute(cube, request, CancellationToken.None)!;
        await using var sink = new CountingStream();
        await PvFits.WriteAsync(slice, cube, request, sink, CancellationToken.None);
        return sink.Length;
    }

    private static PvRequest Request(params (string Name, string Value)[] parameters) =>
        PvRequest.From(new DaliParameters(parameters.Prepend(("ID", "ivo://bench/cube")).Select(p => KeyValuePair.Create(p.Item1, p.Item2))));

    /// <summary>Counts and discards what is written.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}

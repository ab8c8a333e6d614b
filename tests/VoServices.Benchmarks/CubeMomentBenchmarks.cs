using BenchmarkDotNet.Attributes;
using VoServices.Cubes;
using VoServices.Dali;
using VoServices.Fits;

namespace VoServices.Benchmarks;

/// <summary>
/// Moment 0 of a 600×500×400 float32 cube (480 MB, VRAD) and of a 512×512×127 int16 cube (66 MB, FREQ, BSCALE/BZERO),
/// each next to one sequential read of the same file (the physical limit). Files stay in the page cache after the
/// first iteration, so this measures the code, not the disk. Goal (issue 14): moment 0 ≤ 1.3× the read.
/// Run: `dotnet run -c Release --project tests/VoServices.Benchmarks -- --filter '*CubeMoment*'`.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CubeMomentBenchmarks
{
    private string _dir = "";
    private string _float = "";
    private string _int16 = "";
    private MomentRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vo-moment-bench-").FullName;
        _float = Path.Combine(_dir, "float.fits");
        _int16 = Path.Combine(_dir, "int16.fits");
        Write<float>(_float, 600, 500, 400, (x, y, z) => (float)Math.Exp(-0.5 * Math.Pow((z - 200 - (0.1 * x)) / 20.0, 2)), "VRAD", 1000, null);
        Write<short>(_int16, 512, 512, 127, (x, y, z) => (short)((x + y + z) % 3000), "FREQ", 1.0e5, (1e-4, 0.5));
        _request = MomentRequest.From(new DaliParameters([KeyValuePair.Create("ID", "bench"), KeyValuePair.Create("MOMENT", "0"), KeyValuePair.Create("RESTFRQ", "1.420405752e9")]));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark]
    public int Moment0Float480MB() => Moment(_float);

    [Benchmark]
    public long ReadFloat480MB() => Read(_float);

    [Benchmark]
    public int Moment0Int16() => Moment(_int16);

    [Benchmark]
    public long ReadInt16() => Read(_int16);

    private int Moment(string path)
    {
        using var cube = CubeFile.Open(path, "I");
        return CubeMoments.Compute(cube, _request, CancellationToken.None)!.Maps[0].Map.Length;
    }

    private static long Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    private static void Write<T>(string path, int nx, int ny, int nz, Func<int, int, int, T> value, string ctype, double step, (double Scale, double Zero)? scaling)
        where T : unmanaged
    {
        var header = new FitsHeaderBuilder()
            .Set("CTYPE1", "RA---SIN").Set("CRVAL1", 150.0).Set("CRPIX1", nx / 2.0).Set("CDELT1", -1e-3).Set("CUNIT1", "deg")
            .Set("CTYPE2", "DEC--SIN").Set("CRVAL2", 2.0).Set("CRPIX2", ny / 2.0).Set("CDELT2", 1e-3).Set("CUNIT2", "deg")
            .Set("CTYPE3", ctype).Set("CRVAL3", ctype == "FREQ" ? 1.42e9 : 0.0).Set("CRPIX3", 1.0).Set("CDELT3", step)
            .Set("CUNIT3", ctype == "FREQ" ? "Hz" : "m/s").Set("RESTFRQ", 1.420405752e9).Set("BUNIT", "Jy/beam");
        if (scaling is var (scale, zero))
        {
            header.Set("BSCALE", scale).Set("BZERO", zero);
        }

        using var stream = File.Create(path);
        using var writer = new FitsWriter(stream);
        using var data = writer.BeginImage(FitsWriter.BitpixOf<T>(), [nx, ny, nz], header);
        var plane = new T[nx * ny];
        for (var z = 0; z < nz; z++)
        {
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = value(i % nx, i / nx, z);
            }

            data.Write<T>(plane);
        }

        data.Complete();
    }
}

using BenchmarkDotNet.Attributes;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Fits.Wcs;

namespace VoServices.Benchmarks;

/// <summary>The per-pixel steps of a hips2fits cutout, 2^20 pixels each, one thread: where a cutout's time goes.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class Hips2FitsPartsBenchmarks
{
    private const int N = 1 << 20;
    private WcsTransform _wcs = null!;
    private readonly double[] _pixel = new double[2 * N];
    private readonly double[] _world = new double[2 * N];

    [GlobalSetup]
    public void Setup()
    {
        var header = new FitsHeader(new FitsHeaderBuilder().Set("NAXIS", 2).Set("NAXIS1", 1024).Set("NAXIS2", 1024)
            .Set("CTYPE1", "RA---TAN").Set("CTYPE2", "DEC--TAN").Set("CRPIX1", 512.5).Set("CRPIX2", 512.5)
            .Set("CRVAL1", 83.8).Set("CRVAL2", -5.4).Set("CDELT1", -0.05).Set("CDELT2", 0.05).CardImages());
        _wcs = WcsTransform.FromHeader(header);
        for (var i = 0; i < N; i++)
        {
            (_pixel[2 * i], _pixel[(2 * i) + 1]) = ((i % 1024) + 1, (i / 1024) + 1);
        }

        _wcs.PixelToWorld(_pixel, _world);
    }

    [Benchmark]
    public int WcslibPixelToWorld() => _wcs.PixelToWorld(_pixel, _world);

    [Benchmark]
    public long HealpixIndex()
    {
        long sum = 0;
        for (var i = 0; i < N; i++)
        {
            sum += Healpix.Index(10, _world[2 * i], _world[(2 * i) + 1]);
        }

        return sum;
    }

    [Benchmark]
    public double BilinearWeights()
    {
        Span<long> cells = stackalloc long[4];
        Span<double> weights = stackalloc double[4];
        double sum = 0;
        for (var i = 0; i < N; i++)
        {
            HealpixInterpolation.Weights(10, _world[2 * i], _world[(2 * i) + 1], cells, weights);
            sum += weights[0] + cells[3];
        }

        return sum;
    }
}

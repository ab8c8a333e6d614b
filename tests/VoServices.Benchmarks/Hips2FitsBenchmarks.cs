using BenchmarkDotNet.Attributes;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Hips;
using VoServices.Hips2Fits;

namespace VoServices.Benchmarks;

/// <summary>
/// hips2fits against the time to read and decode the tiles a cutout needs. Setup builds a full-sky HiPS from a
/// smooth NSIDE 1024 map (tiles of 512: hips_order 1, 48 tiles of 1 MB at order 1, 12 at order 0). Measured, with
/// the tile cache warm: a 1000 × 1000 TAN FITS cutout (57°, cells of order 10) and a 2500 × 1300 all-sky MOL PNG
/// (cells of order 9), each next to reading and decoding exactly the tiles it touched (files in the page cache).
/// Goal (issue 13): each cutout ≤ 2× its tiles' read-and-decode time, and the 1 Mpx FITS ≤ 150 ms.
/// Run: `dotnet run -c Release --project tests/VoServices.Benchmarks -- --filter '*Hips2Fits*'`.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class Hips2FitsBenchmarks
{
    private string _dir = "";
    private HipsSurvey _survey = null!;
    private HipsTileCache _cache = null!;
    private Hips2FitsRequest _tan = null!;
    private Hips2FitsRequest _mol = null!;
    private string[] _tanTiles = [];
    private string[] _molTiles = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vo-hips2fits-bench-").FullName;
        var hips = Path.Combine(_dir, "hips");
        HipsBuilder.Build(new SmoothSky(10), hips, new HipsBuildOptions("ivo://bench.example/P/smooth", "smooth sky"), CancellationToken.None);
        _survey = HipsSurvey.Open("bench/smooth", hips);
        _tan = Request(("ra", "83.8"), ("dec", "-5.4"), ("fov", "57"), ("width", "1000"), ("height", "1000"), ("projection", "TAN"));
        _mol = Request(("ra", "0"), ("dec", "0"), ("fov", "360"), ("width", "2500"), ("height", "1300"), ("projection", "MOL"), ("format", "png"));
        _tanTiles = TilesOf(_tan);
        _molTiles = TilesOf(_mol);
        _cache = new HipsTileCache(1L << 30);
        HipsCutout.Render(_survey, _tan, _cache, CancellationToken.None);
        HipsCutout.Render(_survey, _mol, _cache, CancellationToken.None);
        Console.WriteLine($"// TAN reads {_tanTiles.Length} tiles, MOL {_molTiles.Length}");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark]
    public async Task TanFits1000x1000()
    {
        var image = HipsCutout.Render(_survey, _tan, _cache, CancellationToken.None)!;
        await CutoutEncoder.WriteFitsAsync(image, Stream.Null, CancellationToken.None);
    }

    [Benchmark]
    public float TanTilesReadAndDecode() => ReadAll(_tanTiles);

    [Benchmark]
    public int MolPng2500x1300() =>
        CutoutEncoder.EncodeImage(HipsCutout.Render(_survey, _mol, _cache, CancellationToken.None)!, CutoutFormat.Png, _mol.Display).Length;

    [Benchmark]
    public float MolTilesReadAndDecode() => ReadAll(_molTiles);

    private static float ReadAll(string[] tiles)
    {
        var sum = 0f;
        foreach (var path in tiles)
        {
            using var image = FitsImage.Open(path, FitsReader.ReadHdus(path)[0]);
            sum += image.ReadAllSingle()[0];
        }

        return sum;
    }

    private string[] TilesOf(Hips2FitsRequest request)
    {
        var cache = new HipsTileCache(1L << 30);
        HipsCutout.Render(_survey, request, cache, CancellationToken.None);
        return [.. cache.Held().Where(t => t.Present).Select(t => _survey.TilePath(t.Order, t.Npix))];
    }

    private static Hips2FitsRequest Request(params (string Name, string Value)[] parameters) =>
        Hips2FitsParameters.Parse(new DaliParameters(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))), "bench/smooth");

    /// <summary>Every cell of one order, a smooth function of its centre.</summary>
    private sealed class SmoothSky(int order) : IHealpixCellSource
    {
        public string Path => "smooth-sky";

        public int Order => order;

        public HipsFrame Frame => HipsFrame.Equatorial;

        public string ValueColumn => "value";

        public string? ValueUnit => "K";

        public bool Weighted => false;

        public long RowCount => 12L << (2 * order);

        public IEnumerable<(ReadOnlyMemory<HealpixCell> Cells, long RowsRead)> ReadCells(int chunkRows = 65536, CancellationToken cancellationToken = default)
        {
            var buffer = new HealpixCell[chunkRows];
            for (long first = 0; first < RowCount; first += chunkRows)
            {
                var n = (int)Math.Min(chunkRows, RowCount - first);
                for (var i = 0; i < n; i++)
                {
                    var c = Healpix.Centre(order, first + i);
                    var (l, b) = (c.Ra * Math.PI / 180, c.Dec * Math.PI / 180);
                    buffer[i] = new HealpixCell(first + i, 2 + (Math.Cos(3 * l) * Math.Cos(b) * Math.Cos(b)) + (0.5 * Math.Sin(2 * b)), 1);
                }

                yield return (buffer.AsMemory(0, n), first + n);
            }
        }
    }
}

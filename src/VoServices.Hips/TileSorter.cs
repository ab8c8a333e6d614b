using System.Globalization;
using System.Runtime.InteropServices;

namespace VoServices.Hips;

/// <summary>
/// Groups a build's measurements by hips_order tile within a memory limit, and gives them back tile by tile
/// in ascending NESTED order. They are bucketed by tile in memory; when the buckets outgrow the limit they
/// are spilled as one sorted run — every tile in ascending order, each tile's measurements in input order
/// (by cell and value for the median) — and the buckets start again empty. If nothing spilled, the tiles
/// come straight from memory; otherwise the runs are merged: a tile's measurements are run after run, so
/// in input order again (or merged by cell and value), and the tiles are the same bytes either way.
/// </summary>
/// <remarks>
/// Memory: the buckets, at most the limit (half of it for the median, whose spill or last tile sorts a copy
/// of one bucket); while merging, one read window per run (together at most half the limit). Disk: about
/// 20 bytes per measurement while the build runs, in <c>directory</c>, which <see cref="Dispose"/> deletes.
/// </remarks>
internal sealed class TileSorter : IDisposable
{
    // At most this many runs are read at once (open files, read windows); more are first merged this many at a time.
    private const int MaxRuns = 64;

    private readonly int _shift;
    private readonly long _mask;
    private readonly bool _byValue;
    private readonly long _limit;
    private readonly long _threshold;
    private readonly string _directory;
    private readonly Dictionary<long, TileBucket> _buckets = [];
    private List<string> _runs = [];
    private TileEntry[]? _mergeBuffer;
    private long _bytes;
    private long _lastNpix;
    private TileBucket? _last;
    private int _runNames;

    /// <param name="depth">log2 of the tile width: a cell index's low 2·depth bits are its place in the tile.</param>
    /// <param name="byValue">Give each tile's measurements in <see cref="ByCellAndValue"/> order (the median), not input order.</param>
    /// <param name="directory">Where runs are spilled; made on the first spill, deleted by <see cref="Dispose"/>.</param>
    public TileSorter(int depth, bool byValue, long memoryLimit, string directory)
    {
        _shift = 2 * depth;
        _mask = (1L << _shift) - 1;
        _byValue = byValue;
        _limit = memoryLimit;
        _threshold = byValue ? memoryLimit / 2 : memoryLimit;
        _directory = directory;
    }

    /// <summary>How many run files the measurements were spilled to: 0 when they all fit in memory.</summary>
    public int Spills { get; private set; }

    /// <summary>The bytes spilled.</summary>
    public long SpilledBytes { get; private set; }

    public void Add(HealpixCell cell)
    {
        // Consecutive cells mostly share a tile: look the bucket up only when the tile changes.
        var npix = cell.Index >> _shift;
        if (npix != _lastNpix || _last is null)
        {
            ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(_buckets, npix, out var exists);
            if (!exists)
            {
                bucket = new TileBucket();
                _bytes += TileBucket.InitialBytes;
            }

            (_lastNpix, _last) = (npix, bucket!);
        }

        _bytes += _last.Add((int)(cell.Index & _mask), cell.Value, cell.Weight);
        if (_bytes > _threshold)
        {
            Spill();
        }
    }

    /// <summary>
    /// The tiles in ascending NESTED order, each with its measurements in chunks, to be read to the end before
    /// the next tile is asked for (a chunk is valid until then). Once only: the sorter is spent afterwards.
    /// </summary>
    public IEnumerable<(long Npix, IEnumerable<ReadOnlyMemory<TileEntry>> Entries)> Tiles()
    {
        if (Spills == 0)
        {
            foreach (var npix in _buckets.Keys.Order().ToList())
            {
                _buckets.Remove(npix, out var bucket);
                yield return (npix, Entries(bucket!));
            }

            yield break;
        }

        if (_buckets.Count > 0)
        {
            Spill();
        }

        // The merge needs little memory: give the buckets' back to the system rather than keep it for later.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        while (_runs.Count > MaxRuns)
        {
            _runs = [.. _runs.Chunk(MaxRuns).Select(group => group.Length == 1 ? group[0] : MergeRuns(group))];
        }

        foreach (var (npix, _, entries) in MergedTiles(_runs))
        {
            yield return (npix, entries);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private IEnumerable<ReadOnlyMemory<TileEntry>> Entries(TileBucket bucket) => _byValue ? [bucket.Sorted()] : bucket.Chunks();

    private void Spill()
    {
        Directory.CreateDirectory(_directory);
        var path = NextRunPath();
        SpilledBytes += WriteRun(path, _buckets.OrderBy(b => b.Key).Select(b => (b.Key, b.Value.Count, Entries(b.Value))));
        _runs.Add(path);
        _buckets.Clear();
        (_bytes, _last) = (0, null);
        Spills++;
        // The buckets just dropped held up to the limit: collect them now, so that the next ones reuse that
        // memory rather than add to it (once per limit's worth of measurements: a small cost).
        GC.Collect();
    }

    private string NextRunPath() => Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"run{_runNames++}"));

    // Consecutive runs merged into one: the same order as reading them all, so nothing changes downstream.
    private string MergeRuns(string[] group)
    {
        var path = NextRunPath();
        WriteRun(path, MergedTiles(group));
        foreach (var run in group)
        {
            File.Delete(run);
        }

        return path;
    }

    // A run file: for each tile in ascending order, its index and entry count (two longs), then its entries.
    private static long WriteRun(string path, IEnumerable<(long Npix, long Count, IEnumerable<ReadOnlyMemory<TileEntry>> Entries)> tiles)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        Span<long> header = stackalloc long[2];
        foreach (var (npix, count, entries) in tiles)
        {
            (header[0], header[1]) = (npix, count);
            file.Write(MemoryMarshal.AsBytes(header));
            foreach (var chunk in entries)
            {
                file.Write(MemoryMarshal.AsBytes(chunk.Span));
            }
        }

        return file.Length;
    }

    // The tiles of several runs in ascending order, with their entry counts and merged entries.
    private IEnumerable<(long Npix, long Count, IEnumerable<ReadOnlyMemory<TileEntry>> Entries)> MergedTiles(IReadOnlyList<string> runs)
    {
        var window = (int)Math.Clamp(_limit / 2 / TileEntry.Size / runs.Count, 256, 1 << 16);
        var readers = new List<RunReader>();
        try
        {
            foreach (var run in runs)
            {
                readers.Add(new RunReader(run, window));
            }

            for (var npix = readers.Min(r => r.Npix); npix != RunReader.End; npix = readers.Min(r => r.Npix))
            {
                var holding = readers.Where(r => r.Npix == npix).ToList();
                yield return (npix, holding.Sum(r => r.Remaining), Merge(holding));
                foreach (var reader in holding)
                {
                    reader.NextTile();
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    // One tile's entries from the runs holding it (in run order): run after run, which is input order; for
    // the median each time the least head, which is by cell and value.
    private IEnumerable<ReadOnlyMemory<TileEntry>> Merge(List<RunReader> holding)
    {
        if (!_byValue || holding.Count == 1)
        {
            foreach (var run in holding)
            {
                while (run.Remaining > 0)
                {
                    var chunk = run.Buffered();
                    yield return chunk;
                    run.Consume(chunk.Length);
                }
            }

            yield break;
        }

        var output = _mergeBuffer ??= new TileEntry[1 << 16];
        var order = default(ByCellAndValue);
        var n = 0;
        while (true)
        {
            RunReader? least = null;
            foreach (var run in holding)
            {
                if (run.Remaining > 0 && (least is null || order.Compare(run.Buffered().Span[0], least.Buffered().Span[0]) < 0))
                {
                    least = run;
                }
            }

            if (least is null)
            {
                break;
            }

            output[n++] = least.Buffered().Span[0];
            least.Consume(1);
            if (n == output.Length)
            {
                yield return output;
                n = 0;
            }
        }

        if (n > 0)
        {
            yield return output.AsMemory(0, n);
        }
    }

    /// <summary>Reads a run file tile by tile, the current tile's entries a window at a time.</summary>
    private sealed class RunReader : IDisposable
    {
        /// <summary><see cref="Npix"/> past the last tile.</summary>
        public const long End = long.MaxValue;

        private readonly FileStream _file;
        private readonly TileEntry[] _window;
        private int _at;
        private int _length;

        public RunReader(string path, int windowEntries)
        {
            _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12, FileOptions.SequentialScan);
            _window = new TileEntry[windowEntries];
            NextTile();
        }

        /// <summary>The current tile, <see cref="End"/> after the last.</summary>
        public long Npix { get; private set; }

        /// <summary>The current tile's entries not yet consumed.</summary>
        public long Remaining { get; private set; }

        /// <summary>The current tile's next entries, at least one while <see cref="Remaining"/> is above 0.</summary>
        public ReadOnlyMemory<TileEntry> Buffered()
        {
            if (_at == _length && Remaining > 0)
            {
                var n = (int)Math.Min(_window.Length, Remaining);
                _file.ReadExactly(MemoryMarshal.AsBytes(_window.AsSpan(0, n)));
                (_at, _length) = (0, n);
            }

            return _window.AsMemory(_at, _length - _at);
        }

        public void Consume(int count)
        {
            _at += count;
            Remaining -= count;
        }

        /// <summary>Skips what is left of the current tile and reads the next one's header.</summary>
        public void NextTile()
        {
            _file.Seek((Remaining - (_length - _at)) * TileEntry.Size, SeekOrigin.Current);
            (_at, _length) = (0, 0);
            Span<long> header = stackalloc long[2];
            var got = _file.ReadAtLeast(MemoryMarshal.AsBytes(header), 2 * sizeof(long), throwOnEndOfStream: false);
            (Npix, Remaining) = got == 0 ? (End, 0L) : got == 2 * sizeof(long) ? (header[0], header[1])
                : throw new IOException($"{_file.Name}: a spill file ends inside a tile header.");
        }

        public void Dispose() => _file.Dispose();
    }
}

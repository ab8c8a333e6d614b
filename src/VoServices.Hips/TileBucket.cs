using System.Runtime.InteropServices;

namespace VoServices.Hips;

/// <summary>One measurement inside a tile at hips_order: its in-tile NESTED index, value and weight.</summary>
/// <remarks>Packed to 20 bytes (without Pack = 4 the int would be padded to 8), in memory and in spill files alike.</remarks>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly record struct TileEntry(int Sub, double Value, double Weight)
{
    public const int Size = 20;
}

/// <summary>
/// The median's order of a tile's measurements: by cell, then by value (then by the value's bits, so that
/// −0 and +0 have an order too). Any two measurements it ranks equal give the same median, so every sort,
/// and every merge of sorted runs, gives the same tiles.
/// </summary>
internal readonly struct ByCellAndValue : IComparer<TileEntry>
{
    public int Compare(TileEntry a, TileEntry b)
    {
        if (a.Sub != b.Sub)
        {
            return a.Sub.CompareTo(b.Sub);
        }

        var byValue = a.Value.CompareTo(b.Value);
        return byValue != 0 ? byValue : BitConverter.DoubleToInt64Bits(a.Value).CompareTo(BitConverter.DoubleToInt64Bits(b.Value));
    }
}

/// <summary>
/// The measurements of one tile held in memory, in input order (so sums, and thus tiles, are the same on
/// every rebuild), in chunks of 16, 32, 64 … up to <see cref="ChunkEntries"/> entries, then of that size: a
/// small tile wastes at most half its storage, a large one under one chunk, and a full chunk is never copied
/// into a bigger one (which would leave the old one as garbage the memory limit does not see).
/// <see cref="Add"/> tells the bytes it allocated, which <see cref="TileSorter"/> counts against the limit.
/// </summary>
internal sealed class TileBucket
{
    /// <summary>What a new bucket costs: the object, its chunk list, its dictionary slot and its first 16 entries.</summary>
    public const long InitialBytes = 128 + (16 * TileEntry.Size);

    private const int ChunkEntries = 1 << 16;
    private readonly List<TileEntry[]> _full = [];
    private TileEntry[] _current = new TileEntry[16];
    private int _used;
    private long _inFull;

    public long Count => _inFull + _used;

    /// <summary>Appends a measurement; returns the bytes newly allocated for it (0 mostly).</summary>
    public long Add(int sub, double value, double weight)
    {
        long allocated = 0;
        if (_used == _current.Length)
        {
            _full.Add(_current);
            _inFull += _current.Length;
            _current = new TileEntry[Math.Min(2 * _current.Length, ChunkEntries)];
            _used = 0;
            allocated = (long)_current.Length * TileEntry.Size;
        }

        _current[_used++] = new TileEntry(sub, value, weight);
        return allocated;
    }

    /// <summary>The measurements in input order.</summary>
    public IEnumerable<ReadOnlyMemory<TileEntry>> Chunks()
    {
        foreach (var chunk in _full)
        {
            yield return chunk;
        }

        yield return _current.AsMemory(0, _used);
    }

    /// <summary>A copy of the measurements in <see cref="ByCellAndValue"/> order, for the median.</summary>
    public TileEntry[] Sorted()
    {
        var all = new TileEntry[Count];
        var n = 0;
        foreach (var chunk in Chunks())
        {
            chunk.Span.CopyTo(all.AsSpan(n));
            n += chunk.Length;
        }

        all.AsSpan().Sort(default(ByCellAndValue));
        return all;
    }
}

using VoServices.Fits;

namespace VoServices.Hips2Fits;

/// <summary>
/// Decoded FITS tiles shared by all cutout requests, least recently used dropped first once they hold more than
/// <see cref="CapacityBytes"/> (a 512² tile is 1 MB). Absent tiles are remembered too (at a nominal cost), so a
/// cutout over empty sky does not stat the disk for every pixel. Keys carry the survey's generation: a rebuilt
/// HiPS never serves its old tiles.
/// </summary>
public sealed class HipsTileCache
{
    private const long AbsentCost = 64;
    private readonly object _gate = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = [];
    private long _bytes;

    public HipsTileCache(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        CapacityBytes = capacityBytes;
    }

    public long CapacityBytes { get; }

    /// <summary>Bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The (order, npix) of every tile held, present or absent (for benchmarks: which tiles a cutout read).</summary>
    internal IReadOnlyList<(int Order, long Npix, bool Present)> Held()
    {
        lock (_gate)
        {
            return [.. _entries.Keys.Select(k => (k.Order, k.Npix, _entries[k].Value.Pixels is not null))];
        }
    }

    /// <summary>The tile's pixels (FITS order, Width² floats, NaN empty), or null when the HiPS has no such tile.</summary>
    public float[]? Get(HipsSurvey survey, int order, long npix)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var key = new Key(survey.Root, survey.Generation, order, npix);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Pixels;
            }
        }

        // Read outside the lock: two requests may read the same tile once each, but never wait on each other's disk.
        var pixels = Read(survey, order, npix);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                return existing.Value.Pixels;
            }

            var entry = new Entry(key, pixels, pixels is null ? AbsentCost : pixels.Length * sizeof(float));
            _entries.Add(key, _recency.AddFirst(entry));
            _bytes += entry.Cost;
            while (_bytes > CapacityBytes && _recency.Last is { } oldest && oldest != _recency.First)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Cost;
            }
        }

        return pixels;
    }

    private static float[]? Read(HipsSurvey survey, int order, long npix)
    {
        var path = survey.TilePath(order, npix);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var hdu = FitsReader.ReadHdus(path)[0];
            using var image = FitsImage.Open(path, hdu);
            var pixels = image.ReadAllSingle();
            // A tile of another size is not part of this tiling: treated as absent rather than misread.
            return pixels.Length == survey.TileWidth * survey.TileWidth ? pixels : null;
        }
        catch (FitsFormatException)
        {
            return null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private readonly record struct Key(string Root, long Generation, int Order, long Npix);

    private sealed record Entry(Key Key, float[]? Pixels, long Cost);
}

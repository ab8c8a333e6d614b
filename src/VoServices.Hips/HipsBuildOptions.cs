using System.Globalization;

namespace VoServices.Hips;

/// <summary>What `vo hips build` makes of one map column.</summary>
/// <param name="TileWidth">hips_tile_width: a power of two, at most the map's NSIDE (512 by default).</param>
/// <param name="MinOrder">hips_order_min: the lowest order written (0 by default).</param>
/// <param name="ReleaseDate">hips_release_date; the build's start when null.</param>
/// <param name="Combine">Repeated cells: null for the weighted mean with a weight column, else the mean.</param>
/// <param name="Aggregation">Lower orders from their four children (mean by default).</param>
/// <param name="Cut">hips_pixel_cut and the PNG colour range; <see cref="HipsCut.Default"/> when null.</param>
/// <param name="Png">PNG tiles beside the FITS ones, when not null.</param>
/// <param name="Creator">hips_creator, when not null.</param>
/// <param name="MemoryLimit">
/// Bytes of measurements held in memory (`--memory-limit`, <see cref="HipsMemory.DefaultLimit"/>): beyond it they
/// are spilled to sorted run files beside the output and merged back tile by tile (<see cref="TileSorter"/>).
/// </param>
public sealed record HipsBuildOptions(
    string CreatorDid,
    string Title,
    int TileWidth = 512,
    int MinOrder = 0,
    DateTimeOffset? ReleaseDate = null,
    HipsCombine? Combine = null,
    HipsAggregation Aggregation = HipsAggregation.Mean,
    HipsCut? Cut = null,
    HipsPngOptions? Png = null,
    string? Creator = null,
    long MemoryLimit = HipsMemory.DefaultLimit);

/// <summary>Memory sizes as `--memory-limit` takes them: a whole number with K, M or G (powers of 1024; KB, KiB … alike).</summary>
public static class HipsMemory
{
    public const long DefaultLimit = 1L << 30;

    /// <summary>The smallest limit `vo hips build` accepts (the library takes any positive one, for tests).</summary>
    public const long MinimumLimit = 16L << 20;

    private static readonly (string Suffix, int Shift)[] Units = [("K", 10), ("M", 20), ("G", 30), ("T", 40), ("", 0)];

    /// <summary>`512MB`, `2G`, `1GiB`, `65536` (bytes); null when it is none of these.</summary>
    public static long? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToUpperInvariant();
        t = t.EndsWith("IB", StringComparison.Ordinal) ? t[..^2] : t.EndsWith('B') ? t[..^1] : t;
        foreach (var (suffix, shift) in Units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal)
                && long.TryParse(t[..^suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && n > 0 && n <= long.MaxValue >> shift)
            {
                return n << shift;
            }
        }

        return null;
    }

    /// <summary>The largest unit that divides <paramref name="bytes"/>: `1GiB`, `512MiB`, `3000B`.</summary>
    public static string Format(long bytes)
    {
        foreach (var (suffix, shift) in Units.Where(u => u.Shift > 0).OrderByDescending(u => u.Shift))
        {
            if (bytes >= 1L << shift && bytes % (1L << shift) == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes >> shift}{suffix}iB");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes}B");
    }
}

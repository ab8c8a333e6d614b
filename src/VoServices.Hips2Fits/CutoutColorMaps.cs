using System.Reflection;

namespace VoServices.Hips2Fits;

/// <summary>
/// The colour maps of `cmap`: Matplotlib's tables sampled at 256 levels (ColorMaps/colormaps.txt, written by
/// ColorMaps/make_colormaps.py from Debian's python3-matplotlib), and each one's `_r` reverse. A position s in
/// [0, 1] takes level min(⌊256 s⌋, 255), as Matplotlib indexes its lookup tables.
/// </summary>
public static class CutoutColorMaps
{
    private static readonly IReadOnlyDictionary<string, byte[]> Tables = Load();

    /// <summary>Every name `cmap` takes (case-sensitive, as Matplotlib's).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Tables.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The 768-byte table (R, G, B per level) of <paramref name="name"/>, or null for an unknown name.</summary>
    public static byte[]? Table(string name) => Tables.GetValueOrDefault(name);

    /// <summary>The level of position <paramref name="s"/> in [0, 1].</summary>
    public static int Level(double s) => Math.Clamp((int)(s * 256), 0, 255);

    private static Dictionary<string, byte[]> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("colormaps.txt")
            ?? throw new InvalidOperationException("colormaps.txt is not embedded in VoServices.Hips2Fits");
        using var reader = new StreamReader(stream);
        var tables = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var (name, hex) = (line[..line.IndexOf(' ', StringComparison.Ordinal)], line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var table = Convert.FromHexString(hex);
            tables[name] = table;
            var reversed = new byte[768];
            for (var level = 0; level < 256; level++)
            {
                table.AsSpan(3 * (255 - level), 3).CopyTo(reversed.AsSpan(3 * level));
            }

            tables[name + "_r"] = reversed;
        }

        // hips2fits' grey scale names: "grey" as the HiPS builder's PNG tiles call it.
        tables.TryAdd("grey", tables["gray"]);
        return tables;
    }
}

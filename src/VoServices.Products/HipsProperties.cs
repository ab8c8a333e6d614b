namespace VoServices.Products;

/// <summary>The `properties` file of a HiPS (HiPS 1.0 §4.4): what makes a directory a HiPS, for ingest, previews and /files.</summary>
public static class HipsProperties
{
    public const string PropertiesFile = "properties";

    public static bool IsHipsDirectory(string directory)
    {
        var properties = Path.Combine(directory, PropertiesFile);
        return File.Exists(properties) && ReadProperties(properties).ContainsKey("hips_order");
    }

    public static IReadOnlyDictionary<string, string> ReadProperties(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Parse(File.ReadLines(path)))
        {
            values[key] = value;
        }

        return values;
    }

    /// <summary>The `keyword = value` pairs of properties lines, in order; blank lines and # comments skipped.</summary>
    public static IEnumerable<(string Key, string Value)> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length > 0 && line[0] != '#' && eq > 0)
            {
                yield return (line[..eq].Trim(), line[(eq + 1)..].Trim());
            }
        }
    }
}

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
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || eq <= 0)
            {
                continue;
            }

            values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return values;
    }
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace VoServices.Cli.Configuration;

/// <summary>
/// vo.conf as a configuration layer, parsed as `./vo` parses it: only lines `VO_NAME=value` count (the
/// value is the rest of the line, verbatim), everything else (comments, blank lines) is ignored, and
/// the first non-empty value of a name wins. A missing file is an empty layer.
/// </summary>
internal sealed partial class VoConfFile(string path) : ConfigurationProvider, IConfigurationSource
{
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public override void Load()
    {
        try
        {
            Data = File.Exists(Path) ? Parse(File.ReadLines(Path)) : new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VoConfigurationException([$"{Path}: cannot be read: {e.Message}"]);
        }
    }

    internal static Dictionary<string, string?> Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            if (Assignment().Match(line) is { Success: true } m && m.Groups[2].Length > 0)
            {
                values.TryAdd(m.Groups[1].Value, m.Groups[2].Value);
            }
        }

        return values;
    }

    // The same pattern as ./vo's grep: names in capitals and underscores only.
    [GeneratedRegex("^(VO_[A-Z_]+)=(.*)$")]
    private static partial Regex Assignment();
}

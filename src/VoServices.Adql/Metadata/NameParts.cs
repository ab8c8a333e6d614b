using System.Text;

namespace VoServices.Adql.Metadata;

/// <summary>Splits and normalises published names the way ADQL identifiers are compared.</summary>
internal static class NameParts
{
    /// <summary>Regular: lower case; delimited ("..."): the text inside, exactly.</summary>
    public static string Normalize(string name)
    {
        var trimmed = name.Trim();
        return IsDelimited(trimmed) ? Unquote(trimmed) : trimmed.ToLowerInvariant();
    }

    public static string Unquote(string name)
    {
        var trimmed = name.Trim();
        return IsDelimited(trimmed) ? trimmed[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : trimmed;
    }

    private static bool IsDelimited(string name) => name.Length >= 2 && name[0] == '"' && name[^1] == '"';

    /// <summary>Splits a dotted name (dots inside quotes do not split) into normalised parts.</summary>
    public static IReadOnlyList<string> Split(string name)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in name.Trim())
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == '.' && !quoted)
            {
                parts.Add(Normalize(current.ToString()));
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(Normalize(current.ToString()));
        return parts;
    }
}

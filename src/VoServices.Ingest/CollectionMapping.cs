using System.Globalization;
using VoServices.Fits.Sky;
using VoServices.Products;

namespace VoServices.Ingest;

/// <summary>
/// A collection's mapping file: values that override or fill ObsCore columns, because every
/// archive's headers differ. Format (one setting per line, '#' starts a comment):
/// <code>
/// calib_level = 3              # a constant
/// target_name = @OBJNAME       # a header keyword (primary header first, then the data HDU; HiPS: properties)
/// target_class = galaxy
/// bib_reference = null         # clear a derived value
/// seeing = 1.2                 # arcsec: s_resolution when the header has no BMAJ
/// [moments/*.fits]             # later lines apply only to files matching this relative-path glob
/// dataproduct_subtype = moment-map
/// [moments/*_mom0.fits]
/// link.progenitor = cubes/{1}.fits   # a related product (DataLink #progenitor); {1} is the first '*' of the section
/// </code>
/// Sections apply in file order after the unsectioned lines; a later value wins. A <c>link.TERM</c>
/// line relates the product to another one of the collection (by relative path; <c>{1}</c>..<c>{9}</c>
/// are the section glob's wildcards, <c>{dir}</c>, <c>{name}</c> and <c>{stem}</c> the product's
/// directory, file name and file name without extension); TERM is a DataLink core term.
/// </summary>
public sealed record CollectionMapping(IReadOnlyList<CollectionMapping.Rule> Rules)
{
    /// <summary>Mapping keys that are settings of the ingest rather than ObsCore columns.</summary>
    public const string SeeingKey = "seeing";

    /// <summary>The prefix of relation keys (<c>link.progenitor = path</c>).</summary>
    public const string LinkPrefix = "link.";

    /// <summary>The DataLink core terms (http://www.ivoa.net/rdf/datalink/core) that relate one product to another.</summary>
    public static IReadOnlySet<string> RelationTerms { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "progenitor", "derivation", "coderived", "counterpart", "auxiliary", "weight", "error", "noise",
        "calibration", "bias", "dark", "flat", "documentation",
    };

    public static CollectionMapping Empty { get; } = new([]);

    private static readonly HashSet<string> Fixed = new(StringComparer.OrdinalIgnoreCase) { "obs_publisher_did", "obs_id", "s_region" };

    /// <param name="PathGlob">Relative-path glob the rule applies to; null for every product.</param>
    /// <param name="Key">An ObsCore column name (lower case) or a setting such as <see cref="SeeingKey"/>.</param>
    /// <param name="Value">The constant, or null for NULL.</param>
    /// <param name="HeaderKeyword">Set when the value comes from this header keyword instead.</param>
    public sealed record Rule(string? PathGlob, string Key, string? Value, string? HeaderKeyword, int Line);

    public static CollectionMapping Load(string path)
    {
        var rules = new List<Rule>();
        string? glob = null;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                glob = line[1..^1].Trim();
                glob = glob is "*" or "" ? null : glob;
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"{path}:{lineNumber}: expected 'column = value', got '{raw.Trim()}'");
            }

            var key = line[..eq].Trim().ToLowerInvariant();
            var value = line[(eq + 1)..].Trim();
            if (key.StartsWith(LinkPrefix, StringComparison.Ordinal))
            {
                var term = key[LinkPrefix.Length..];
                if (!RelationTerms.Contains(term))
                {
                    throw new FormatException($"{path}:{lineNumber}: '{term}' is not a DataLink relation; use one of {string.Join(", ", RelationTerms)}");
                }

                if (value.Length == 0 || value.StartsWith('@') || value.Equals("null", StringComparison.OrdinalIgnoreCase))
                {
                    throw new FormatException($"{path}:{lineNumber}: {key} needs the relative path of the related product");
                }

                rules.Add(new Rule(glob, key, value.Trim('"'), null, lineNumber));
                continue;
            }

            if (key != SeeingKey && ObsCoreColumns.Find(key) is null)
            {
                throw new FormatException($"{path}:{lineNumber}: '{key}' is not an ivoa.obscore column nor a mapping setting ({SeeingKey})");
            }

            if (Fixed.Contains(key))
            {
                throw new FormatException($"{path}:{lineNumber}: {key} is derived by the ingest and cannot be mapped");
            }

            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                rules.Add(new Rule(glob, key, value[1..^1], null, lineNumber));
            }
            else if (value.StartsWith('@'))
            {
                rules.Add(new Rule(glob, key, null, value[1..].Trim(), lineNumber));
            }
            else
            {
                rules.Add(new Rule(glob, key, value.Equals("null", StringComparison.OrdinalIgnoreCase) ? null : value, null, lineNumber));
            }
        }

        return new CollectionMapping(rules);
    }

    /// <summary>The rules that apply to a product, in the order they take effect.</summary>
    public IEnumerable<Rule> For(string relativePath) =>
        Rules.Where(r => r.PathGlob is null).Concat(Rules.Where(r => r.PathGlob is { } g && GlobMatches(g, relativePath)));

    /// <summary>The seeing setting (arcsec) for a product, if any.</summary>
    public double? Seeing(string relativePath) =>
        For(relativePath).LastOrDefault(r => r.Key == SeeingKey && r.Value is not null) is { } rule
            ? double.Parse(rule.Value!, CultureInfo.InvariantCulture)
            : null;

    /// <summary>Applies the column rules; <paramref name="lookup"/> reads a header keyword or HiPS property.</summary>
    public void Apply(string relativePath, ObsCoreRowBuilder row, Func<string, string?> lookup)
    {
        foreach (var rule in For(relativePath).Where(r => r.Key != SeeingKey && !r.Key.StartsWith(LinkPrefix, StringComparison.Ordinal)))
        {
            var text = rule.HeaderKeyword is { } keyword ? lookup(keyword) : rule.Value;
            var column = ObsCoreColumns.Find(rule.Key)!;
            try
            {
                row.Set(column.Name, text is null ? null : Convert(column.Kind, text));
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new FormatException($"mapping line {rule.Line}: '{text}' is not a valid {column.Kind} for {column.Name}", e);
            }
        }
    }

    /// <summary>
    /// The products this one is related to: (DataLink term with its '#', relative path of the other
    /// product), the templates filled in. A path leaving the collection is an error.
    /// </summary>
    public IReadOnlyList<(string Semantics, string RelativePath)> Relations(string relativePath)
    {
        var relations = new List<(string, string)>();
        foreach (var rule in For(relativePath).Where(r => r.Key.StartsWith(LinkPrefix, StringComparison.Ordinal)))
        {
            var captures = rule.PathGlob is { } glob ? GlobRegex(glob).Match(relativePath).Groups : null;
            var slash = relativePath.LastIndexOf('/');
            var name = relativePath[(slash + 1)..];
            var text = System.Text.RegularExpressions.Regex.Replace(rule.Value!, @"\{(\d|dir|name|stem)\}", m => m.Groups[1].Value switch
            {
                "dir" => slash < 0 ? "" : relativePath[..slash],
                "name" => name,
                "stem" => Path.GetFileNameWithoutExtension(name),
                var n => captures is not null && int.Parse(n, CultureInfo.InvariantCulture) < captures.Count
                    ? captures[int.Parse(n, CultureInfo.InvariantCulture)].Value
                    : throw new FormatException($"mapping line {rule.Line}: {{{n}}} has no matching wildcard in the section [{rule.PathGlob}]"),
            });
            relations.Add(("#" + rule.Key[LinkPrefix.Length..], NormalizeRelative(text, rule.Line)));
        }

        return relations;
    }

    private static string NormalizeRelative(string path, int line)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw new FormatException($"mapping line {line}: '{path}' leaves the collection");
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return parts.Count > 0 ? string.Join('/', parts) : throw new FormatException($"mapping line {line}: '{path}' is not a product path");
    }

    private static object Convert(ObsCoreColumnKind kind, string text) => kind switch
    {
        ObsCoreColumnKind.Text => text,
        ObsCoreColumnKind.Short => short.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
        ObsCoreColumnKind.Long => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
        ObsCoreColumnKind.Double => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        ObsCoreColumnKind.Timestamp => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        _ => throw new FormatException($"{kind} columns cannot be mapped"),
    };

    private static string StripComment(string line)
    {
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (line[i] == '#' && !inQuotes)
            {
                return line[..i];
            }
        }

        return line;
    }

    /// <summary>Shell-style glob on '/'-separated relative paths: '*' within a segment, '**' across segments, '?' one character.</summary>
    internal static bool GlobMatches(string glob, string path) => GlobRegex(glob).IsMatch(path);

    /// <summary>The glob as a regular expression whose groups 1, 2, ... are its wildcards.</summary>
    private static System.Text.RegularExpressions.Regex GlobRegex(string glob) => new("^" + System.Text.RegularExpressions.Regex.Escape(glob)
        .Replace(@"\*\*/", "((?:.*/)?)", StringComparison.Ordinal)
        .Replace(@"\*\*", "(.*)", StringComparison.Ordinal)
        .Replace(@"\*", "([^/]*)", StringComparison.Ordinal)
        .Replace(@"\?", "([^/])", StringComparison.Ordinal) + "$");
}

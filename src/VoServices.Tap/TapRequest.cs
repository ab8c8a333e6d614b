using System.Text.RegularExpressions;
using VoServices.Dali;

using VoServices.Database;

namespace VoServices.Tap;

/// <summary>One <c>UPLOAD=name,uri</c> pair.</summary>
public sealed record UploadReference(string Name, string Uri);

/// <summary>
/// The TAP parameters of one query, validated: LANG (ADQL, ADQL-2.0, ADQL-2.1), QUERY, the output
/// format (RESPONSEFORMAT or FORMAT), the effective MAXREC, UPLOADs and RUNID. REQUEST=doQuery,
/// VERSION and unknown parameters are ignored as TAP 1.1 asks.
/// </summary>
public sealed partial record TapRequest(string Language, string Query, ResolvedFormat Format, long Maxrec, IReadOnlyList<UploadReference> Uploads)
{
    public string? RunId { get; init; }

    public static IReadOnlyList<string> SupportedLanguages { get; } = ["ADQL", "ADQL-2.0", "ADQL-2.1"];

    public static TapRequest From(DaliParameters parameters, TapOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        var lang = parameters.GetRequired("LANG", "Give LANG=ADQL (ADQL-2.0 and ADQL-2.1 are also accepted).").Trim();
        if (!SupportedLanguages.Contains(lang, StringComparer.OrdinalIgnoreCase))
        {
            throw DaliException.BadParameter("LANG",
                $"unknown query language '{DaliParameters.Shorten(lang)}'; this service supports {string.Join(", ", SupportedLanguages)}");
        }

        var query = parameters.GetRequired("QUERY", "Give the ADQL query text in QUERY.");
        var format = ResponseFormats.Resolve(parameters);
        var maxrec = parameters.GetMaxrec(options.DefaultMaxrec, options.HardMaxrec);
        var uploads = ParseUploads(parameters.GetAll("UPLOAD"), options);
        var runId = parameters.GetSingle("RUNID");
        if (runId is { Length: > 64 })
        {
            runId = runId[..64];
        }

        return new TapRequest(lang, query, format, maxrec, uploads) { RunId = runId };
    }

    /// <summary>
    /// UPLOAD values are <c>name,uri</c> pairs; one value may hold several pairs separated by ';'
    /// (TAP 1.0 form). Names are ADQL regular identifiers, unique case-insensitively.
    /// </summary>
    /// <summary>The longest upload table name: its temporary table, tap_upload_NAME, must fit PostgreSQL's 63-byte identifiers.</summary>
    public const int MaxUploadNameLength = 63 - 11;

    public static IReadOnlyList<UploadReference> ParseUploads(IEnumerable<string> values, TapOptions options)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<UploadReference>();
        foreach (var value in values)
        {
            foreach (var pair in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var comma = pair.IndexOf(',', StringComparison.Ordinal);
                if (comma <= 0 || comma == pair.Length - 1)
                {
                    throw DaliException.BadParameter("UPLOAD",
                        $"'{DaliParameters.Shorten(pair)}' is not of the form name,URI (e.g. UPLOAD=mytable,param:file1)");
                }

                var name = pair[..comma].Trim();
                var uri = pair[(comma + 1)..].Trim();
                if (!IdentifierPattern().IsMatch(name))
                {
                    throw DaliException.BadParameter("UPLOAD",
                        $"'{DaliParameters.Shorten(name)}' is not a valid table name; use letters, digits and _ starting with a letter");
                }

                if (name.Length > MaxUploadNameLength)
                {
                    // PostgreSQL cuts identifiers at 63 bytes: two longer names could land on one table.
                    throw DaliException.BadParameter("UPLOAD", $"table name '{DaliParameters.Shorten(name)}' is longer than {MaxUploadNameLength} characters");
                }

                if (result.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw DaliException.BadParameter("UPLOAD", $"table name '{name}' is given twice");
                }

                if (!uri.StartsWith("param:", StringComparison.OrdinalIgnoreCase) &&
                    !uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) &&
                    !uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                {
                    throw DaliException.BadParameter("UPLOAD",
                        $"'{DaliParameters.Shorten(uri)}' is not supported; use param:PARTNAME (inline multipart upload) or an http(s) URL");
                }

                result.Add(new UploadReference(name, uri));
            }
        }

        if (result.Count > options.UploadMaxTables)
        {
            throw DaliException.BadParameter("UPLOAD", $"{result.Count} tables given; at most {options.UploadMaxTables} may be uploaded per query");
        }

        return result;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}

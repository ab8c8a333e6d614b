namespace VoServices.Dali;

/// <summary>The table serialisations a DALI service can write.</summary>
public enum TableFormatKind
{
    VotableTabledata,
    VotableBinary2,
    Csv,
    Tsv,
    Fits,
}

/// <summary>
/// One output format: its canonical MIME type, the short names clients may use instead
/// (RESPONSEFORMAT=csv), and the TAPRegExt identifier capabilities advertise it with.
/// </summary>
public sealed record ResponseFormat(TableFormatKind Kind, string MimeType, IReadOnlyList<string> Aliases, string? TapRegExtId)
{
    public bool IsVotable => Kind is TableFormatKind.VotableTabledata or TableFormatKind.VotableBinary2;

    /// <summary>A short name for file names and logs.</summary>
    public string FileExtension => Kind switch
    {
        TableFormatKind.Csv => "csv",
        TableFormatKind.Tsv => "tsv",
        TableFormatKind.Fits => "fits",
        _ => "xml",
    };
}

/// <summary>The result of reading RESPONSEFORMAT: what to write and the Content-Type to send.</summary>
public sealed record ResolvedFormat(ResponseFormat Format, string ContentType);

/// <summary>
/// The RESPONSEFORMAT values this service understands (DALI section 3.3 and TAPRegExt). When the client
/// gives a full MIME type, the response carries exactly that type (DALI requires the echo).
/// </summary>
public static class ResponseFormats
{
    public static ResponseFormat VotableTabledata { get; } = new(TableFormatKind.VotableTabledata,
        "application/x-votable+xml", ["votable", "votable/td", "votabletd", "application/x-votable+xml;serialization=tabledata", "text/xml"],
        "ivo://ivoa.net/std/TAPRegExt#output-votable-td");

    public static ResponseFormat VotableBinary2 { get; } = new(TableFormatKind.VotableBinary2,
        "application/x-votable+xml;serialization=BINARY2", ["votable/b2", "votableb2", "binary2"],
        "ivo://ivoa.net/std/TAPRegExt#output-votable-binary2");

    public static ResponseFormat Csv { get; } = new(TableFormatKind.Csv, "text/csv;header=present", ["csv", "text/csv"], null);

    public static ResponseFormat Tsv { get; } = new(TableFormatKind.Tsv, "text/tab-separated-values", ["tsv"], null);

    public static ResponseFormat Fits { get; } = new(TableFormatKind.Fits, "application/fits", ["fits"], null);

    /// <summary>Every format, the default (VOTable TABLEDATA) first.</summary>
    public static IReadOnlyList<ResponseFormat> All { get; } = [VotableTabledata, VotableBinary2, Csv, Tsv, Fits];

    /// <summary>
    /// Reads RESPONSEFORMAT (or its TAP synonym FORMAT). Absent means VOTable TABLEDATA.
    /// An unknown value is a user error naming the supported ones.
    /// </summary>
    public static ResolvedFormat Resolve(DaliParameters parameters, IReadOnlyList<ResponseFormat>? supported = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var name = parameters.Contains("RESPONSEFORMAT") ? "RESPONSEFORMAT" : "FORMAT";
        return Resolve(parameters.GetSingle(name), supported ?? All, name);
    }

    public static ResolvedFormat Resolve(string? requested, IReadOnlyList<ResponseFormat> supported, string parameterName = "RESPONSEFORMAT")
    {
        ArgumentNullException.ThrowIfNull(supported);
        if (string.IsNullOrWhiteSpace(requested))
        {
            return new ResolvedFormat(supported[0], supported[0].MimeType);
        }

        var key = Normalize(requested);
        foreach (var format in supported)
        {
            if (Normalize(format.MimeType) == key || format.Aliases.Any(a => Normalize(a) == key))
            {
                // A MIME type is echoed as given; a short name gets the canonical type.
                var isMime = key.StartsWith("application/", StringComparison.Ordinal) || key.StartsWith("text/", StringComparison.Ordinal);
                var contentType = isMime ? requested.Trim() : format.MimeType;
                return new ResolvedFormat(format, contentType);
            }
        }

        throw DaliException.BadParameter(parameterName,
            $"'{DaliParameters.Shorten(requested)}' is not a supported output format; use one of " +
            string.Join(", ", supported.Select(f => f.Aliases.FirstOrDefault() ?? f.MimeType)) +
            " (or their MIME types: " + string.Join(", ", supported.Select(f => f.MimeType)) + ")");
    }

    /// <summary>Lower case, no blanks, MIME parameters sorted (so "a/b; x=1" equals "A/B;x=1").</summary>
    private static string Normalize(string mime)
    {
        var parts = mime.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal).Split(';', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length <= 1 ? string.Concat(parts) : parts[0] + ";" + string.Join(';', parts.Skip(1).Order(StringComparer.Ordinal));
    }
}

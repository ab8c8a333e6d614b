using System.Text;

namespace VoServices.Adql.Translation.Pg;

/// <summary>
/// The one place where user text enters SQL: identifiers are always double-quoted, string values
/// are always single-quoted literals with every quote doubled. Nothing else from the query text is
/// copied into SQL (numbers are re-validated digits, keywords and function names come from the translator).
/// </summary>
internal static class PgSql
{
    public static void AppendIdentifier(StringBuilder sb, string name)
    {
        sb.Append('"');
        foreach (var c in name)
        {
            if (c == '"')
            {
                sb.Append('"');
            }

            sb.Append(c);
        }

        sb.Append('"');
    }

    /// <summary>
    /// A string literal. Text with a backslash becomes an E'' literal with doubled backslashes, so its
    /// meaning does not depend on the server's standard_conforming_strings setting.
    /// </summary>
    public static void AppendString(StringBuilder sb, string value)
    {
        var escapeForm = value.Contains('\\', StringComparison.Ordinal);
        if (escapeForm)
        {
            sb.Append('E');
        }

        sb.Append('\'');
        foreach (var c in value)
        {
            if (c == '\'' || (escapeForm && c == '\\'))
            {
                sb.Append(c);
            }

            sb.Append(c);
        }

        sb.Append('\'');
    }
}

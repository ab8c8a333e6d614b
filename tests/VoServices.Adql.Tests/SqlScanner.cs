using System.Text;

namespace VoServices.Adql.Tests;

/// <summary>
/// A small lexer for the translator's output, to state safety properties on the SQL itself:
/// which bare words (keywords, function names) appear outside quoted identifiers and string literals.
/// </summary>
internal static class SqlScanner
{
    /// <summary>Every word the translator may write unquoted: SQL keywords, types, and the functions it maps to.</summary>
    public static readonly HashSet<string> KnownWords = new(StringComparer.Ordinal)
    {
        "select", "distinct", "from", "where", "group", "by", "having", "order", "desc", "limit", "offset", "as",
        "and", "or", "not", "between", "like", "ilike", "escape", "is", "null", "in", "exists", "union", "except",
        "intersect", "all", "with", "case", "when", "then", "else", "end", "cast", "inner", "left", "right", "full",
        "outer", "cross", "join", "on", "using", "true", "tablesample", "bernoulli", "array",
        "smallint", "integer", "bigint", "real", "double", "precision", "char", "varchar", "timestamp", "numeric",
        "abs", "acos", "asin", "atan", "atan2", "ceiling", "cos", "cot", "sin", "tan", "degrees", "radians", "exp",
        "sqrt", "floor", "ln", "log", "mod", "pi", "random", "round", "trunc", "power", "lower", "upper", "coalesce",
        "count", "avg", "min", "max", "sum", "spoint", "scircle", "area", "long", "lat", "healpix_nest",
        "center_of_healpix_nest", "adql_dali_point", "adql_dali_circle", "adql_dali_polygon", "adql_stcs",
        "adql_polygon", "adql_box", "adql_centroid", "adql_point_from_dali", "adql_circle_from_dali",
        "adql_polygon_from_dali", "ivo_hasword", "ivo_nocasematch", "ivo_interval_overlaps", "e",
    };

    /// <summary>The SQL with string literals and quoted identifiers blanked out (same length).</summary>
    public static string OutsideLiterals(string sql)
    {
        var sb = new StringBuilder(sql.Length);
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var quote = c;
                var start = i;
                i++;
                while (i < sql.Length)
                {
                    if (sql[i] == quote)
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == quote)
                        {
                            i += 2;
                            continue;
                        }

                        break;
                    }

                    // E'' literals double their backslashes, so a backslash never escapes the quote.
                    i += sql[i] == '\\' && quote == '\'' && i + 1 < sql.Length && sql[i + 1] == '\\' ? 2 : 1;
                }

                // Same length as the input, so positions in both strings correspond.
                sb.Append(' ', Math.Min(i, sql.Length - 1) - start + 1);
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    public static IEnumerable<string> BareWords(string sql)
    {
        var text = OutsideLiterals(sql);
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsLetter(text[i]) || text[i] == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                yield return text[start..i];
            }
            else if (char.IsDigit(text[i]))
            {
                // Skip numbers including an exponent (1E3) so "E" is not read as a word.
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }
        }
    }

    public static void AssertOnlyKnownWords(string sql)
    {
        foreach (var word in BareWords(sql))
        {
            Assert.True(KnownWords.Contains(word.ToLowerInvariant()), $"unexpected bare word '{word}' in: {sql}");
        }

        var outside = OutsideLiterals(sql);
        Assert.DoesNotContain("--", outside, StringComparison.Ordinal);
        Assert.DoesNotContain("/*", outside, StringComparison.Ordinal);
        Assert.DoesNotContain(";", outside, StringComparison.Ordinal);
    }
}

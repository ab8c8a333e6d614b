using System.Text;
using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using VoServices.Adql.Checking;
using VoServices.Adql.Generated;

namespace VoServices.Adql.Parsing;

/// <summary>Syntax error messages with hints for the mistakes people actually make.</summary>
internal static class SyntaxMessages
{
    public static string Describe(IToken token, IToken? previous, IntervalSet expected, IVocabulary vocabulary)
    {
        var text = token.Text ?? "";
        switch (token.Type)
        {
            case AdqlLexer.UNEXPECTED_CHARACTER:
                return DescribeCharacter(text);
            case AdqlLexer.UNTERMINATED_STRING:
                return "String literal is not closed: a ' is missing (write '' for a quote inside a string)";
            case AdqlLexer.UNTERMINATED_IDENTIFIER:
                return "Delimited identifier is not closed or empty: a \" is missing (write \"\" for a quote inside it)";
            case TokenConstants.EOF:
                return "Unexpected end of query" + Expectation(expected, vocabulary);
            case AdqlLexer.SEMICOLON:
                return "Only one statement is allowed; nothing may follow ';'";
            case AdqlLexer.RECURSIVE:
                return "WITH RECURSIVE is not supported in ADQL";
        }

        var message = $"Unexpected '{Shorten(text)}'" + Expectation(expected, vocabulary);
        if (previous is { Type: AdqlLexer.REGULAR_IDENTIFIER }
            && Suggestions.Closest(previous.Text.ToUpperInvariant(), ClauseKeywords) is { } misspelt
            && Suggestions.Distance(previous.Text.ToUpperInvariant(), misspelt) <= 2)
        {
            // "SELECT x FORM t": FORM parses as an alias of x, and the error only shows at t.
            message += $" ('{previous.Text}' was read as a name; did you mean {misspelt}?)";
        }
        else if (token.Type == AdqlLexer.REGULAR_IDENTIFIER)
        {
            var keyword = Suggestions.Closest(text.ToUpperInvariant(), ExpectedKeywords(expected, vocabulary));
            if (keyword is not null)
            {
                message += $" (did you mean {keyword}?)";
            }
        }
        else if (IsKeyword(token.Type))
        {
            message += $" ({text.ToUpperInvariant()} is a reserved word; write it as a delimited identifier, \"{text.ToLowerInvariant()}\", to use it as a name)";
        }

        return message;
    }

    private static string DescribeCharacter(string text) => text switch
    {
        "\u2018" or "\u2019" or "\u201A" or "\u201B" =>
            $"Unexpected character '{text}' (a typographic quote): write strings with the straight quote '",
        "\u201C" or "\u201D" or "\u201E" =>
            $"Unexpected character '{text}' (a typographic quote): write delimited names with the straight quote \"",
        "%" => "Unexpected character '%': ADQL has no % operator, use MOD(x, y)",
        "[" or "]" or "`" => $"Unexpected character '{text}': ADQL delimits names with double quotes, \"name\"",
        "!" => "Unexpected character '!': for 'not equal' write <> (or !=)",
        _ => $"Unexpected character '{Shorten(text)}' (U+{(int)text[0]:X4})",
    };

    private static readonly string[] ClauseKeywords =
        ["FROM", "WHERE", "GROUP", "HAVING", "ORDER", "JOIN", "UNION", "EXCEPT", "INTERSECT", "SELECT", "OFFSET", "LEFT", "RIGHT", "INNER"];

    private static bool IsKeyword(int type) => type is >= AdqlLexer.ALL and <= AdqlLexer.WITH;

    private static IEnumerable<string> ExpectedKeywords(IntervalSet expected, IVocabulary vocabulary)
    {
        foreach (var type in expected.ToArray())
        {
            if (IsKeyword(type))
            {
                yield return vocabulary.GetSymbolicName(type);
            }
        }
    }

    private static string Expectation(IntervalSet expected, IVocabulary vocabulary)
    {
        var names = new List<string>();
        foreach (var type in expected.ToArray())
        {
            var name = Display(type, vocabulary);
            if (name is not null && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        if (names.Count is 0 or > 8)
        {
            return "";
        }

        var sb = new StringBuilder(", expected ");
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(i == names.Count - 1 ? " or " : ", ");
            }

            sb.Append(names[i]);
        }

        return sb.ToString();
    }

    private static string? Display(int type, IVocabulary vocabulary) => type switch
    {
        TokenConstants.EOF => "end of query",
        AdqlLexer.REGULAR_IDENTIFIER or AdqlLexer.DELIMITED_IDENTIFIER => "a name",
        AdqlLexer.UNSIGNED_INTEGER => "an integer",
        AdqlLexer.EXACT_DECIMAL or AdqlLexer.APPROXIMATE_NUMBER or AdqlLexer.HEX_LITERAL => "a number",
        AdqlLexer.STRING_LITERAL => "a string",
        AdqlLexer.UNEXPECTED_CHARACTER or AdqlLexer.UNTERMINATED_STRING or AdqlLexer.UNTERMINATED_IDENTIFIER => null,
        _ when IsKeyword(type) => vocabulary.GetSymbolicName(type),
        _ => vocabulary.GetLiteralName(type) ?? vocabulary.GetDisplayName(type),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}

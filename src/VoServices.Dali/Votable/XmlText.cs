using VoServices.Dali.Tables;

namespace VoServices.Dali.Votable;

/// <summary>XML 1.0 escaping for element text and attribute values, written straight to UTF-8.</summary>
public static class XmlText
{
    /// <summary>Escapes &amp; &lt; &gt; (and quotes in attributes); characters XML 1.0 forbids become U+FFFD.</summary>
    public static void WriteEscaped(this Utf8Output output, ReadOnlySpan<char> text, bool attribute = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when attribute => "&quot;",
                '\n' or '\r' or '\t' when attribute => c == '\n' ? "&#10;" : c == '\r' ? "&#13;" : "&#9;",
                '\r' => "&#13;",
                _ when c < 0x20 && c is not ('\n' or '\t') => "\uFFFD",
                '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ when char.IsSurrogate(c) && !IsValidPair(text, i) => "\uFFFD",
                _ => null,
            };
            if (replacement is null)
            {
                if (char.IsHighSurrogate(c))
                {
                    i++;
                }

                continue;
            }

            output.Write(text[start..i]);
            output.Write(replacement);
            start = i + 1;
        }

        output.Write(text[start..]);
    }

    /// <summary>Writes <c> name="value"</c> when value is not null.</summary>
    public static void WriteAttribute(this Utf8Output output, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (value is null)
        {
            return;
        }

        output.WriteByte((byte)' ');
        output.Write(name);
        output.Write("=\"");
        output.WriteEscaped(value, attribute: true);
        output.WriteByte((byte)'"');
    }

    /// <summary>Escapes a string for XML (for documents built as strings: VOSI, UWS).</summary>
    public static string Escape(string? text) =>
        text is null ? "" : System.Security.SecurityElement.Escape(Sanitize(text));

    /// <summary>Removes characters XML 1.0 cannot carry.</summary>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => (c < 0x20 && c is not ('\n' or '\t' or '\r')) || c is '\uFFFE' or '\uFFFF' || char.IsSurrogate(c)))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (char.IsHighSurrogate(c) && IsValidPair(chars, i))
            {
                i++;
            }
            else if ((c < 0x20 && c is not ('\n' or '\t' or '\r')) || c is '\uFFFE' or '\uFFFF' || char.IsSurrogate(c))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    private static bool IsValidPair(ReadOnlySpan<char> text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
}

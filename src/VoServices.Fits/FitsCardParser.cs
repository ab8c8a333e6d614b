using System.Text;

namespace VoServices.Fits;

/// <summary>Splits 80-character card images into keyword, value text and comment.</summary>
internal static class FitsCardParser
{
    public static FitsCard Parse(string image)
    {
        if (image.Length != FitsConstants.CardSize)
        {
            throw new ArgumentException("A FITS card is exactly 80 characters.", nameof(image));
        }

        var keyword = image[..8].TrimEnd();
        if (keyword == "HIERARCH")
        {
            var rest = image[8..];
            var eq = IndexOfValueIndicator(rest);
            if (eq < 0)
            {
                return new FitsCard(keyword, null, NullIfEmpty(rest.Trim()));
            }

            var name = string.Join(' ', rest[..eq].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var (raw, comment) = SplitValue(rest[(eq + 1)..]);
            return new FitsCard(name, raw, comment);
        }

        if (keyword == "CONTINUE")
        {
            var (raw, comment) = SplitValue(image[8..]);
            return new FitsCard(keyword, raw, comment);
        }

        if (image[8] == '=' && image[9] == ' ' && keyword is not ("COMMENT" or "HISTORY" or ""))
        {
            var (raw, comment) = SplitValue(image[10..]);
            return new FitsCard(keyword, raw, comment);
        }

        return new FitsCard(keyword, null, NullIfEmpty(image[8..].TrimEnd()));
    }

    /// <summary>The position of the '=' of a HIERARCH card, outside any quoted text.</summary>
    private static int IndexOfValueIndicator(string rest)
    {
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == '\'')
            {
                return -1;
            }

            if (rest[i] == '=')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Splits a value field into the raw value (quotes kept) and the comment.</summary>
    private static (string Raw, string? Comment) SplitValue(string field)
    {
        var start = 0;
        while (start < field.Length && field[start] == ' ')
        {
            start++;
        }

        if (start < field.Length && field[start] == '\'')
        {
            var i = start + 1;
            while (i < field.Length)
            {
                if (field[i] == '\'')
                {
                    if (i + 1 < field.Length && field[i + 1] == '\'')
                    {
                        i += 2;
                        continue;
                    }

                    break;
                }

                i++;
            }

            if (i >= field.Length)
            {
                // No closing quote: keep the text as a string value (as CFITSIO does, leniently).
                return (field[start..].TrimEnd() + "'", null);
            }

            var raw = field[start..(i + 1)];
            var after = field[(i + 1)..];
            var slash = after.IndexOf('/', StringComparison.Ordinal);
            return (raw, slash < 0 ? null : NullIfEmpty(after[(slash + 1)..].Trim()));
        }

        var s = field.IndexOf('/', start);
        return s < 0
            ? (field[start..].TrimEnd(), null)
            : (field[start..s].TrimEnd(), NullIfEmpty(field[(s + 1)..].Trim()));
    }

    /// <summary>
    /// The text of a quoted raw value: outer quotes removed, doubled quotes undoubled, trailing
    /// blanks kept (the caller trims after joining CONTINUE segments).
    /// </summary>
    public static string Unquote(string raw)
    {
        var inner = raw.Length >= 2 ? raw[1..^1] : string.Empty;
        return inner.Replace("''", "'", StringComparison.Ordinal);
    }

    /// <summary>
    /// Decodes a header block; false when it holds control bytes (below 32 or 127), which means
    /// data or garbage rather than header text. Bytes 128–255, which FITS forbids but some writers
    /// leave in comments, are tolerated and read as Latin-1.
    /// </summary>
    public static bool TryDecodeAscii(ReadOnlySpan<byte> bytes, out string text)
    {
        var ascii = true;
        foreach (var b in bytes)
        {
            if (b < 32 || b == 127)
            {
                text = string.Empty;
                return false;
            }

            ascii &= b < 128;
        }

        text = ascii ? Encoding.ASCII.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        return true;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}

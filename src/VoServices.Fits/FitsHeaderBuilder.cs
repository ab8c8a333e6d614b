using System.Globalization;
using System.Text;

namespace VoServices.Fits;

/// <summary>
/// Builds the non-structural part of a FITS header: keyword/value/comment cards, COMMENT and
/// HISTORY, in insertion order. <see cref="FitsWriter"/> adds the structural keywords (SIMPLE or
/// XTENSION, BITPIX, NAXISn, PCOUNT, GCOUNT, TFIELDS, TFORMn, …) itself.
/// </summary>
/// <remarks>
/// Values use the FITS fixed format (FITS Standard 4.0, section 4.2): strings start in column 11,
/// are padded to at least 8 characters and longer ones continue on CONTINUE cards (long-string
/// convention, as astropy and CFITSIO write and read it); logicals, integers and reals end in
/// column 30. Reals are written with the shortest text that reads back to the same double, always
/// with a decimal point or exponent. Keywords longer than 8 characters or containing blanks are
/// written with the HIERARCH convention. A header's keyword may appear once; setting it again
/// replaces its card where it stands.
/// </remarks>
public sealed class FitsHeaderBuilder
{
    private static readonly HashSet<string> Structural = new(StringComparer.Ordinal)
    {
        "SIMPLE", "XTENSION", "BITPIX", "NAXIS", "EXTEND", "PCOUNT", "GCOUNT", "TFIELDS", "GROUPS", "END",
    };

    private static readonly string[] StructuralPrefixes =
        ["NAXIS", "TFORM", "TTYPE", "TUNIT", "TDIM", "TBCOL"];

    private readonly List<Entry> _entries = [];

    /// <summary>Number of entries (a long string on several cards counts once).</summary>
    public int Count => _entries.Count;

    /// <summary>Sets a string value (long strings continue on CONTINUE cards).</summary>
    public FitsHeaderBuilder Set(string key, string value, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Put(key, FormatString(CheckKey(key), value, comment));
    }

    /// <summary>Sets a logical value (T or F).</summary>
    public FitsHeaderBuilder Set(string key, bool value, string? comment = null) =>
        Put(key, [FormatFixed(CheckKey(key), value ? "T" : "F", comment)]);

    /// <summary>Sets an integer value.</summary>
    public FitsHeaderBuilder Set(string key, long value, string? comment = null) =>
        Put(key, [FormatFixed(CheckKey(key), value.ToString(CultureInfo.InvariantCulture), comment)]);

    /// <summary>Sets a real value; NaN and infinities have no FITS representation and are refused.</summary>
    public FitsHeaderBuilder Set(string key, double value, string? comment = null) =>
        Put(key, [FormatFixed(CheckKey(key), FormatReal(value), comment)]);

    /// <summary>Appends a COMMENT card (long text is split over several cards).</summary>
    public FitsHeaderBuilder AddComment(string text) => AddCommentary("COMMENT", text);

    /// <summary>Appends a HISTORY card (long text is split over several cards).</summary>
    public FitsHeaderBuilder AddHistory(string text) => AddCommentary("HISTORY", text);

    /// <summary>Removes a keyword; returns false when it was not there.</summary>
    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        _entries.RemoveAt(i);
        return true;
    }

    /// <summary>True when the keyword has been set.</summary>
    public bool Contains(string key) => IndexOf(key) >= 0;

    /// <summary>
    /// A builder holding a copy of <paramref name="header"/>'s cards except the structural ones
    /// (SIMPLE/XTENSION, BITPIX, NAXIS*, EXTEND, PCOUNT, GCOUNT, TFIELDS, TTYPE/TFORM/TUNIT/TDIM) and
    /// END — the starting point of a cutout header, whose axes the writer sets anew.
    /// </summary>
    public static FitsHeaderBuilder FromHeader(FitsHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var b = new FitsHeaderBuilder();
        var images = header.CardImages;
        var cards = header.Cards;
        for (var i = 0; i < cards.Count; i++)
        {
            var card = cards[i];
            if (card.Keyword == "CONTINUE")
            {
                if (b._entries.Count > 0 && b._entries[^1].Key is not null)
                {
                    b._entries[^1].Images.Add(images[i]);
                }

                continue;
            }

            if (card.IsCommentary)
            {
                b._entries.Add(new Entry(null, [images[i]]));
                continue;
            }

            if (IsStructural(card.Keyword) || b.IndexOf(card.Keyword) >= 0)
            {
                continue;
            }

            b._entries.Add(new Entry(card.Keyword, [images[i]]));
        }

        return b;
    }

    /// <summary>The header these cards make (without structural keywords unless set explicitly).</summary>
    public FitsHeader Build() => new(CardImages());

    /// <summary>All card images in order.</summary>
    public IEnumerable<string> CardImages() => _entries.SelectMany(e => e.Images);

    /// <summary>True for the keywords the writer owns (SIMPLE, BITPIX, NAXISn, TFORMn, …).</summary>
    public static bool IsStructural(string key)
    {
        if (Structural.Contains(key))
        {
            return true;
        }

        foreach (var prefix in StructuralPrefixes)
        {
            if (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal) && key[prefix.Length..].All(char.IsAsciiDigit))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The FITS text of a real value: shortest round-trip digits, with a decimal point or an
    /// exponent so readers take it as real (e.g. 1.0, 1.420405752E+09, 2.5E-05).
    /// </summary>
    public static string FormatReal(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("FITS header values cannot be NaN or infinite; leave the keyword out instead.", nameof(value));
        }

        var s = value.ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
        }

        var mantissa = s[..e];
        if (!mantissa.Contains('.', StringComparison.Ordinal))
        {
            mantissa += ".0";
        }

        return mantissa + s[e..];
    }

    private FitsHeaderBuilder Put(string key, List<string> images)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            _entries[i] = new Entry(_entries[i].Key, images);
        }
        else
        {
            _entries.Add(new Entry(NormalizeKey(key), images));
        }

        return this;
    }

    private FitsHeaderBuilder AddCommentary(string keyword, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckText(text);
        const int width = FitsConstants.CardSize - 8;
        var start = 0;
        do
        {
            var part = text.Length - start > width ? text.Substring(start, width) : text[start..];
            _entries.Add(new Entry(null, [(keyword.PadRight(8) + part).PadRight(FitsConstants.CardSize)]));
            start += width;
        }
        while (start < text.Length);
        return this;
    }

    private int IndexOf(string key)
    {
        var k = NormalizeKey(key);
        return _entries.FindIndex(e => e.Key is not null && string.Equals(e.Key, k, StringComparison.OrdinalIgnoreCase));
    }

    private static string NormalizeKey(string key) =>
        string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Validates a keyword; returns the text that goes before the value indicator.</summary>
    private static string CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = NormalizeKey(key);
        if (k.Length == 0)
        {
            throw new ArgumentException("A keyword cannot be blank.", nameof(key));
        }

        if (k is "COMMENT" or "HISTORY" or "CONTINUE" or "END" or "HIERARCH")
        {
            throw new ArgumentException($"{k} cannot carry a value; use AddComment/AddHistory.", nameof(key));
        }

        if (k.Length <= 8 && k.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            return k.PadRight(8);
        }

        if (k.Any(c => c < 32 || c > 126 || c == '=' || c == '\''))
        {
            throw new ArgumentException($"Keyword '{k}' has characters FITS keywords cannot hold.", nameof(key));
        }

        return "HIERARCH " + k + " ";
    }

    private static void CheckText(string text)
    {
        foreach (var c in text)
        {
            if (c < 32 || c > 126)
            {
                throw new ArgumentException("FITS header text is printable ASCII (32–126) only.", nameof(text));
            }
        }
    }

    private static string FormatFixed(string keyText, string value, string? comment)
    {
        var card = keyText.Length == 8
            ? keyText + "= " + value.PadLeft(20)
            : keyText + "= " + value;
        return Finish(card, comment);
    }

    private static List<string> FormatString(string keyText, string value, string? comment)
    {
        CheckText(value);
        var escaped = value.Replace("'", "''", StringComparison.Ordinal);
        var quoted = "'" + (escaped.Length < 8 ? escaped.PadRight(8) : escaped) + "'";
        var single = keyText + "= " + quoted;
        if (single.Length <= FitsConstants.CardSize)
        {
            return [Finish(single, comment)];
        }

        if (keyText.Length != 8)
        {
            throw new ArgumentException($"The HIERARCH keyword {keyText.Trim()} with its value does not fit one 80-character card.", nameof(value));
        }

        // Long-string convention: segments ending in '&' continue on CONTINUE cards.
        var cards = new List<string>();
        var prefix = keyText + "= '";
        var pos = 0;
        while (true)
        {
            var room = FitsConstants.CardSize - prefix.Length - 1; // closing quote
            var segment = new StringBuilder();
            var remainingEscaped = Escaped(value, pos);
            if (remainingEscaped <= room)
            {
                segment.Append(value[pos..].Replace("'", "''", StringComparison.Ordinal));
                cards.Add(Finish(prefix + segment + "'", comment));
                return cards;
            }

            room--; // the '&'
            while (pos < value.Length)
            {
                var piece = value[pos] == '\'' ? "''" : value[pos].ToString();
                if (segment.Length + piece.Length > room)
                {
                    break;
                }

                segment.Append(piece);
                pos++;
            }

            cards.Add((prefix + segment + "&'").PadRight(FitsConstants.CardSize));
            prefix = "CONTINUE  '";
        }
    }

    private static int Escaped(string value, int from)
    {
        var n = 0;
        for (var i = from; i < value.Length; i++)
        {
            n += value[i] == '\'' ? 2 : 1;
        }

        return n;
    }

    private static string Finish(string card, string? comment)
    {
        if (card.Length > FitsConstants.CardSize)
        {
            throw new ArgumentException($"The card '{card}' is longer than 80 characters.", nameof(card));
        }

        if (!string.IsNullOrEmpty(comment))
        {
            CheckText(comment);
            var withComment = card + " / " + comment;
            card = withComment.Length <= FitsConstants.CardSize ? withComment : withComment[..FitsConstants.CardSize];
        }

        return card.PadRight(FitsConstants.CardSize);
    }

    private sealed record Entry(string? Key, List<string> Images);
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VoServices.Fits;

using VoServices.Products;

namespace VoServices.Soda;

/// <summary>
/// Writes the header of an output HDU from the source header: new structural cards, then every other
/// source card in its order (CONTINUE and commentary included), with the value edits the cutout needs
/// (CRPIX, NAXIS2 of a table, …); DATASUM and CHECKSUM are dropped (they no longer hold); HISTORY appended.
/// </summary>
internal sealed partial class CutoutHeader
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "SIMPLE", "XTENSION", "BITPIX", "NAXIS", "EXTEND", "PCOUNT", "GCOUNT", "GROUPS", "TFIELDS", "END", "DATASUM", "CHECKSUM",
    };

    private readonly StringBuilder _structural = new();
    private readonly Dictionary<string, List<string>?> _replace = new(StringComparer.Ordinal);
    private readonly List<string> _history = [];

    private CutoutHeader(FitsHeader source) => Source = source;

    public FitsHeader Source { get; }

    /// <summary>A primary image HDU (EXTEND = T when extensions follow).</summary>
    public static CutoutHeader Primary(FitsHeader source, int bitpix, IReadOnlyList<long> axes, bool extend)
    {
        var h = new CutoutHeader(source);
        h.Card("SIMPLE", "T", "conforms to FITS standard");
        h.ImageAxes(bitpix, axes);
        if (extend)
        {
            h.Card("EXTEND", "T", "extensions may follow");
        }

        return h;
    }

    /// <summary>An IMAGE extension.</summary>
    public static CutoutHeader ImageExtension(FitsHeader source, int bitpix, IReadOnlyList<long> axes)
    {
        var h = new CutoutHeader(source);
        h.Card("XTENSION", "'IMAGE   '", "image extension");
        h.ImageAxes(bitpix, axes);
        h.Card("PCOUNT", "0", "number of parameters");
        h.Card("GCOUNT", "1", "number of groups");
        return h;
    }

    /// <summary>A BINTABLE extension with a new row count (and heap size).</summary>
    public static CutoutHeader BinTable(FitsHeader source, long rowWidth, long rows, long heapBytes)
    {
        var h = new CutoutHeader(source);
        h.Card("XTENSION", "'BINTABLE'", "binary table extension");
        h.Card("BITPIX", "8", "array data type");
        h.Card("NAXIS", "2", "number of array dimensions");
        h.Card("NAXIS1", Inv(rowWidth), "length of a row in bytes");
        h.Card("NAXIS2", Inv(rows), "number of rows");
        h.Card("PCOUNT", Inv(heapBytes), "size of the heap");
        h.Card("GCOUNT", "1", "one data group");
        h.Card("TFIELDS", Inv(source.GetLong("TFIELDS") ?? 0), "number of columns");
        return h;
    }

    /// <summary>Replaces the value of <paramref name="keyword"/> (every occurrence), keeping its comment.</summary>
    public void SetReal(string keyword, double value)
    {
        var comment = Source.Find(keyword)?.Comment;
        _replace[keyword] = [.. new FitsHeaderBuilder().Set(keyword, value, comment).CardImages()];
    }

    /// <summary>Replaces <paramref name="keyword"/> by the given cards (e.g. the card and a new one after it).</summary>
    public void ReplaceWith(string keyword, IEnumerable<string> cardImages) => _replace[keyword] = [.. cardImages];

    public void SetInteger(string keyword, long value)
    {
        var comment = Source.Find(keyword)?.Comment;
        _replace[keyword] = [.. new FitsHeaderBuilder().Set(keyword, value, comment).CardImages()];
    }

    public void AddHistory(string text) => _history.AddRange(new FitsHeaderBuilder().AddHistory(text).CardImages());

    /// <summary>The header bytes: cards, END, blanks to a multiple of 2880.</summary>
    public byte[] ToBytes()
    {
        var sb = new StringBuilder(_structural.ToString());
        var cards = Source.Cards;
        var images = Source.CardImages;
        for (var i = 0; i < cards.Count; i++)
        {
            var key = cards[i].Keyword;
            if (!cards[i].IsCommentary && (Dropped.Contains(key) || NaxisKeyword().IsMatch(key)))
            {
                continue;
            }

            if (!cards[i].IsCommentary && _replace.TryGetValue(key, out var replacement))
            {
                foreach (var r in replacement ?? [])
                {
                    sb.Append(r);
                }

                continue;
            }

            sb.Append(images[i]);
        }

        foreach (var h in _history)
        {
            sb.Append(h);
        }

        sb.Append("END".PadRight(FitsConstants.CardSize));
        var padded = (sb.Length + FitsConstants.BlockSize - 1) / FitsConstants.BlockSize * FitsConstants.BlockSize;
        sb.Append(' ', padded - sb.Length);
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private void ImageAxes(int bitpix, IReadOnlyList<long> axes)
    {
        Card("BITPIX", Inv(bitpix), "array data type");
        Card("NAXIS", Inv(axes.Count), "number of array dimensions");
        for (var i = 0; i < axes.Count; i++)
        {
            Card("NAXIS" + Inv(i + 1), Inv(axes[i]), null);
        }
    }

    private void Card(string key, string value, string? comment)
    {
        var card = key.PadRight(8) + "= " + value.PadLeft(20);
        if (comment is not null)
        {
            card += " / " + comment;
        }

        _structural.Append(card.PadRight(FitsConstants.CardSize));
    }

    internal static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^NAXIS[0-9]+$")]
    private static partial Regex NaxisKeyword();
}

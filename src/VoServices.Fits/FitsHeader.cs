using System.Globalization;
using System.Text;

namespace VoServices.Fits;

/// <summary>
/// A parsed FITS header: the cards in order, lookup by keyword (the first occurrence wins, as in
/// CFITSIO), typed accessors, and the original card images for WCSLIB.
/// </summary>
/// <remarks>
/// Typed accessors return null when the keyword is absent or its value undefined, and throw
/// <see cref="FitsFormatException"/> when the value is present but of the wrong type.
/// Keywords are matched case-insensitively; HIERARCH keywords by their full name with single
/// blanks between the parts (e.g. <c>ESO DET DIT</c>).
/// </remarks>
public sealed class FitsHeader
{
    private readonly FitsCard[] _cards;
    private readonly string[] _images;
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds a header from 80-character card images (without the END card).</summary>
    public FitsHeader(IEnumerable<string> cardImages)
    {
        ArgumentNullException.ThrowIfNull(cardImages);
        _images = cardImages.ToArray();
        _cards = new FitsCard[_images.Length];
        for (var i = 0; i < _images.Length; i++)
        {
            if (_images[i].Length != FitsConstants.CardSize)
            {
                throw new ArgumentException($"Card {i + 1} is {_images[i].Length} characters long, not 80.", nameof(cardImages));
            }

            var card = FitsCardParser.Parse(_images[i]);
            _cards[i] = card;
            if (!card.IsCommentary && card.Keyword != "CONTINUE")
            {
                _index.TryAdd(card.Keyword, i);
            }
        }
    }

    /// <summary>All cards in header order, including COMMENT/HISTORY/CONTINUE, excluding END.</summary>
    public IReadOnlyList<FitsCard> Cards => _cards;

    /// <summary>The 80-character card images in header order, excluding END.</summary>
    public IReadOnlyList<string> CardImages => _images;

    /// <summary>True when a valued card with this keyword exists.</summary>
    public bool Contains(string key) => _index.ContainsKey(Normalize(key));

    /// <summary>The first valued card with this keyword, or null.</summary>
    public FitsCard? Find(string key) => _index.TryGetValue(Normalize(key), out var i) ? _cards[i] : null;

    /// <summary>
    /// The value as text: for a string value the quotes removed, '' unescaped, CONTINUE segments
    /// joined (long-string convention) and trailing blanks trimmed; for other values the raw text.
    /// Null when absent or undefined.
    /// </summary>
    public string? GetString(string key)
    {
        if (!_index.TryGetValue(Normalize(key), out var i))
        {
            return null;
        }

        var raw = _cards[i].RawValue!;
        if (raw.Length == 0)
        {
            return null;
        }

        if (raw[0] != '\'')
        {
            return raw;
        }

        var text = FitsCardParser.Unquote(raw);
        var trimmed = text.TrimEnd(' ');
        if (!trimmed.EndsWith('&'))
        {
            return trimmed;
        }

        var sb = new StringBuilder();
        var j = i;
        while (true)
        {
            trimmed = text.TrimEnd(' ');
            var next = j + 1 < _cards.Length ? _cards[j + 1] : null;
            if (trimmed.EndsWith('&') && next is { Keyword: "CONTINUE", IsString: true })
            {
                sb.Append(trimmed, 0, trimmed.Length - 1);
                j++;
                text = FitsCardParser.Unquote(next.RawValue!);
                continue;
            }

            sb.Append(text);
            break;
        }

        return sb.ToString().TrimEnd(' ');
    }

    /// <summary>A real value (integers, fixed or exponential, 'E' or 'D' exponents); null when absent or undefined.</summary>
    public double? GetDouble(string key)
    {
        var card = Find(key);
        if (card is null || card.RawValue!.Length == 0)
        {
            return null;
        }

        if (TryParseDouble(card.RawValue, out var value))
        {
            return value;
        }

        throw new FitsFormatException($"Keyword {card.Keyword} has value {card.RawValue}, which is not a number.");
    }

    /// <summary>A real value, or <paramref name="defaultValue"/> when absent or undefined.</summary>
    public double GetDouble(string key, double defaultValue) => GetDouble(key) ?? defaultValue;

    /// <summary>An integer value; a real value is accepted only when it is integral. Null when absent or undefined.</summary>
    public long? GetLong(string key)
    {
        var card = Find(key);
        if (card is null || card.RawValue!.Length == 0)
        {
            return null;
        }

        var raw = card.RawValue;
        if (long.TryParse(raw.StartsWith('+') ? raw[1..] : raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (TryParseDouble(raw, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18)
        {
            return (long)d;
        }

        throw new FitsFormatException($"Keyword {card.Keyword} has value {raw}, which is not an integer.");
    }

    /// <summary>An integer value, or <paramref name="defaultValue"/> when absent or undefined.</summary>
    public long GetLong(string key, long defaultValue) => GetLong(key) ?? defaultValue;

    /// <summary>A logical value (T or F); null when absent or undefined.</summary>
    public bool? GetBool(string key)
    {
        var card = Find(key);
        if (card is null || card.RawValue!.Length == 0)
        {
            return null;
        }

        return card.RawValue switch
        {
            "T" => true,
            "F" => false,
            _ => throw new FitsFormatException($"Keyword {card.Keyword} has value {card.RawValue}, which is not a logical (T or F)."),
        };
    }

    /// <summary>
    /// The header as WCSLIB's wcspih wants it: every card image (80 characters) in order followed
    /// by the END card, with no separators.
    /// </summary>
    public string ToHeaderString()
    {
        var sb = new StringBuilder((_images.Length + 1) * FitsConstants.CardSize);
        foreach (var image in _images)
        {
            sb.Append(image);
        }

        sb.Append("END".PadRight(FitsConstants.CardSize));
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => string.Join('\n', _images.Select(i => i.TrimEnd()));

    internal static bool TryParseDouble(string raw, out double value)
    {
        var s = raw;
        if (s.Length > 0 && s[0] == '\'')
        {
            value = 0;
            return false;
        }

        if (s.AsSpan().IndexOfAny('D', 'd') >= 0)
        {
            s = s.Replace('D', 'E').Replace('d', 'E');
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static string Normalize(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.StartsWith("HIERARCH ", StringComparison.OrdinalIgnoreCase))
        {
            key = key[9..];
        }

        return key.Contains("  ", StringComparison.Ordinal)
            ? string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            : key.Trim();
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using VoServices.Fits;

using VoServices.Products;

namespace VoServices.Soda;

/// <summary>
/// The header edits that keep a cut axis's world coordinates: CRPIXja (every alternate WCS a) and
/// IRAF's LTVj shift by the pixels cut off; a strided axis (every s-th pixel) also gets its scale
/// (CDELTja, or column j of CDi_ja) multiplied by s and CRPIXja = 1 + (CRPIXja − first) / s.
/// </summary>
internal static partial class AxisCards
{
    /// <summary>Applies the edits for the selections (0-based; null or whole = unchanged) of the source header's axes.</summary>
    public static void Apply(CutoutHeader header, IReadOnlyList<AxisSelection?> selections)
    {
        var source = header.Source;
        var alternatesWithCd = new HashSet<string>(StringComparer.Ordinal);
        foreach (var card in source.Cards)
        {
            if (!card.IsCommentary && Cd().Match(card.Keyword) is { Success: true } m)
            {
                alternatesWithCd.Add(m.Groups[3].Value);
            }
        }

        foreach (var card in source.Cards)
        {
            if (card.IsCommentary)
            {
                continue;
            }

            var key = card.Keyword;
            if (Crpix().Match(key) is { Success: true } crpix && Selection(selections, crpix.Groups[1].Value) is { } s && s.Step > 0
                && source.GetDouble(key) is { } crpixValue)
            {
                var first = s.First + 1;
                var shifted = 1 + ((crpixValue - first) / s.Step);
                var alt = crpix.Groups[2].Value;
                var axis = crpix.Groups[1].Value;
                if (s.Step > 1 && !source.Contains("CDELT" + axis + alt) && !alternatesWithCd.Contains(alt))
                {
                    // CDELT defaults to 1: a strided axis needs it written out.
                    var b = new FitsHeaderBuilder().Set(key, shifted, card.Comment).Set("CDELT" + axis + alt, (double)s.Step, "stride of the cutout");
                    header.ReplaceWith(key, b.CardImages());
                }
                else
                {
                    header.SetReal(key, shifted);
                }
            }
            else if (Ltv().Match(key) is { Success: true } ltv && Selection(selections, ltv.Groups[1].Value) is { Step: 1 } t
                && source.GetDouble(key) is { } ltvValue)
            {
                header.SetReal(key, ltvValue - t.First);
            }
            else if (Cdelt().Match(key) is { Success: true } cdelt && Selection(selections, cdelt.Groups[1].Value) is { Step: > 1 } u
                && source.GetDouble(key) is { } cdeltValue)
            {
                header.SetReal(key, cdeltValue * u.Step);
            }
            else if (Cd().Match(key) is { Success: true } cd && Selection(selections, cd.Groups[2].Value) is { Step: > 1 } v
                && source.GetDouble(key) is { } cdValue)
            {
                header.SetReal(key, cdValue * v.Step);
            }
        }
    }

    /// <summary>
    /// True when the axis (1-based) is not mixed with others by a PC or CD matrix (every off-diagonal
    /// element of its row and column is zero): only then can a stride be expressed by its own cards.
    /// </summary>
    public static bool IsUnmixed(FitsHeader header, int axis)
    {
        foreach (var card in header.Cards)
        {
            if (card.IsCommentary)
            {
                continue;
            }

            var m = Pc().Match(card.Keyword);
            if (!m.Success)
            {
                m = Cd().Match(card.Keyword);
            }

            (int I, int J)? ij = m.Success
                ? (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
                : LegacyPc().Match(card.Keyword) is { Success: true } l
                    ? (int.Parse(l.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(l.Groups[2].Value, CultureInfo.InvariantCulture))
                    : null;
            if (ij is var (i, j) && i != j && (i == axis || j == axis) && header.GetDouble(card.Keyword) is { } value && value != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static AxisSelection? Selection(IReadOnlyList<AxisSelection?> selections, string axisText)
    {
        // Axes beyond the selections, and selections that keep the axis from its first pixel unstrided, need no edit.
        var axis = int.Parse(axisText, CultureInfo.InvariantCulture);
        return axis >= 1 && axis <= selections.Count && selections[axis - 1] is { } s && !(s.First == 0 && s.Step == 1) ? s : null;
    }

    [GeneratedRegex("^CRPIX([1-9][0-9]*)([A-Z]?)$")]
    private static partial Regex Crpix();

    [GeneratedRegex("^CDELT([1-9][0-9]*)([A-Z]?)$")]
    private static partial Regex Cdelt();

    [GeneratedRegex("^CD([1-9][0-9]*)_([1-9][0-9]*)([A-Z]?)$")]
    private static partial Regex Cd();

    [GeneratedRegex("^PC([1-9][0-9]*)_([1-9][0-9]*)([A-Z]?)$")]
    private static partial Regex Pc();

    [GeneratedRegex("^PC([0-9]{3})([0-9]{3})$")]
    private static partial Regex LegacyPc();

    [GeneratedRegex("^LTV([1-9][0-9]*)$")]
    private static partial Regex Ltv();
}

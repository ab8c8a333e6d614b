namespace VoServices.Fits;

/// <summary>
/// One logical keyword record of a FITS header.
/// </summary>
/// <param name="Keyword">
/// The keyword: columns 1–8 without trailing blanks, or for the HIERARCH convention the full
/// hierarchical name without the <c>HIERARCH</c> prefix (e.g. <c>ESO DET DIT</c>).
/// Blank for blank commentary cards.
/// </param>
/// <param name="RawValue">
/// The value text exactly as written (strings keep their quotes and doubled quotes), without the
/// comment; empty when the keyword has an undefined value; <c>null</c> for commentary cards
/// (COMMENT, HISTORY, blank keyword, any card without a value indicator).
/// </param>
/// <param name="Comment">
/// The comment after the '/' of a valued card, or the text of a commentary card; <c>null</c> when none.
/// </param>
public sealed record FitsCard(string Keyword, string? RawValue, string? Comment)
{
    /// <summary>True for COMMENT/HISTORY/blank and other cards without a value.</summary>
    public bool IsCommentary => RawValue is null;

    /// <summary>True when the value is a quoted string.</summary>
    public bool IsString => RawValue is { Length: > 0 } v && v[0] == '\'';
}

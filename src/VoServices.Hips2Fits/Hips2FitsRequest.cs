using VoServices.Fits;

namespace VoServices.Hips2Fits;

/// <summary>The image formats of `format`.</summary>
public enum CutoutFormat
{
    Fits,
    Png,
    Jpeg,
}

/// <summary>`interp`: how a pixel's value comes from the HEALPix cells around it.</summary>
public enum CutoutInterpolation
{
    /// <summary>The four cells around the pixel's centre, weighted as HEALPix bilinear interpolation.</summary>
    Bilinear,

    /// <summary>The cell containing the pixel's centre.</summary>
    Nearest,
}

/// <summary>A display cut: an absolute value, or a percentile of the image's valid pixels (`0.5%`).</summary>
public sealed record CutoutCut(double Value, bool IsPercentile)
{
    public static CutoutCut DefaultMin { get; } = new(0.5, true);

    public static CutoutCut DefaultMax { get; } = new(99.5, true);

    public override string ToString() => IsPercentile ? FormattableString.Invariant($"{Value}%") : FormattableString.Invariant($"{Value}");
}

/// <summary>How a PNG or JPEG is drawn: the cut, the stretch over it and the colour map.</summary>
public sealed record CutoutDisplay(CutoutStretch Stretch, string ColorMap, CutoutCut Min, CutoutCut Max, bool Inverted)
{
    public static CutoutDisplay Default { get; } = new(CutoutStretch.Linear, "Greys_r", CutoutCut.DefaultMin, CutoutCut.DefaultMax, false);
}

/// <summary>
/// The output image's geometry: <see cref="Width"/> × <see cref="Height"/> pixels and the FITS WCS cards
/// (CTYPE, CRPIX, CRVAL, CDELT/PC or CD, …) that place them on the sky; WCSLIB interprets them.
/// </summary>
public sealed record CutoutWcs(int Width, int Height, IReadOnlyList<string> Cards)
{
    /// <summary>The cards as a header WCSLIB can parse (with NAXIS, NAXIS1, NAXIS2).</summary>
    public FitsHeader ToHeader()
    {
        var builder = new FitsHeaderBuilder()
            .Set("NAXIS", 2)
            .Set("NAXIS1", Width)
            .Set("NAXIS2", Height);
        return new FitsHeader(builder.CardImages().Concat(Cards));
    }
}

/// <summary>One hips2fits request, parsed and checked (<see cref="Hips2FitsParameters"/>).</summary>
public sealed record Hips2FitsRequest(string Hips, CutoutWcs Wcs, CutoutFormat Format, CutoutInterpolation Interpolation, CutoutDisplay Display);

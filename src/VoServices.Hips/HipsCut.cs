using System.Globalization;

namespace VoServices.Hips;

/// <summary>One end of a display cut: a pixel value, or a percentile (0–100) of the hips_order pixel values.</summary>
public readonly record struct HipsCutBound(double Value, bool IsPercentile)
{
    /// <summary>`12.5` or `99.5%`; null when it is neither a finite number nor a percentile from 0 to 100.</summary>
    public static HipsCutBound? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var percent = text.EndsWith('%');
        if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            || !double.IsFinite(v) || (percent && v is < 0 or > 100))
        {
            return null;
        }

        return new HipsCutBound(v, percent);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value:R}{(IsPercentile ? "%" : "")}");
}

/// <summary>The display cut of `--cut LOW HIGH`: pixel values below LOW show as the map's first colour, above HIGH as its last.</summary>
public sealed record HipsCut(HipsCutBound Low, HipsCutBound High)
{
    /// <summary>The 0.5 and 99.5 percentiles: robust against a few extreme cells.</summary>
    public static HipsCut Default { get; } = new(new HipsCutBound(0.5, true), new HipsCutBound(99.5, true));

    /// <summary>Why the cut cannot be used, or null: LOW must be below HIGH when both are of the same kind.</summary>
    public string? Problem =>
        Low.IsPercentile == High.IsPercentile && !(Low.Value < High.Value) ? $"LOW {Low} is not below HIGH {High}" : null;

    /// <summary>
    /// The cut in pixel values, percentiles taken from <paramref name="histogram"/> (the hips_order pixels); the
    /// data range when that collapses (a constant map: its value ± 1). Null for a map without data.
    /// </summary>
    internal (double Low, double High)? Resolve(PixelHistogram histogram, Func<IEnumerable<float[]>> deepestTiles)
    {
        if (histogram.Count == 0)
        {
            return null;
        }

        var percents = new[] { Low, High }.Where(b => b.IsPercentile).Select(b => b.Value).ToArray();
        var values = percents.Length == 0 ? [] : histogram.Percentiles(percents, deepestTiles);
        var low = Low.IsPercentile ? values[0] : Low.Value;
        var high = High.IsPercentile ? values[^1] : High.Value;
        if (!(high > low))
        {
            (low, high) = (histogram.Min, histogram.Max);
        }

        return high > low ? (low, high) : (low - 1, high + 1);
    }
}

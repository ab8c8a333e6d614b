namespace VoServices.Hips;

/// <summary>How repeated measurements of one cell at the map's order become the cell's value (`--combine`).</summary>
public enum HipsCombine
{
    /// <summary>Σwᵢvᵢ / Σwᵢ: the default with a weight (inverse-variance) column.</summary>
    WeightedMean,

    /// <summary>The plain mean, weights ignored: the default without a weight column.</summary>
    Mean,

    /// <summary>The median (mean of the two middle values for an even count), weights ignored.</summary>
    Median,
}

/// <summary>How a lower-order pixel is made of its four children, empty children ignored (`--aggregate`).</summary>
public enum HipsAggregation
{
    Mean,
    Median,
    Sum,
    Min,
    Max,

    /// <summary>The non-empty child with the lowest NESTED index.</summary>
    First,
}

/// <summary>Names of the methods as the CLI takes them and `properties` records them.</summary>
public static class HipsMethods
{
    public static string Name(this HipsCombine combine) => combine switch
    {
        HipsCombine.WeightedMean => "wmean",
        HipsCombine.Median => "median",
        _ => "mean",
    };

    public static string Name(this HipsAggregation aggregation) => aggregation.ToString().ToLowerInvariant();

    /// <summary>The `--stretch` name, also `hips_pixel_function` (hipsgen's names for its transfer functions).</summary>
    public static string Name(this HipsStretch stretch) => stretch.ToString().ToLowerInvariant();

    public static HipsCombine? ParseCombine(string name) =>
        Enum.GetValues<HipsCombine>().Select(c => (HipsCombine?)c).FirstOrDefault(c => c!.Value.Name() == name);

    public static HipsAggregation? ParseAggregation(string name) =>
        Enum.GetValues<HipsAggregation>().Select(a => (HipsAggregation?)a).FirstOrDefault(a => a!.Value.Name() == name);

    public static HipsStretch? ParseStretch(string name) =>
        Enum.GetValues<HipsStretch>().Select(a => (HipsStretch?)a).FirstOrDefault(a => a!.Value.Name() == name);

    /// <summary>
    /// The parent value of <paramref name="children"/> (the four child values in NESTED order, NaN = empty),
    /// NaN when all are empty. Sums run in double so the result is the float nearest the exact one.
    /// </summary>
    public static float Aggregate(this HipsAggregation aggregation, Span<float> children)
    {
        // Drop the empty children, keeping NESTED order (First needs it).
        var n = 0;
        foreach (var v in children)
        {
            if (!float.IsNaN(v))
            {
                children[n++] = v;
            }
        }

        if (n == 0)
        {
            return float.NaN;
        }

        var kept = children[..n];
        if (aggregation == HipsAggregation.First)
        {
            return kept[0];
        }

        if (aggregation == HipsAggregation.Median)
        {
            kept.Sort();
            return n % 2 == 1 ? kept[n / 2] : (float)(((double)kept[(n / 2) - 1] + kept[n / 2]) / 2);
        }

        var (sum, min, max) = (0.0, kept[0], kept[0]);
        foreach (var v in kept)
        {
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return aggregation switch
        {
            HipsAggregation.Min => min,
            HipsAggregation.Max => max,
            HipsAggregation.Sum => (float)sum,
            _ => (float)(sum / n),
        };
    }
}

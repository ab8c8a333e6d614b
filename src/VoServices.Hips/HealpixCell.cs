using System.Globalization;

namespace VoServices.Hips;

/// <summary>One measurement of a HEALPix cell: its NESTED index at the map's order, a value and its weight (1 without a weight column).</summary>
public readonly record struct HealpixCell(long Index, double Value, double Weight);

/// <summary>The one rule for weights, shared by every input: finite and not negative; zero means no measurement.</summary>
internal static class CellWeights
{
    /// <summary>Throws, naming the file, the 0-based <paramref name="row"/> (shown 1-based) and the column, for a NaN, infinite or negative weight.</summary>
    public static void Check(double weight, string path, long row, string column)
    {
        if (double.IsNaN(weight) || weight < 0 || double.IsInfinity(weight))
        {
            throw new HealpixMapException(
                $"{path}: row {row + 1}: weight column '{column}' holds {weight.ToString(CultureInfo.InvariantCulture)}; weights must be finite and not negative.");
        }
    }
}

using System.Globalization;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Products;

namespace VoServices.Soda;

/// <summary>The filter rules cubes and RSS share.</summary>
internal static class SodaFilters
{
    /// <summary>
    /// TIME against the observation's span (MJD-OBS/DATE-OBS to MJD-END/DATE-END or start + exposure):
    /// the products have no time axis, so TIME either keeps everything or nothing. Returns the
    /// no-overlap reason, or null. Without an observation time TIME cannot be applied (noted).
    /// </summary>
    public static string? TimeMismatch(DaliInterval? time, FitsHeader header, FitsHeader primary, List<string> notes)
    {
        if (time is null)
        {
            return null;
        }

        var t = ObservationTime.FromHeader(header.Contains("DATE-OBS") || header.Contains("MJD-OBS") ? header : primary);
        if (t.Start is not { } start)
        {
            notes.Add("TIME not applied: the dataset gives no observation time");
            return null;
        }

        var end = t.End ?? start;
        return end < time.Lower || start > time.Upper
            ? $"TIME {Format(time)} (MJD) does not meet the observation, MJD {Num(start)} to {Num(end)}"
            : null;
    }

    /// <summary>
    /// POL on data without a STOKES axis: nothing along a polarisation axis can be selected, so any POL
    /// is no overlap (HTTP 204, as for BAND or a region missing the data) rather than the whole file
    /// answered as if POL had been honoured. Returns the no-overlap reason, or null when POL is absent.
    /// </summary>
    public static string? PolWithoutStokesAxis(IReadOnlyList<string> pol) =>
        pol.Count == 0
            ? null
            : $"POL {string.Join(' ', pol)}: the dataset has no polarisation (STOKES) axis; leave POL out to cut it";

    /// <summary>
    /// The channels (0-based, inclusive) whose wavelength extent overlaps <paramref name="band"/>.
    /// <paramref name="edges"/> holds the wavelength (m) at the n + 1 channel edges, in channel order
    /// (increasing or decreasing; NaN where unknown). An interval keeps every channel it overlaps with
    /// positive length; a single value the one channel containing it. Null when none.
    /// </summary>
    public static (long First, long Last)? Channels(ReadOnlySpan<double> edges, DaliInterval band)
    {
        long first = -1, last = -1;
        for (var k = 0; k + 1 < edges.Length; k++)
        {
            var (a, b) = (edges[k], edges[k + 1]);
            if (double.IsNaN(a) || double.IsNaN(b))
            {
                continue;
            }

            var lo = Math.Min(a, b);
            var hi = Math.Max(a, b);
            if (band.IsScalar)
            {
                if (lo <= band.Lower && band.Lower <= hi)
                {
                    return (k, k);
                }

                continue;
            }

            if (hi > band.Lower && lo < band.Upper)
            {
                first = first < 0 ? k : first;
                last = k;
            }
        }

        return first < 0 ? null : (first, last);
    }

    /// <summary>The wavelength span (m) of the channel edges, for messages.</summary>
    public static string Span(ReadOnlySpan<double> edges)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var e in edges)
        {
            if (!double.IsNaN(e))
            {
                lo = Math.Min(lo, e);
                hi = Math.Max(hi, e);
            }
        }

        return $"{Num(lo)} to {Num(hi)} m";
    }

    public static string Format(DaliInterval i) => i.IsScalar ? Num(i.Lower) : $"{DaliValues.Format(i.Lower)} {DaliValues.Format(i.Upper)}";

    public static string Num(double v) => double.IsFinite(v) ? v.ToString("G7", CultureInfo.InvariantCulture) : DaliValues.Format(v);

    /// <summary>1-based ranges "1-5,9,12-14" of ascending 0-based indexes.</summary>
    public static string Ranges(IReadOnlyList<long> indexes)
    {
        var parts = new List<string>();
        for (var i = 0; i < indexes.Count;)
        {
            var j = i;
            while (j + 1 < indexes.Count && indexes[j + 1] == indexes[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? Inv(indexes[i] + 1) : $"{Inv(indexes[i] + 1)}-{Inv(indexes[j] + 1)}");
            i = j + 1;
        }

        return string.Join(',', parts);
    }

    private static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);
}

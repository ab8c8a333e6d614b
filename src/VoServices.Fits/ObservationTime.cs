using System.Globalization;

namespace VoServices.Fits;

/// <summary>ObsCore's time axis (MJD, seconds) from the usual FITS keywords.</summary>
public sealed record ObservationTime(double? Start, double? End, double? Exposure)
{
    private static readonly DateTime MjdZero = new(1858, 11, 17, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Start from MJD-OBS, else DATE-OBS (ISO-8601, or the pre-2000 'DD/MM/YY'); end from MJD-END or
    /// DATE-END, else start + exposure; exposure from EXPTIME, EXPOSURE, XPOSURE, INTTIME or OBSTIME (s).
    /// </summary>
    public static ObservationTime FromHeader(FitsHeader header)
    {
        var exposure = FirstDouble(header, "EXPTIME", "EXPOSURE", "XPOSURE", "INTTIME", "OBSTIME");
        var start = header.GetDouble("MJD-OBS") ?? ParseDate(header.GetString("DATE-OBS"), "DATE-OBS");
        var end = header.GetDouble("MJD-END") ?? ParseDate(header.GetString("DATE-END"), "DATE-END");
        if (end is null && start is not null && exposure is not null)
        {
            end = start + (exposure / 86400);
        }

        return new ObservationTime(start, end ?? start, exposure);
    }

    public static double ToMjd(DateTime utc) => (utc - MjdZero).TotalDays;

    public static DateTime FromMjd(double mjd) => MjdZero.AddDays(mjd);

    /// <summary>ISO dates as FITS writes them (no zone: UTC unless TIMESYS says otherwise, which we do not model).</summary>
    public static double? ParseDate(string? value, string keyword)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd", "dd/MM/yy"];
        if (DateTime.TryParseExact(value.Trim(), formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
        {
            return ToMjd(t);
        }

        throw new FitsFormatException($"{keyword} = '{value}' is not a FITS date (YYYY-MM-DDThh:mm:ss)");
    }

    private static double? FirstDouble(FitsHeader header, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (header.GetDouble(key) is { } v)
            {
                return v;
            }
        }

        return null;
    }
}

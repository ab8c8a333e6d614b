using System.Globalization;
using VoServices.Dali;

namespace VoServices.Cubes;

/// <summary>
/// A `/cube/channels` request: the velocity range, how many channels make one map (NBIN, or BINWIDTH in km/s
/// rounded to whole channels), the convention, and the Stokes plane.
/// </summary>
public sealed record ChannelMapRequest(
    string Id,
    (double Low, double High)? Velocity,
    int? ChannelsPerBin,
    double? BinWidth,
    VelocityDefinition? Definition,
    double? RestFrequency,
    string Pol)
{
    public static ChannelMapRequest From(DaliParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var id = parameters.GetSingle("ID") is { Length: > 0 } i ? i : throw DaliException.BadParameter("ID", "ID (the cube's obs_publisher_did) is required");
        var low = Number(parameters, "VLOW");
        var high = Number(parameters, "VHIGH");
        (double, double)? velocity = low is null && high is null ? null : (low ?? double.NegativeInfinity, high ?? double.PositiveInfinity);
        if (velocity is var (vl, vh) && vl > vh)
        {
            throw DaliException.BadParameter("VLOW", $"VLOW {vl} km/s is above VHIGH {vh} km/s");
        }

        var nbin = parameters.GetInteger("NBIN", 1, 1_000_000) is { } n ? (int)n : (int?)null;
        var width = Number(parameters, "BINWIDTH");
        if (width is <= 0)
        {
            throw DaliException.BadParameter("BINWIDTH", $"BINWIDTH {width} km/s must be positive");
        }

        if (nbin is not null && width is not null)
        {
            throw DaliException.BadParameter("NBIN", "give the bin size either as NBIN (channels) or as BINWIDTH (km/s), not both");
        }

        var restFrequency = Number(parameters, "RESTFRQ");
        if (restFrequency is <= 0)
        {
            throw DaliException.BadParameter("RESTFRQ", "the rest frequency is in Hz and must be positive");
        }

        var format = parameters.GetSingle("RESPONSEFORMAT")?.Split(';')[0].Trim().ToLowerInvariant();
        if (format is not (null or "" or "fits" or "image/fits" or "application/fits"))
        {
            throw DaliException.BadParameter("RESPONSEFORMAT", $"'{DaliParameters.Shorten(format)}' is not offered; channel maps are image/fits");
        }

        return new ChannelMapRequest(id, velocity, nbin, width, VelocityAxis.Parse(parameters.GetSingle("VELDEF")), restFrequency,
            parameters.GetSingle("POL")?.Trim().ToUpperInvariant() is { Length: > 0 } pol ? pol : "I");
    }

    private static double? Number(DaliParameters parameters, string name)
    {
        var text = parameters.GetSingle(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw DaliException.BadParameter(name, $"'{DaliParameters.Shorten(text)}' is not a finite number");
    }
}

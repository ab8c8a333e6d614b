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
        var id = CubeParameters.Id(parameters);
        var velocity = CubeParameters.Velocity(parameters);

        var nbin = parameters.GetInteger("NBIN", 1, 1_000_000) is { } n ? (int)n : (int?)null;
        var width = CubeParameters.Number(parameters, "BINWIDTH");
        if (width is <= 0)
        {
            throw DaliException.BadParameter("BINWIDTH", $"BINWIDTH {width} km/s must be positive");
        }

        if (nbin is not null && width is not null)
        {
            throw DaliException.BadParameter("NBIN", "give the bin size either as NBIN (channels) or as BINWIDTH (km/s), not both");
        }

        var restFrequency = CubeParameters.RestFrequency(parameters);

        CubeParameters.RequireFits(parameters, "channel maps");

        return new ChannelMapRequest(id, velocity, nbin, width, VelocityAxis.Parse(parameters.GetSingle("VELDEF")), restFrequency,
            CubeParameters.Pol(parameters));
    }
}

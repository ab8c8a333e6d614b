using System.Globalization;
using VoServices.Dali;

namespace VoServices.Cubes;

/// <summary>
/// A `/cube/channels` request: the velocity range, how many channels make one map (NBIN, or BINWIDTH in km/s
/// rounded to whole channels), the convention, the Stokes plane, and whether the maps come as one PNG mosaic
/// (RESPONSEFORMAT=image/png) with contours at the CONTOURS levels.
/// </summary>
/// <param name="Contours">Contour levels in the maps' unit (BUNIT × km/s), PNG only; empty: none.</param>
public sealed record ChannelMapRequest(
    string Id,
    (double Low, double High)? Velocity,
    int? ChannelsPerBin,
    double? BinWidth,
    VelocityDefinition? Definition,
    double? RestFrequency,
    string Pol,
    bool Png,
    IReadOnlyList<double> Contours)
{
    /// <summary>At most this many CONTOURS levels.</summary>
    public const int MaxContours = 20;

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

        var png = CubeParameters.Png(parameters, "channel maps");
        var contours = Levels(parameters.GetSingle("CONTOURS"));
        if (contours.Count > 0 && !png)
        {
            throw DaliException.BadParameter("CONTOURS", "contours are drawn on the PNG mosaic: give RESPONSEFORMAT=image/png with CONTOURS");
        }

        return new ChannelMapRequest(id, velocity, nbin, width, VelocityAxis.Parse(parameters.GetSingle("VELDEF")), restFrequency,
            CubeParameters.Pol(parameters), png, contours);
    }

    // CONTOURS: levels separated by commas (or blanks), each a finite number, at most MaxContours of them.
    private static IReadOnlyList<double> Levels(string? text)
    {
        var parts = (text ?? "").Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > MaxContours)
        {
            throw DaliException.BadParameter("CONTOURS", $"{parts.Length} contour levels are more than {MaxContours}");
        }

        return parts
            .Select(t => CubeParameters.Finite("CONTOURS", t, " (a contour level in the maps' unit)"))
            .Distinct()
            .Order()
            .ToList();
    }
}

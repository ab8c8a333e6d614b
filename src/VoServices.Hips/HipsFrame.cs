using VoServices.Fits.Sky;
using VoServices.Fits.Wcs;

namespace VoServices.Hips;

/// <summary>The sky frames of `hips_frame`.</summary>
public enum HipsFrame
{
    Equatorial,
    Galactic,
    Ecliptic,
}

/// <summary>HEALPix COORDSYS ↔ hips_frame.</summary>
public static class HipsFrames
{
    /// <summary>The frame a map's COORDSYS names (C/Q/CELESTIAL/EQUATORIAL, G/GALACTIC, E/ECLIPTIC); equatorial when absent.</summary>
    public static HipsFrame FromCoordsys(string? coordsys, string where) =>
        coordsys?.Trim().ToUpperInvariant() switch
        {
            null or "" or "C" or "Q" or "CELESTIAL" or "EQUATORIAL" or "ICRS" => HipsFrame.Equatorial,
            "G" or "GALACTIC" => HipsFrame.Galactic,
            "E" or "ECLIPTIC" => HipsFrame.Ecliptic,
            var other => throw new HealpixMapException($"{where}: COORDSYS = '{other}' is not C, G or E."),
        };

    /// <summary>The `hips_frame` value.</summary>
    public static string PropertyValue(this HipsFrame frame) => frame switch
    {
        HipsFrame.Galactic => "galactic",
        HipsFrame.Ecliptic => "ecliptic",
        _ => "equatorial",
    };

    /// <summary>The WCS celestial frame of this hips_frame: ICRS, IAU 1958 galactic, or the J2000 mean ecliptic.</summary>
    public static CelestialFrame Celestial(this HipsFrame frame) => frame switch
    {
        HipsFrame.Galactic => new CelestialFrame(CelestialFrameKind.Galactic, null, "GALACTIC"),
        HipsFrame.Ecliptic => new CelestialFrame(CelestialFrameKind.Ecliptic, 2000, "ECLIPTIC"),
        _ => new CelestialFrame(CelestialFrameKind.Icrs, null, "ICRS"),
    };

    /// <summary>(lon, lat) in this frame → ICRS (ra, dec), degrees.</summary>
    public static (double Ra, double Dec) ToIcrs(this HipsFrame frame, SkyPoint point) =>
        frame == HipsFrame.Equatorial ? (point.Ra, point.Dec) : SkyFrames.ToIcrs(frame.Celestial(), point.Ra, point.Dec);
}

namespace VoServices.Fits.Wcs;

/// <summary>The celestial reference systems a cube's longitude/latitude axes can be in.</summary>
public enum CelestialFrameKind
{
    /// <summary>RADESYS = 'ICRS' (or RA/DEC without RADESYS and EQUINOX, per FITS WCS paper II).</summary>
    Icrs,

    /// <summary>RADESYS = 'FK5' with EQUINOX (Julian).</summary>
    Fk5,

    /// <summary>RADESYS = 'FK4' with EQUINOX (Besselian), E-terms of aberration included.</summary>
    Fk4,

    /// <summary>RADESYS = 'FK4-NO-E'.</summary>
    Fk4NoETerms,

    /// <summary>GLON/GLAT axes: IAU 1958 galactic coordinates.</summary>
    Galactic,

    /// <summary>ELON/ELAT axes: mean ecliptic and equinox of EQUINOX (default J2000).</summary>
    Ecliptic,

    /// <summary>Anything else (GAPPT, supergalactic, helioecliptic, planetary, …); not convertible to ICRS here.</summary>
    Other,
}

/// <summary>A celestial frame as read from a header.</summary>
/// <param name="Kind">The reference system.</param>
/// <param name="Equinox">EQUINOX in years (Julian for FK5/ecliptic, Besselian for FK4), when it applies.</param>
/// <param name="Name">The header's own name for it: the RADESYS value or the longitude CTYPE prefix.</param>
public sealed record CelestialFrame(CelestialFrameKind Kind, double? Equinox, string Name);

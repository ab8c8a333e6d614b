namespace VoServices.Hips2Fits;

/// <summary>The bounds of one cutout, stated in the README and the capabilities.</summary>
public static class Hips2FitsLimits
{
    /// <summary>width × height at most (25 Mpx: 100 MB of float pixels).</summary>
    public const long MaxPixels = 25_000_000;

    /// <summary>Either side at most.</summary>
    public const int MaxSide = 20_000;

    /// <summary>fov in (0, 360] degrees.</summary>
    public const double MaxFov = 360;

    /// <summary>Keywords of a `wcs` JSON header at most; its text at most <see cref="MaxWcsChars"/>.</summary>
    public const int MaxWcsKeywords = 200;

    public const int MaxWcsChars = 32_768;
}

namespace VoServices.Fits.Wcs;

/// <summary>
/// A header's world coordinate system cannot be used: no WCS, an unknown CTYPE, a singular matrix,
/// an impossible spectral translation, … The message is WCSLIB's own where it gives one.
/// </summary>
public sealed class WcsException : Exception
{
    public WcsException(string message)
        : base(message)
    {
    }

    public WcsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The WCSLIB status code, or 0 when the error did not come from WCSLIB.</summary>
    public int Status { get; init; }
}

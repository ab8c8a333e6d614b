namespace VoServices.Fits;

/// <summary>
/// The input is not a well-formed FITS file (or uses a FITS feature this reader does not support).
/// Every malformation the reader detects surfaces as this type, never as another exception type,
/// so ingest can turn it into a "skipped: reason" line.
/// </summary>
public sealed class FitsFormatException : Exception
{
    public FitsFormatException(string message)
        : base(message)
    {
    }

    public FitsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

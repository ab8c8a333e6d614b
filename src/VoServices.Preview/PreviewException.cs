using VoServices.Products;

namespace VoServices.Preview;

/// <summary>
/// A preview could not be made from the product (unreadable or malformed FITS, a HiPS without FITS
/// tiles or preview image, a missing source file). The message says what; <see cref="Exception.InnerException"/>
/// holds the underlying error. Not cached: the next request tries again.
/// </summary>
public sealed class PreviewException : Exception
{
    public PreviewException(string message)
        : base(message)
    {
    }

    public PreviewException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace VoServices.Fits;

/// <summary>Fixed sizes of the FITS format (FITS Standard 4.0, section 3).</summary>
public static class FitsConstants
{
    /// <summary>Size of a FITS logical record (header and data blocks).</summary>
    public const int BlockSize = 2880;

    /// <summary>Size of a header card.</summary>
    public const int CardSize = 80;

    /// <summary>Cards per header block.</summary>
    public const int CardsPerBlock = BlockSize / CardSize;
}

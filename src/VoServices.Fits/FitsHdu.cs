namespace VoServices.Fits;

/// <summary>
/// One header-and-data unit as located by <see cref="FitsReader"/>: its parsed header and where
/// its data lie in the file. Offsets are in bytes from the start of the FITS file (for a stream,
/// from the stream position when reading began).
/// </summary>
/// <param name="Index">0 for the primary HDU, then 1, 2, … for extensions.</param>
/// <param name="Header">The parsed header.</param>
/// <param name="HeaderOffset">Offset of the first header card.</param>
/// <param name="DataOffset">Offset of the first data byte (a multiple of 2880).</param>
/// <param name="DataLength">Data size in bytes as the header declares it, without the padding to 2880.</param>
/// <param name="Bitpix">BITPIX: 8, 16, 32, 64, -32 or -64.</param>
/// <param name="Axes">NAXIS1…NAXISn (NAXIS1 varies fastest); empty when NAXIS = 0.</param>
/// <param name="ExtName">EXTNAME without trailing blanks, or null.</param>
/// <param name="XTension">XTENSION value (e.g. IMAGE, BINTABLE), or null for the primary HDU.</param>
public sealed record FitsHdu(
    int Index,
    FitsHeader Header,
    long HeaderOffset,
    long DataOffset,
    long DataLength,
    int Bitpix,
    long[] Axes,
    string? ExtName,
    string? XTension)
{
    /// <summary>True for the primary HDU.</summary>
    public bool IsPrimary => Index == 0;

    /// <summary>A primary HDU or an IMAGE extension, with NAXIS &gt; 0 and data.</summary>
    public bool IsImage =>
        (XTension is null || XTension == "IMAGE") && Axes.Length > 0 && DataLength > 0;

    /// <summary>A BINTABLE extension.</summary>
    public bool IsBinTable => XTension == "BINTABLE";

    /// <summary>Number of elements NAXIS1 × … × NAXISn (0 when NAXIS = 0).</summary>
    public long ElementCount
    {
        get
        {
            if (Axes.Length == 0)
            {
                return 0;
            }

            long n = 1;
            foreach (var a in Axes)
            {
                n *= a;
            }

            return n;
        }
    }

    /// <summary>Data size rounded up to whole 2880-byte blocks.</summary>
    public long PaddedDataLength => (DataLength + FitsConstants.BlockSize - 1) / FitsConstants.BlockSize * FitsConstants.BlockSize;

    /// <summary>Offset just past this HDU's padded data, where the next HDU starts.</summary>
    public long EndOffset => DataOffset + PaddedDataLength;
}

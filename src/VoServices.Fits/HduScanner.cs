namespace VoServices.Fits;

/// <summary>
/// The format logic of <see cref="FitsReader"/>, independent of sync/async I/O: it is fed header
/// blocks, validates each header's structural keywords and computes where the next HDU starts.
/// </summary>
internal sealed class HduScanner
{
    private readonly long? _length;
    private readonly List<FitsHdu> _hdus = [];
    private readonly List<string> _cards = [];
    private long _headerOffset;
    private FitsHdu? _pending;

    public HduScanner(long? length) => _length = length;

    /// <summary>Offset (from the start of the FITS data) of the next block to read.</summary>
    public long Position { get; private set; }

    /// <summary>True once the scan has ended before a new header started.</summary>
    public bool Finished { get; private set; }

    /// <summary>True when the data of the last HDU reached the end of the input.</summary>
    public bool AtEnd { get; private set; }

    public IReadOnlyList<FitsHdu> Hdus => _hdus;

    /// <summary>
    /// Consumes one header block (fewer than 2880 bytes at the end of the input).
    /// Returns true when the header is complete (END seen) or the scan is finished.
    /// </summary>
    public bool AcceptHeaderBlock(ReadOnlySpan<byte> block)
    {
        var hduIndex = _hdus.Count;
        var firstBlock = _cards.Count == 0;
        if (firstBlock)
        {
            _headerOffset = Position;
        }

        if (block.Length < FitsConstants.BlockSize)
        {
            if (hduIndex == 0 && firstBlock)
            {
                if (block.Length == 0)
                {
                    throw new FitsFormatException("Not a FITS file: the file is empty.");
                }

                if (!StartsWith(block, "SIMPLE  ="))
                {
                    throw new FitsFormatException("Not a FITS file: it does not start with the card SIMPLE = T.");
                }
            }

            if (firstBlock && hduIndex > 0 && !StartsWith(block, "XTENSION="))
            {
                Finished = true;
                return true;
            }

            throw new FitsFormatException(
                $"Truncated header: the file ends at byte {Position + block.Length} inside the header of HDU {hduIndex + 1}.");
        }

        if (firstBlock)
        {
            if (hduIndex == 0 && !StartsWith(block, "SIMPLE  ="))
            {
                throw new FitsFormatException("Not a FITS file: it does not start with the card SIMPLE = T.");
            }

            if (hduIndex > 0 && !StartsWith(block, "XTENSION="))
            {
                // Trailing bytes that do not start an extension: not part of the FITS structure.
                Finished = true;
                return true;
            }
        }

        if (!FitsCardParser.TryDecodeAscii(block, out var text))
        {
            throw new FitsFormatException(
                _cards.Count == 0 && hduIndex == 0
                    ? "Not a FITS file: the first block contains non-ASCII bytes."
                    : $"Header of HDU {hduIndex + 1} has no END card before non-text bytes at offset {Position} (missing END or corrupted header).");
        }

        Position += FitsConstants.BlockSize;
        for (var c = 0; c < FitsConstants.CardsPerBlock; c++)
        {
            var image = text.Substring(c * FitsConstants.CardSize, FitsConstants.CardSize);
            if (image.StartsWith("END     ", StringComparison.Ordinal))
            {
                _pending = BuildHdu(hduIndex);
                _cards.Clear();
                return true;
            }

            _cards.Add(image);
        }

        if (_length is { } len && Position >= len)
        {
            throw new FitsFormatException($"Header of HDU {hduIndex + 1} has no END card: the file ends at byte {len}.");
        }

        return false;
    }

    /// <summary>Records the HDU whose header was just completed; returns the bytes to skip to the next HDU.</summary>
    public long CompleteHdu()
    {
        var hdu = _pending ?? throw new InvalidOperationException("No header is pending.");
        _pending = null;
        if (_length is { } len)
        {
            if (hdu.DataOffset + hdu.DataLength > len)
            {
                throw new FitsFormatException(
                    $"Data of HDU {hdu.Index + 1} are shorter than its header declares: {hdu.DataLength} bytes declared from offset {hdu.DataOffset}, but the file ends at byte {len}.");
            }

            _hdus.Add(hdu);
            Position = hdu.EndOffset;
            AtEnd = Position >= len;
            return hdu.PaddedDataLength;
        }

        _hdus.Add(hdu);
        Position = hdu.EndOffset;
        return hdu.PaddedDataLength;
    }

    /// <summary>For non-seekable input: the data ended after <paramref name="got"/> of the padded bytes.</summary>
    public void StreamEndedInData(long got)
    {
        var hdu = _hdus[^1];
        if (got < hdu.DataLength)
        {
            throw new FitsFormatException(
                $"Data of HDU {hdu.Index + 1} are shorter than its header declares: {hdu.DataLength} bytes declared, {got} present.");
        }

        AtEnd = true;
    }

    private FitsHdu BuildHdu(int index)
    {
        var header = new FitsHeader(_cards);
        var hduName = index == 0 ? "the primary HDU" : $"HDU {index + 1}";
        string? xtension = null;
        if (index == 0)
        {
            if (header.Cards.Count == 0 || header.Cards[0] is not { Keyword: "SIMPLE", RawValue: "T" })
            {
                throw new FitsFormatException("Not a standard FITS file: the first card is not SIMPLE = T.");
            }
        }
        else
        {
            xtension = SafeString(header, "XTENSION", hduName)?.Trim()
                ?? throw new FitsFormatException($"Header of {hduName} has no XTENSION value.");
        }

        var bitpix = RequiredInteger(header, "BITPIX", hduName);
        if (bitpix is not (8 or 16 or 32 or 64 or -32 or -64))
        {
            throw new FitsFormatException($"Header of {hduName} has BITPIX = {bitpix}; FITS allows 8, 16, 32, 64, -32 or -64.");
        }

        var naxis = RequiredInteger(header, "NAXIS", hduName);
        if (naxis is < 0 or > 999)
        {
            throw new FitsFormatException($"Header of {hduName} has NAXIS = {naxis}; FITS allows 0 to 999.");
        }

        var axes = new long[naxis];
        for (var i = 0; i < naxis; i++)
        {
            var key = "NAXIS" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            axes[i] = RequiredInteger(header, key, hduName);
            if (axes[i] < 0)
            {
                throw new FitsFormatException($"Header of {hduName} has {key} = {axes[i]}; axis lengths cannot be negative.");
            }
        }

        var pcount = OptionalInteger(header, "PCOUNT", hduName, 0);
        var gcount = OptionalInteger(header, "GCOUNT", hduName, 1);
        if (pcount < 0 || gcount < 0)
        {
            throw new FitsFormatException($"Header of {hduName} has PCOUNT = {pcount}, GCOUNT = {gcount}; neither may be negative.");
        }

        long dataLength;
        try
        {
            if (naxis == 0)
            {
                dataLength = 0;
            }
            else
            {
                var randomGroups = index == 0 && axes[0] == 0 && SafeBool(header, "GROUPS", hduName) == true;
                long product = 1;
                for (var i = randomGroups ? 1 : 0; i < naxis; i++)
                {
                    product = checked(product * axes[i]);
                }

                dataLength = checked(Math.Abs(bitpix) / 8 * gcount * (pcount + product));
            }
        }
        catch (OverflowException)
        {
            throw new FitsFormatException($"Header of {hduName} declares a data size too large to represent.");
        }

        var dataOffset = Position;
        var extName = SafeString(header, "EXTNAME", hduName);
        return new FitsHdu(index, header, _headerOffset, dataOffset, dataLength, bitpix, axes, extName, xtension);
    }

    private static int RequiredInteger(FitsHeader header, string key, string hduName)
    {
        var card = header.Find(key) ?? throw new FitsFormatException($"Header of {hduName} lacks the mandatory keyword {key}.");
        if (!int.TryParse(card.RawValue, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            throw new FitsFormatException($"Header of {hduName} has {key} = {card.RawValue}, which is not an integer.");
        }

        return v;
    }

    private static long OptionalInteger(FitsHeader header, string key, string hduName, long defaultValue)
    {
        var card = header.Find(key);
        if (card is null || card.RawValue!.Length == 0)
        {
            return defaultValue;
        }

        if (!long.TryParse(card.RawValue, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            throw new FitsFormatException($"Header of {hduName} has {key} = {card.RawValue}, which is not an integer.");
        }

        return v;
    }

    private static string? SafeString(FitsHeader header, string key, string hduName)
    {
        var card = header.Find(key);
        if (card is null)
        {
            return null;
        }

        if (!card.IsString)
        {
            throw new FitsFormatException($"Header of {hduName} has {key} = {card.RawValue}, which is not a quoted string.");
        }

        return header.GetString(key);
    }

    private static bool? SafeBool(FitsHeader header, string key, string hduName)
    {
        var card = header.Find(key);
        return card?.RawValue switch
        {
            null or "" => null,
            "T" => true,
            "F" => false,
            _ => throw new FitsFormatException($"Header of {hduName} has {key} = {card.RawValue}, which is not T or F."),
        };
    }

    private static bool StartsWith(ReadOnlySpan<byte> block, string prefix)
    {
        if (block.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (block[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }
}

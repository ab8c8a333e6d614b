namespace VoServices.Fits;

/// <summary>
/// Locates every HDU of a FITS file by reading headers and seeking over data, so scanning a
/// large cube costs a few header blocks, not its size.
/// </summary>
/// <remarks>
/// Malformed input (not FITS, truncated header, no END card, data shorter than the header
/// declares, bad BITPIX/NAXIS) raises <see cref="FitsFormatException"/>; I/O failures keep their
/// own types. Bytes after the last complete HDU that do not start a new extension are ignored
/// (as astropy and CFITSIO do, with a warning there).
/// </remarks>
public static class FitsReader
{
    /// <summary>Reads all HDU headers of the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<FitsHdu> ReadHdus(string path)
    {
        using var stream = OpenRead(path);
        return ReadHdus(stream);
    }

    /// <summary>Reads all HDU headers from <paramref name="stream"/>, starting at its current position.</summary>
    public static IReadOnlyList<FitsHdu> ReadHdus(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var scanner = new HduScanner(stream.CanSeek ? stream.Length - stream.Position : null);
        var start = stream.CanSeek ? stream.Position : 0;
        var block = new byte[FitsConstants.BlockSize];
        while (true)
        {
            var n = stream.ReadAtLeast(block, FitsConstants.BlockSize, throwOnEndOfStream: false);
            if (!scanner.AcceptHeaderBlock(block.AsSpan(0, n)))
            {
                continue;
            }

            if (scanner.Finished)
            {
                return scanner.Hdus;
            }

            var skip = scanner.CompleteHdu();
            if (stream.CanSeek)
            {
                stream.Seek(start + scanner.Position, SeekOrigin.Begin);
            }
            else
            {
                SkipForward(stream, skip, scanner);
            }

            if (scanner.AtEnd)
            {
                return scanner.Hdus;
            }
        }
    }

    /// <summary>Reads all HDU headers of the file at <paramref name="path"/>, asynchronously.</summary>
    public static async Task<IReadOnlyList<FitsHdu>> ReadHdusAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenRead(path);
        return await ReadHdusAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads all HDU headers from <paramref name="stream"/>, asynchronously.</summary>
    public static async Task<IReadOnlyList<FitsHdu>> ReadHdusAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var scanner = new HduScanner(stream.CanSeek ? stream.Length - stream.Position : null);
        var start = stream.CanSeek ? stream.Position : 0;
        var block = new byte[FitsConstants.BlockSize];
        while (true)
        {
            var n = await stream.ReadAtLeastAsync(block, FitsConstants.BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (!scanner.AcceptHeaderBlock(block.AsSpan(0, n)))
            {
                continue;
            }

            if (scanner.Finished)
            {
                return scanner.Hdus;
            }

            var skip = scanner.CompleteHdu();
            if (stream.CanSeek)
            {
                stream.Seek(start + scanner.Position, SeekOrigin.Begin);
            }
            else
            {
                var left = skip;
                while (left > 0)
                {
                    var want = (int)Math.Min(left, block.Length);
                    var got = await stream.ReadAtLeastAsync(block.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    left -= got;
                    if (got < want)
                    {
                        scanner.StreamEndedInData(skip - left);
                        break;
                    }
                }
            }

            if (scanner.AtEnd)
            {
                return scanner.Hdus;
            }
        }
    }

    /// <summary>Opens a file for header scanning (small buffer: the reader seeks a lot).</summary>
    public static FileStream OpenRead(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.None,
        });

    private static void SkipForward(Stream stream, long skip, HduScanner scanner)
    {
        var buffer = new byte[FitsConstants.BlockSize];
        var left = skip;
        while (left > 0)
        {
            var want = (int)Math.Min(left, buffer.Length);
            var got = stream.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            left -= got;
            if (got < want)
            {
                scanner.StreamEndedInData(skip - left);
                return;
            }
        }
    }
}

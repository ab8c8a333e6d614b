using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace VoServices.Core.Tests.Preview;

/// <summary>A decoded 8-bit PNG: rows top first, channels interleaved.</summary>
internal sealed record DecodedPng(int Width, int Height, int ColorType, int Channels, byte[][] Rows)
{
    public byte Channel(int x, int rowFromTop, int channel) => Rows[rowFromTop][(x * Channels) + channel];

    /// <summary>Alpha of a pixel (255 for colour types without alpha).</summary>
    public byte Alpha(int x, int rowFromTop) => ColorType == 6 ? Channel(x, rowFromTop, 3) : (byte)255;
}

/// <summary>
/// An independent PNG reader for tests: checks the signature, every chunk's CRC, the chunk order,
/// inflates the IDAT stream and undoes all five filter types. Only what previews are: bit depth 8,
/// greyscale (colour type 0) or RGBA (6), no interlace.
/// </summary>
internal static class PngDecoder
{
    public static DecodedPng Decode(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.AsSpan(0, 8).SequenceEqual(signature), "PNG signature");
        var position = 8;
        var types = new List<string>();
        using var idat = new MemoryStream();
        int width = 0, height = 0, colorType = -1;
        while (position < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var type = Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png.AsSpan(position + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            Assert.Equal(Crc32.HashToUInt32(png.AsSpan(position + 4, 4 + length)), crc);
            types.Add(type);
            switch (type)
            {
                case "IHDR":
                    Assert.Equal(13, length);
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);
                    colorType = data[9];
                    Assert.Equal(0, data[10]);
                    Assert.Equal(0, data[11]);
                    Assert.Equal(0, data[12]);
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            position += 12 + length;
        }

        Assert.Equal(png.Length, position);
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);
        var firstIdat = types.IndexOf("IDAT");
        Assert.True(firstIdat > 0, "at least one IDAT");
        Assert.All(types.Skip(firstIdat).Take(types.Count - 1 - firstIdat), t => Assert.Equal("IDAT", t)); // IDATs consecutive

        var channels = colorType switch { 0 => 1, 6 => 4, _ => throw new InvalidDataException($"colour type {colorType}") };
        var stride = width * channels;
        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal((stride + 1) * height, bytes.Length);

        var rows = new byte[height][];
        var previous = new byte[stride];
        for (var r = 0; r < height; r++)
        {
            var filter = bytes[r * (stride + 1)];
            var row = bytes.AsSpan((r * (stride + 1)) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? row[i - channels] : 0;
                int b = previous[i];
                int c = i >= channels ? previous[i - channels] : 0;
                row[i] = (byte)(row[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }

            rows[r] = row;
            previous = row;
        }

        return new DecodedPng(width, height, colorType, channels, rows);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}

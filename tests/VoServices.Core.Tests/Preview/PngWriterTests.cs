using System.Globalization;
using VoServices.Preview;
using VoServices.Core.Tests.Wcs;

namespace VoServices.Core.Tests.Preview;

public sealed class PngWriterTests
{
    /// <summary>Rows of pseudo-random pixels with a smooth part (Sub wins) and a noisy part (None wins).</summary>
    private static byte[][] Pattern(int width, int height, int channels, int seed)
    {
        var random = new Random(seed);
        var rows = new byte[height][];
        for (var y = 0; y < height; y++)
        {
            rows[y] = new byte[width * channels];
            for (var i = 0; i < rows[y].Length; i++)
            {
                rows[y][i] = y % 2 == 0 ? (byte)((i * 3) + y) : (byte)random.Next(256);
            }
        }

        return rows;
    }

    private static async Task<byte[]> WriteAsync(byte[][] rows, int width, PngColorType type)
    {
        using var output = new MemoryStream();
        await using (var writer = new PngWriter(output, width, rows.Length, type))
        {
            foreach (var row in rows)
            {
                await writer.WriteRowAsync(row, CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        }

        return output.ToArray();
    }

    [Theory]
    [InlineData(PngColorType.Greyscale, 1)]
    [InlineData(PngColorType.GreyscaleAlpha, 2)]
    [InlineData(PngColorType.Rgb, 3)]
    public async Task Rows_come_back_from_an_independent_decoder(PngColorType type, int channels)
    {
        var rows = Pattern(37, 23, channels, seed: 5);

        var png = PngDecoder.Decode(await WriteAsync(rows, 37, type));

        Assert.Equal(37, png.Width);
        Assert.Equal(23, png.Height);
        Assert.Equal((int)type, png.ColorType);
        Assert.Equal(rows, png.Rows);
        Assert.Contains(0, png.Filters);
        Assert.Contains(1, png.Filters);
        Assert.Equal(["IHDR", "IDAT", "IEND"], png.ChunkTypes);
    }

    [Fact]
    public async Task A_large_image_spans_several_IDAT_chunks_each_with_a_valid_CRC()
    {
        var rows = Pattern(700, 400, 1, seed: 9).Select(r => { Random.Shared.NextBytes(r); return r; }).ToArray();

        var png = PngDecoder.Decode(await WriteAsync(rows, 700, PngColorType.Greyscale));

        Assert.True(png.ChunkTypes.Count(t => t == "IDAT") >= 4, string.Join(",", png.ChunkTypes));
        Assert.Equal(rows, png.Rows);
    }

    [Fact]
    public async Task Synchronous_and_asynchronous_writing_give_the_same_bytes()
    {
        var rows = Pattern(64, 48, 3, seed: 2);
        using var output = new MemoryStream();
        using (var writer = new PngWriter(output, 64, 48, PngColorType.Rgb))
        {
            foreach (var row in rows)
            {
                writer.WriteRow(row);
            }

            writer.Complete();
        }

        Assert.Equal(await WriteAsync(rows, 64, PngColorType.Rgb), output.ToArray());
    }

    [Fact]
    public void Completing_before_every_row_is_written_is_refused()
    {
        using var output = new MemoryStream();
        using var writer = new PngWriter(output, 4, 3, PngColorType.Greyscale);
        writer.WriteRow(new byte[4]);

        Assert.Throws<InvalidOperationException>(writer.Complete);
        Assert.Throws<ArgumentException>(() => writer.WriteRow(new byte[5]));
    }

    [Fact]
    public async Task Pillow_reads_the_same_pixels()
    {
        var grey = Pattern(9, 5, 2, seed: 3);
        var rgb = Pattern(6, 4, 3, seed: 4);
        var dir = Directory.CreateTempSubdirectory("vo-png-");
        try
        {
            var greyPath = Path.Combine(dir.FullName, "ga.png");
            var rgbPath = Path.Combine(dir.FullName, "rgb.png");
            await File.WriteAllBytesAsync(greyPath, await WriteAsync(grey, 9, PngColorType.GreyscaleAlpha));
            await File.WriteAllBytesAsync(rgbPath, await WriteAsync(rgb, 6, PngColorType.Rgb));

            var output = Astropy.Run($$"""
                from PIL import Image
                for p in ['{{greyPath}}', '{{rgbPath}}']:
                    im = Image.open(p)
                    im.load()
                    print(im.mode, im.size[0], im.size[1], ' '.join(str(c) for px in im.getdata() for c in px))
                """).Split('\n', StringSplitOptions.RemoveEmptyEntries);

            static string Expected(string mode, int width, byte[][] rows) =>
                string.Join(' ', new[] { mode, width.ToString(CultureInfo.InvariantCulture), rows.Length.ToString(CultureInfo.InvariantCulture) }
                    .Concat(rows.SelectMany(r => r).Select(b => b.ToString(CultureInfo.InvariantCulture))));
            Assert.Equal(Expected("LA", 9, grey), output[0].Trim());
            Assert.Equal(Expected("RGB", 6, rgb), output[1].Trim());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

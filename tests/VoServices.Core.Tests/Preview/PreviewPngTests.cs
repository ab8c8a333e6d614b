using System.Globalization;
using VoServices.Preview;
using VoServices.Core.Tests.Wcs;

namespace VoServices.Core.Tests.Preview;

/// <summary>The PNG that <see cref="DisplayScale.WritePngAsync"/> makes of a plane, read back independently.</summary>
public sealed class PreviewPngTests
{
    /// <summary>A plane of pseudo-random values (y = 0 at the bottom), with NaN at every (x, y) that <paramref name="blank"/> picks.</summary>
    private static PreviewPlane Plane(int width, int height, int seed, Func<int, int, bool> blank)
    {
        var random = new Random(seed);
        var values = new double[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                values[x + (width * y)] = blank(x, y) ? double.NaN : random.NextDouble() * 1000;
            }
        }

        return new PreviewPlane(width, height, values);
    }

    /// <summary>The display grey of each pixel, rows top first; null where blank.</summary>
    private static byte?[][] ExpectedGreys(PreviewPlane plane)
    {
        var (low, high) = DisplayScale.Limits(plane)!.Value;
        return Enumerable.Range(0, plane.Height)
            .Select(r => Enumerable.Range(0, plane.Width).Select(x => DisplayScale.Grey(plane[x, plane.Height - 1 - r], low, high)).ToArray())
            .ToArray();
    }

    private static async Task<byte[]> WriteAsync(PreviewPlane plane)
    {
        using var output = new MemoryStream();
        await DisplayScale.WritePngAsync(plane, output, CancellationToken.None);
        return output.ToArray();
    }

    [Fact]
    public async Task A_plane_without_blanks_is_a_greyscale_PNG_of_the_display_greys_top_row_first()
    {
        var plane = Plane(37, 23, seed: 5, blank: (_, _) => false);

        var png = PngDecoder.Decode(await WriteAsync(plane));

        Assert.Equal((37, 23, 0), (png.Width, png.Height, png.ColorType));
        Assert.Equal(ExpectedGreys(plane).Select(row => row.Select(g => g!.Value).ToArray()), png.Rows);
    }

    [Fact]
    public async Task A_plane_with_blanks_is_RGBA_with_the_grey_in_each_colour_and_blanks_transparent()
    {
        var plane = Plane(29, 17, seed: 7, blank: (x, y) => (x + (3 * y)) % 11 == 0);

        var png = PngDecoder.Decode(await WriteAsync(plane));

        Assert.Equal((29, 17, 6), (png.Width, png.Height, png.ColorType));
        var expected = ExpectedGreys(plane);
        for (var r = 0; r < png.Height; r++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                var grey = expected[r][x] ?? 0;
                Assert.Equal((grey, grey, grey), (png.Channel(x, r, 0), png.Channel(x, r, 1), png.Channel(x, r, 2)));
                Assert.Equal(expected[r][x] is null ? 0 : 255, png.Alpha(x, r));
            }
        }
    }

    [Fact]
    public async Task Pillow_reads_the_same_pixels()
    {
        var grey = Plane(9, 5, seed: 3, blank: (_, _) => false);
        var holed = Plane(6, 4, seed: 4, blank: (x, y) => x == y);
        var dir = Directory.CreateTempSubdirectory("vo-png-");
        try
        {
            var greyPath = Path.Combine(dir.FullName, "l.png");
            var holedPath = Path.Combine(dir.FullName, "rgba.png");
            await File.WriteAllBytesAsync(greyPath, await WriteAsync(grey));
            await File.WriteAllBytesAsync(holedPath, await WriteAsync(holed));

            var output = Astropy.Run($$"""
                from PIL import Image
                for p in ['{{greyPath}}', '{{holedPath}}']:
                    im = Image.open(p)
                    im.load()
                    print(im.mode, im.size[0], im.size[1], ' '.join(str(c) for px in im.getdata() for c in (px if isinstance(px, tuple) else (px,))))
                """).Split('\n', StringSplitOptions.RemoveEmptyEntries);

            static string Expected(string mode, PreviewPlane plane, Func<byte?, IEnumerable<byte>> pixel) =>
                string.Join(' ', new[] { mode, plane.Width.ToString(CultureInfo.InvariantCulture), plane.Height.ToString(CultureInfo.InvariantCulture) }
                    .Concat(ExpectedGreys(plane).SelectMany(row => row).SelectMany(pixel).Select(b => b.ToString(CultureInfo.InvariantCulture))));
            Assert.Equal(Expected("L", grey, g => [g!.Value]), output[0].Trim());
            Assert.Equal(Expected("RGBA", holed, g => g is { } v ? [v, v, v, 255] : [0, 0, 0, 0]), output[1].Trim());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

using System.Globalization;
using System.Numerics;
using VoServices.Fits;
using VoServices.Products;
using VoServices.Fits.Sky;

namespace VoServices.Preview;

/// <summary>An image file a HiPS already ships that can serve as its preview.</summary>
public sealed record HipsImageFile(string Path, string ContentType);

/// <summary>Where a sky position falls in a HiPS: the tile and the 0-based FITS pixel inside it (row 0 = bottom).</summary>
public readonly record struct HipsTilePixel(long Tile, int Column, int Row);

/// <summary>
/// The quick-look of a HiPS (HiPS 1.0): its own `preview.png|jpg` or `Norder3/Allsky.png|jpg` when it
/// has one, otherwise an all-sky plate carrée map (<see cref="Width"/> × <see cref="Height"/>, in the
/// HiPS frame, longitude 0 in the middle and growing to the left, north up) sampled from the
/// lowest-order FITS tiles. Cells without a tile stay blank (transparent).
/// </summary>
/// <remarks>
/// Tile pixel layout (HiPS 1.0 §4.2, figure "HEALPix cell packaging principle"): a tile of width
/// 2^S at order K holds the order-(K+S) cells whose nested index is (tile &lt;&lt; 2S) | sub; the
/// sub-index interleaves the HEALPix x bits (even, growing north-east) and y bits (odd, growing
/// north-west). In the FITS tile the column is y and the row counted from the bottom is 2^S − 1 − x,
/// so the south corner is at the top left, west top right, east bottom left, north bottom right;
/// JPEG/PNG tiles store the same picture with rows top-down.
/// </remarks>
public static class HipsPreview
{
    public const int Width = 512;
    public const int Height = 256;

    /// <summary>The preview image the HiPS ships, if any: preview.png, preview.jpg, Norder3/Allsky.png, Norder3/Allsky.jpg, checked by their leading bytes.</summary>
    public static HipsImageFile? FindImage(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string[] candidates = ["preview.png", "preview.jpg", "Norder3/Allsky.png", "Norder3/Allsky.jpg"];
        foreach (var candidate in candidates)
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path) && Sniff(path) is { } type)
            {
                return new HipsImageFile(path, type);
            }
        }

        return null;
    }

    /// <summary>The (longitude, latitude) in degrees, in the HiPS frame, of the centre of map pixel (x, y), y = 0 at the bottom.</summary>
    public static (double Lon, double Lat) PixelToSky(int x, int y)
    {
        var lon = 180 - ((x + 0.5) * 360.0 / Width);
        return (lon < 0 ? lon + 360 : lon, -90 + ((y + 0.5) * 180.0 / Height));
    }

    /// <summary>The tile at <paramref name="tileOrder"/> and the pixel in it (tiles <paramref name="tileWidth"/> wide) that hold the sky position.</summary>
    public static HipsTilePixel Locate(int tileOrder, int tileWidth, double lon, double lat)
    {
        var shift = ShiftOrder(tileWidth);
        var ipix = Healpix.Index(tileOrder + shift, lon, lat);
        var sub = ipix & ((1L << (2 * shift)) - 1);
        int x = 0, y = 0;
        for (var bit = 0; bit < shift; bit++)
        {
            x |= (int)((sub >> (2 * bit)) & 1) << bit;
            y |= (int)((sub >> ((2 * bit) + 1)) & 1) << bit;
        }

        return new HipsTilePixel(ipix >> (2 * shift), y, tileWidth - 1 - x);
    }

    /// <summary>
    /// Samples the lowest-order FITS tiles (from hips_order_min up) at the centre of every map pixel
    /// (nearest HEALPix cell). Tiles are read one at a time, and only the rows that hold samples.
    /// </summary>
    /// <exception cref="PreviewException">No properties, no FITS tiles, or a tile that is not 2^S pixels square.</exception>
    /// <exception cref="FitsFormatException">A tile is not readable FITS.</exception>
    public static PreviewPlane AllSky(string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var (order, tileWidth) = LowestFitsOrder(directory);
        var samples = new Dictionary<long, List<(int Pixel, int Target)>>();
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var (lon, lat) = PixelToSky(x, y);
                var at = Locate(order, tileWidth, lon, lat);
                if (!samples.TryGetValue(at.Tile, out var list))
                {
                    samples[at.Tile] = list = [];
                }

                list.Add((at.Column + (tileWidth * at.Row), x + (Width * y)));
            }
        }

        var map = new double[Width * Height];
        Array.Fill(map, double.NaN);
        var row = new double[tileWidth];
        foreach (var (tile, list) in samples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = TilePath(directory, order, tile);
            if (!File.Exists(path))
            {
                continue;
            }

            using var stream = FitsReader.OpenRead(path);
            var hdu = FitsReader.ReadHdus(stream).FirstOrDefault(h => h.IsImage && h.Axes.Length >= 2)
                ?? throw new PreviewException($"HiPS tile {Relative(directory, path)} has no image.");
            if (hdu.Axes[0] != tileWidth || hdu.Axes[1] != tileWidth)
            {
                throw new PreviewException($"HiPS tile {Relative(directory, path)} is {hdu.Axes[0]} × {hdu.Axes[1]}, not {tileWidth} × {tileWidth} like the others.");
            }

            using var image = new FitsImage(stream, hdu);
            list.Sort((a, b) => a.Pixel.CompareTo(b.Pixel));
            var loaded = -1;
            foreach (var (pixel, target) in list)
            {
                var r = pixel / tileWidth;
                if (r != loaded)
                {
                    image.ReadPixels((long)r * tileWidth, row);
                    loaded = r;
                }

                map[target] = row[pixel % tileWidth];
            }
        }

        return new PreviewPlane(Width, Height, map);
    }

    /// <summary>`NorderK/DirD/NpixN.fits` with D = N / 10000 × 10000 (HiPS 1.0 §4.1).</summary>
    internal static string TilePath(string directory, int order, long tile) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"Norder{order}"), string.Create(CultureInfo.InvariantCulture, $"Dir{tile / 10000 * 10000}"), string.Create(CultureInfo.InvariantCulture, $"Npix{tile}.fits"));

    /// <summary>The lowest order from hips_order_min to hips_order that has FITS tiles, and their width (read from one tile).</summary>
    private static (int Order, int TileWidth) LowestFitsOrder(string directory)
    {
        var propertiesPath = Path.Combine(directory, HipsProperties.PropertiesFile);
        if (!File.Exists(propertiesPath))
        {
            throw new PreviewException("The HiPS directory has no properties file.");
        }

        var properties = HipsProperties.ReadProperties(propertiesPath);
        int Order(string key, int fallback) =>
            !properties.TryGetValue(key, out var text) ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= Healpix.MaxOrder ? v
            : throw new PreviewException($"properties: {key} = '{text}' is not a HEALPix order.");
        var maxOrder = Order("hips_order", -1);
        if (maxOrder < 0)
        {
            throw new PreviewException("properties: hips_order is missing.");
        }

        for (var order = Order("hips_order_min", 0); order <= maxOrder; order++)
        {
            var orderDirectory = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"Norder{order}"));
            if (!Directory.Exists(orderDirectory))
            {
                continue;
            }

            var tile = Directory.EnumerateFiles(orderDirectory, "Npix*.fits", SearchOption.AllDirectories).FirstOrDefault();
            if (tile is null)
            {
                continue;
            }

            var hdu = FitsReader.ReadHdus(tile).FirstOrDefault(h => h.IsImage && h.Axes.Length >= 2)
                ?? throw new PreviewException($"HiPS tile {Relative(directory, tile)} has no image.");
            var width = hdu.Axes[0];
            if (width != hdu.Axes[1] || width < 1 || width > 1 << 16 || !BitOperations.IsPow2(width) || order + ShiftOrder((int)width) > Healpix.MaxOrder)
            {
                throw new PreviewException($"HiPS tile {Relative(directory, tile)} is {hdu.Axes[0]} × {hdu.Axes[1]}: tiles must be 2^S pixels square.");
            }

            return (order, (int)width);
        }

        throw new PreviewException("The HiPS has no FITS tiles (and no preview.png/jpg or Norder3/Allsky.png/jpg).");
    }

    private static int ShiftOrder(int tileWidth) =>
        tileWidth >= 1 && BitOperations.IsPow2(tileWidth) ? BitOperations.Log2((uint)tileWidth)
        : throw new ArgumentOutOfRangeException(nameof(tileWidth), tileWidth, "HiPS tiles are 2^S pixels wide");

    private static string Relative(string directory, string path) => Path.GetRelativePath(directory, path).Replace('\\', '/');

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>image/png or image/jpeg by the file's signature; null for anything else.</summary>
    private static string? Sniff(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n == 8 && head.SequenceEqual(PngSignature))
        {
            return "image/png";
        }

        return n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF ? "image/jpeg" : null;
    }
}

using System.Globalization;

namespace VoServices.Hips;

/// <summary>
/// A HiPS tile: NESTED cell <see cref="Npix"/> at <see cref="Order"/>, holding Width × Width cells of order
/// Order + log2(Width), as FITS image data (row 0 = the first row stored = the bottom row, NaN = empty).
/// </summary>
public sealed record HipsTile(int Order, long Npix, int Width, float[] Pixels)
{
    /// <summary>The tile's path below the HiPS root: NorderK/DirD/NpixN.fits, D = N / 10000 × 10000.</summary>
    public string RelativePath => PathOf(Order, Npix, "fits");

    /// <summary>The path below the HiPS root of tile <paramref name="npix"/> at <paramref name="order"/> in format <paramref name="extension"/>.</summary>
    public static string PathOf(int order, long npix, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"Norder{order}/Dir{npix / 10000 * 10000}/Npix{npix}.{extension}");

    /// <summary>
    /// The index in the FITS image data (row × Width + column) of the cell with face coordinates (x, y)
    /// within the tile — x from the even bits of the in-tile NESTED index, y from the odd ones, as chealpix's
    /// nest2xyf. HiPS puts y along the FITS rows and x down the columns from the top: the layout hipsgen
    /// writes and Aladin reads (checked against hipsgen and healpy's pix2xyf in the tests).
    /// </summary>
    public static int ImageIndex(int width, int x, int y) => ((width - 1 - x) * width) + y;

    /// <summary>Face coordinates (x, y) of in-tile NESTED index <paramref name="sub"/> (bits interleaved, x even).</summary>
    public static (int X, int Y) FaceXy(long sub) => ((int)Compact(sub), (int)Compact(sub >> 1));

    /// <summary>The image index of in-tile NESTED index <paramref name="sub"/> in a tile of <paramref name="width"/>.</summary>
    public static int ImageIndex(int width, long sub)
    {
        var (x, y) = FaceXy(sub);
        return ImageIndex(width, x, y);
    }

    // Keeps the even bits of v, packed: the inverse of spreading x over the even bits of a NESTED index.
    private static long Compact(long v)
    {
        v &= 0x5555_5555_5555_5555L;
        v = (v | (v >> 1)) & 0x3333_3333_3333_3333L;
        v = (v | (v >> 2)) & 0x0F0F_0F0F_0F0F_0F0FL;
        v = (v | (v >> 4)) & 0x00FF_00FF_00FF_00FFL;
        v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFFL;
        v = (v | (v >> 16)) & 0x0000_0000_FFFF_FFFFL;
        return v;
    }
}

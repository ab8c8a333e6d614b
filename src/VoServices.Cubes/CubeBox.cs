using Microsoft.Win32.SafeHandles;
using VoServices.Dali;
using VoServices.Soda;

namespace VoServices.Cubes;

/// <summary>
/// The spatial pixels a request covers: the whole plane, or the box of a CIRCLE, POLYGON or POS as its SODA cutout
/// would keep it (0-based first column and row on the cube's axes 1 and 2, and the size).
/// </summary>
public sealed record CubeBox(int X0, int Y0, int Width, int Height)
{
    /// <summary>The box of <paramref name="region"/> (the whole plane when null), or null when the region meets no pixel.</summary>
    public static CubeBox? Of(CubeFile cube, DaliShape? region)
    {
        ArgumentNullException.ThrowIfNull(cube);
        if (region is null)
        {
            return new CubeBox(0, 0, cube.Width, cube.Height);
        }

        using var wcs = CubeFile.Wcs(cube.Header);
        if (SodaSpatialSubset.PixelBox(wcs, cube.Hdu.Axes, region) is not var (lon1, lon2, lat1, lat2))
        {
            return null;
        }

        // CubeFile admits the celestial axes in either order.
        var ((x1, x2), (y1, y2)) = wcs.LongitudeAxis == 0 ? ((lon1, lon2), (lat1, lat2)) : ((lat1, lat2), (lon1, lon2));
        return new CubeBox((int)x1, (int)y1, (int)(x2 - x1 + 1), (int)(y2 - y1 + 1));
    }

    /// <summary>
    /// Reads <paramref name="rows"/> rows of the box from <paramref name="firstRow"/> on, in channel
    /// <paramref name="channel"/>, into <paramref name="bytes"/> (raw FITS bytes, row after row): one positioned read
    /// when the box spans the plane's width, one per row otherwise.
    /// </summary>
    public void Read(SafeFileHandle file, CubeFile cube, long channel, int firstRow, int rows, Span<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(cube);
        var pixelBytes = cube.Image.PixelBytes;
        var start = cube.PlaneStart(channel) + ((long)(Y0 + firstRow) * cube.Width) + X0;
        if (Width == cube.Width)
        {
            ReadExactly(file, bytes[..(rows * Width * pixelBytes)], cube.Hdu.DataOffset + (start * pixelBytes));
            return;
        }

        var rowBytes = Width * pixelBytes;
        for (var r = 0; r < rows; r++)
        {
            ReadExactly(file, bytes.Slice(r * rowBytes, rowBytes), cube.Hdu.DataOffset + ((start + ((long)r * cube.Width)) * pixelBytes));
        }
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> bytes, long offset)
    {
        if (RandomAccess.Read(file, bytes, offset) < bytes.Length)
        {
            throw new DaliException(DaliErrorKind.BadRequest, "The cube's file is shorter than its header declares", "ID");
        }
    }
}

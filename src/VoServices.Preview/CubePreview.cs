using System.Globalization;
using VoServices.Fits;
using VoServices.Products;
using VoServices.Fits.Wcs;

namespace VoServices.Preview;

/// <summary>
/// The quick-look map of a FITS image or cube: the integrated-intensity (moment-0) map, i.e. the sum
/// over the spectral axis of the finite values of each spatial pixel. Stokes cubes use the Stokes I
/// plane only; 2-D images are shown as they are; cubes without a spectral axis show their first plane.
/// </summary>
public static class CubePreview
{
    private const int ChunkPixels = 1 << 20;

    /// <summary>
    /// The moment-0 map of the data HDU (<see cref="ProductLayout.FindDataHdu"/>) of the FITS file at
    /// <paramref name="path"/>: Σ over spectral channels of the finite physical values (BSCALE/BZERO
    /// applied, BLANK and NaN skipped), NaN where no channel is finite. A plain sum — channel width
    /// is not multiplied in, which changes nothing after display scaling. Reads one chunk of pixels at
    /// a time, so memory is one plane plus a fixed buffer whatever the number of channels.
    /// </summary>
    /// <exception cref="FitsFormatException">The file is not FITS, is truncated, or has no image with two or more axes.</exception>
    public static PreviewPlane MomentZero(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = FitsReader.OpenRead(path);
        var hdus = FitsReader.ReadHdus(stream);
        var hdu = ProductLayout.FindDataHdu(hdus) ?? throw new FitsFormatException("The file has no image HDU with two or more axes.");
        var axes = hdu.Axes;
        var width = axes[0];
        var height = axes.Length > 1 ? axes[1] : 1;
        var planeSize = width * height;
        if (planeSize > Array.MaxLength)
        {
            throw new FitsFormatException($"A {width} × {height} plane is too large for a preview.");
        }

        var (spectral, stokes, stokesI) = Axes(hdu);
        using var image = new FitsImage(stream, hdu);

        // Linear offset of the plane at the given indexes of axes 3, 4, …: Σ index_k × (NAXIS1 × … × NAXIS_k).
        var index = new long[axes.Length];
        if (stokes is { } s)
        {
            index[s] = stokesI;
        }

        long PlaneOffset()
        {
            long offset = 0, stride = 1;
            for (var k = 0; k < axes.Length; k++)
            {
                offset += index[k] * stride;
                stride *= axes[k];
            }

            return offset;
        }

        var sum = new double[planeSize];
        Array.Fill(sum, double.NaN);
        var buffer = new double[Math.Min(planeSize, ChunkPixels)];
        var channels = spectral is { } c ? axes[c] : 1;
        for (long channel = 0; channel < channels; channel++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (spectral is { } sp)
            {
                index[sp] = channel;
            }

            var first = PlaneOffset();
            for (long done = 0; done < planeSize; done += buffer.Length)
            {
                var n = (int)Math.Min(buffer.Length, planeSize - done);
                var chunk = buffer.AsSpan(0, n);
                image.ReadPixels(first + done, chunk);
                for (var i = 0; i < n; i++)
                {
                    var v = chunk[i];
                    if (double.IsFinite(v))
                    {
                        ref var total = ref sum[done + i];
                        total = double.IsNaN(total) ? v : total + v;
                    }
                }
            }
        }

        return new PreviewPlane((int)width, (int)height, sum);
    }

    /// <summary>
    /// The spectral axis to sum over and the Stokes axis to hold at I (0-based, only axes 3 and up:
    /// axes 1–2 are the plane). A header WCSLIB cannot read gives neither, i.e. the first plane.
    /// </summary>
    private static (int? Spectral, int? Stokes, long StokesI) Axes(FitsHdu hdu)
    {
        int? spectral = null, stokes = null;
        try
        {
            using var wcs = WcsTransform.FromHeader(hdu.Header);
            spectral = wcs.SpectralAxis is >= 2 and var sp && sp < hdu.Axes.Length ? sp : null;
            stokes = wcs.StokesAxis is >= 2 and var st && st < hdu.Axes.Length ? st : null;
        }
        catch (WcsException)
        {
            // No usable WCS: no axis is known to be spectral, and the first plane is shown.
        }

        return (spectral, stokes, stokes is { } s ? StokesIIndex(hdu, s) : 0);
    }

    /// <summary>The 0-based pixel of the Stokes axis whose value is 1 (I, FITS paper I table 29); 0 when there is none.</summary>
    private static long StokesIIndex(FitsHdu hdu, int axis)
    {
        var n = (axis + 1).ToString(CultureInfo.InvariantCulture);
        var crval = hdu.Header.GetDouble("CRVAL" + n) ?? 0;
        var cdelt = hdu.Header.GetDouble("CDELT" + n) ?? 1;
        var crpix = hdu.Header.GetDouble("CRPIX" + n) ?? 0;
        for (long p = 0; p < hdu.Axes[axis]; p++)
        {
            if (Math.Abs(crval + ((p + 1 - crpix) * cdelt) - 1) < 1e-6)
            {
                return p;
            }
        }

        return 0;
    }
}

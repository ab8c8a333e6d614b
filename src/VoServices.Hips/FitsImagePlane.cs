using System.Globalization;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Fits.Wcs;

namespace VoServices.Hips;

/// <summary>
/// The celestial plane of a FITS image as `vo hips build --image` reads it: the first image HDU with two or more
/// axes, whose first two axes are celestial in its own WCS (any projection WCSLIB knows, PC/CD/CROTA rotation,
/// ICRS/FK5/FK4/galactic/ecliptic). Further axes must have one plane, except a spectral axis: a cube's plane is
/// then its moment-0 map, Σ (value × |channel width|) over the channels whose value is not blank, in BUNIT × the
/// spectral axis's unit (WCSLIB's SI unit; velocities in km/s), e.g. "Jy/beam.km/s". A pixel blank in every
/// channel stays blank. BLANK (integer images) and NaN pixels are blank.
/// </summary>
public sealed class FitsImagePlane
{
    private readonly double[] _worldTemplate;

    private FitsImagePlane(string path, FitsHdu hdu, int naxis, CelestialFrame frame, double[] worldTemplate, double pixelScale)
    {
        Path = path;
        Hdu = hdu;
        NAxis = naxis;
        Frame = frame;
        _worldTemplate = worldTemplate;
        PixelScaleDegrees = pixelScale;
    }

    public string Path { get; }

    /// <summary>The image HDU read.</summary>
    public FitsHdu Hdu { get; }

    /// <summary>"path (HDU n)", for messages.</summary>
    public string Where => $"{Path} (HDU {Hdu.Index + 1})";

    /// <summary>NAXIS1: pixels along the first axis.</summary>
    public int Width => (int)Hdu.Axes[0];

    /// <summary>NAXIS2.</summary>
    public int Height => (int)Hdu.Axes[1];

    /// <summary>WCSLIB's number of axes (NAXIS, or WCSAXES when larger): the length of a pixel or world tuple.</summary>
    public int NAxis { get; }

    /// <summary>0-based world axis of the celestial longitude: 0 (RA---TAN first) or 1 (DEC first).</summary>
    public int LongitudeAxis { get; private init; }

    /// <summary>The frame of the image's celestial axes.</summary>
    public CelestialFrame Frame { get; }

    /// <summary>The spectral axis summed into a moment-0 map (0-based), or null for a 2-D image.</summary>
    public int? SpectralAxis { get; private init; }

    /// <summary>|channel width| of each channel, in <see cref="SpectralUnit"/> (empty for a 2-D image).</summary>
    public IReadOnlyList<double> ChannelWidths { get; private init; } = [];

    /// <summary>The spectral axis's unit as the channel widths are given (e.g. "km/s", "Hz"), or null.</summary>
    public string? SpectralUnit { get; private init; }

    /// <summary>The plane's unit: BUNIT, times the spectral unit for a moment-0 map; null when unknown.</summary>
    public string? Unit { get; private init; }

    /// <summary>The angular size of a pixel at the image centre (geometric mean of the two axes), degrees.</summary>
    public double PixelScaleDegrees { get; }

    /// <summary>Reads <paramref name="path"/>'s header and WCS and checks that the image holds at least one non-blank pixel.</summary>
    public static FitsImagePlane Open(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        IReadOnlyList<FitsHdu> hdus;
        try
        {
            hdus = FitsReader.ReadHdus(path);
        }
        catch (FitsFormatException e)
        {
            throw new HealpixMapException($"{path}: {e.Message}", e);
        }

        var hdu = hdus.FirstOrDefault(h => h.IsImage && h.Axes.Length >= 2)
            ?? throw new HealpixMapException($"{path}: no image HDU (a primary HDU or IMAGE extension with NAXIS of 2 or more and data); --image reads 2-D images and cubes.");
        var where = $"{path} (HDU {hdu.Index + 1})";
        if (hdu.Axes[0] * hdu.Axes[1] > Array.MaxLength)
        {
            throw new HealpixMapException($"{where}: {hdu.Axes[0]} × {hdu.Axes[1]} pixels do not fit one plane in memory.");
        }

        WcsTransform wcs;
        try
        {
            wcs = WcsTransform.FromHeader(hdu.Header);
        }
        catch (WcsException e)
        {
            throw new HealpixMapException($"{where}: no usable WCS: {e.Message}", e);
        }

        FitsImagePlane plane;
        using (wcs)
        {
            plane = Describe(path, where, hdu, wcs);
        }

        using var image = FitsImage.Open(path, hdu);
        if (!image.HasFiniteValue(cancellationToken))
        {
            throw new HealpixMapException($"{where}: every pixel is blank (BLANK or NaN): there is nothing to map.");
        }

        return plane;
    }

    /// <summary>A new WCSLIB transform of the image (one per thread: a transform serialises its calls).</summary>
    public WcsTransform CreateTransform() => WcsTransform.FromHeader(Hdu.Header);

    /// <summary>
    /// A world tuple of <see cref="NAxis"/> values for each of <paramref name="count"/> positions, the non-celestial
    /// axes at their values at the image's first pixel (the sky position does not depend on them).
    /// </summary>
    internal void FillWorldTemplate(Span<double> world, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _worldTemplate.CopyTo(world.Slice(i * NAxis, NAxis));
        }
    }

    /// <summary>
    /// The plane's pixels (NAXIS1 varying fastest, row 0 the image's first): the image, or the cube's moment-0 map, read in
    /// blocks of rows so that only the plane itself is held. Infinite values are blank (NaN) too.
    /// </summary>
    public float[] ReadPixels(CancellationToken cancellationToken = default)
    {
        using var image = FitsImage.Open(Path, Hdu);
        long plane = (long)Width * Height;
        var result = new float[plane];
        if (SpectralAxis is null)
        {
            image.ReadPixels(0, result);
            for (var i = 0; i < result.Length; i++)
            {
                if (!float.IsFinite(result[i]))
                {
                    result[i] = float.NaN;
                }
            }

            return result;
        }

        // Axes between the plane and the spectral axis have one plane each: channel c starts at c × plane.
        var rows = Math.Max(1, (1 << 20) / Width);
        var sum = new double[rows * Width];
        var any = new bool[rows * Width];
        var buffer = new double[rows * Width];
        for (var row = 0; row < Height; row += rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(rows, Height - row) * Width;
            Array.Clear(sum);
            Array.Clear(any);
            for (var c = 0; c < ChannelWidths.Count; c++)
            {
                var values = buffer.AsSpan(0, n);
                image.ReadPixels((c * plane) + ((long)row * Width), values);
                var width = ChannelWidths[c];
                for (var i = 0; i < n; i++)
                {
                    if (double.IsFinite(values[i]))
                    {
                        sum[i] += values[i] * width;
                        any[i] = true;
                    }
                }
            }

            for (var i = 0; i < n; i++)
            {
                result[((long)row * Width) + i] = any[i] ? (float)sum[i] : float.NaN;
            }
        }

        return result;
    }

    private static FitsImagePlane Describe(string path, string where, FitsHdu hdu, WcsTransform wcs)
    {
        if (wcs.LongitudeAxis is not { } lon || wcs.LatitudeAxis is not { } lat)
        {
            throw new HealpixMapException(
                $"{where}: no celestial WCS: CTYPE1/CTYPE2 are '{wcs.CTypes[0]}'/'{(wcs.NAxis > 1 ? wcs.CTypes[1] : "")}', not a longitude/latitude pair such as RA---TAN/DEC--TAN.");
        }

        if (Math.Max(lon, lat) > 1)
        {
            throw new HealpixMapException($"{where}: the celestial axes are axes {lon + 1} and {lat + 1}; --image needs them as the first two (NAXIS1, NAXIS2).");
        }

        var frame = wcs.Frame!;
        if (frame.Kind == CelestialFrameKind.Other)
        {
            throw new HealpixMapException($"{where}: the celestial frame '{frame.Name}' cannot be converted to ICRS or galactic coordinates.");
        }

        int? spectral = null;
        for (var k = 2; k < hdu.Axes.Length; k++)
        {
            if (hdu.Axes[k] == 1)
            {
                continue;
            }

            if (k != wcs.SpectralAxis || spectral is not null)
            {
                var ctype = k < wcs.NAxis ? wcs.CTypes[k] : "";
                throw new HealpixMapException(
                    $"{where}: axis {k + 1} ({(ctype.Length == 0 ? "no CTYPE" : ctype)}) has {hdu.Axes[k]} planes; only a spectral axis is summed (moment 0), any other axis must have one plane.");
            }

            spectral = k;
        }

        // Tuples: the centre pixel, one step along each celestial pixel axis, then the spectral channel edges.
        var n = wcs.NAxis;
        double cx = (hdu.Axes[0] + 1) / 2.0, cy = (hdu.Axes[1] + 1) / 2.0;
        var channels = spectral is { } s ? (int)hdu.Axes[s] : 0;
        var count = 3 + (2 * channels);
        var pixel = new double[count * n];
        pixel.AsSpan().Fill(1);
        for (var i = 0; i < count; i++)
        {
            (pixel[i * n], pixel[(i * n) + 1]) = (cx + (i == 1 ? 1 : 0), cy + (i == 2 ? 1 : 0));
        }

        for (var c = 0; c < channels; c++)
        {
            pixel[((3 + (2 * c)) * n) + spectral!.Value] = c + 0.5;
            pixel[((4 + (2 * c)) * n) + spectral.Value] = c + 1.5;
        }

        var world = new double[pixel.Length];
        wcs.PixelToWorld(pixel, world);
        SkyPoint Sky(int i) => new(world[(i * n) + lon], world[(i * n) + lat]);
        if (!double.IsFinite(world[lon]) || !double.IsFinite(world[lat]))
        {
            throw new HealpixMapException($"{where}: the WCS gives no sky position at the image centre (pixel {cx.ToString(CultureInfo.InvariantCulture)}, {cy.ToString(CultureInfo.InvariantCulture)}).");
        }

        var scale = Math.Sqrt(Sky(0).DistanceTo(Sky(1)) * Sky(0).DistanceTo(Sky(2)));
        if (!(scale > 0))
        {
            throw new HealpixMapException($"{where}: the WCS gives no pixel scale at the image centre.");
        }

        var template = new double[n];
        var first = new double[n];
        first.AsSpan().Fill(1);
        wcs.PixelToWorld(first, template);

        var bunit = hdu.Header.GetString("BUNIT")?.Trim();
        bunit = string.IsNullOrEmpty(bunit) ? null : bunit;
        if (spectral is not { } axis)
        {
            return new FitsImagePlane(path, hdu, n, frame, template, scale) { LongitudeAxis = lon, Unit = bunit };
        }

        // WCSLIB gives spectral coordinates in SI units; velocities read better in km/s.
        var unit = wcs.CUnits[axis];
        var factor = 1.0;
        if (unit == "m/s")
        {
            (unit, factor) = ("km/s", 1e-3);
        }

        var widths = new double[channels];
        for (var c = 0; c < channels; c++)
        {
            widths[c] = Math.Abs(world[((4 + (2 * c)) * n) + axis] - world[((3 + (2 * c)) * n) + axis]) * factor;
            if (!double.IsFinite(widths[c]))
            {
                throw new HealpixMapException($"{where}: the spectral axis {wcs.CTypes[axis]} gives no width for channel {c + 1}.");
            }
        }

        var spectralUnit = unit.Length == 0 ? null : unit;
        return new FitsImagePlane(path, hdu, n, frame, template, scale)
        {
            LongitudeAxis = lon,
            SpectralAxis = axis,
            ChannelWidths = widths,
            SpectralUnit = spectralUnit,
            Unit = (bunit, spectralUnit) switch
            {
                (null, var u) => u,
                (var b, null) => b,
                var (b, u) => $"{b}.{u}",
            },
        };
    }
}

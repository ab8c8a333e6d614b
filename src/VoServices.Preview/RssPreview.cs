using VoServices.Fits;

using VoServices.Products;

namespace VoServices.Preview;

/// <summary>A science fibre as drawn on the white-light map.</summary>
/// <param name="Row">0-based row of the fibre in FLUX (and SLITMAP).</param>
/// <param name="East">Tangent-plane offset east of the map centre, arcsec.</param>
/// <param name="North">Tangent-plane offset north of the map centre, arcsec.</param>
/// <param name="Value">Mean of the fibre's finite, unmasked FLUX; NaN when there is none.</param>
/// <param name="X">Column of the fibre centre on the map (0-based, fractional).</param>
/// <param name="Y">Row of the fibre centre on the map (0-based from the bottom, fractional).</param>
public sealed record RssFibreSpot(int Row, double East, double North, double Value, double X, double Y);

/// <summary>The white-light map of row-stacked spectra and where each fibre landed on it.</summary>
/// <param name="Map">North up, east left; NaN (transparent) outside the fibres.</param>
/// <param name="CentreRa">Tangent point (mean direction of the science fibres), ICRS degrees.</param>
/// <param name="PitchArcsec">Fibre pitch: median distance to the nearest science fibre.</param>
/// <param name="ArcsecPerPixel">Map scale.</param>
public sealed record RssWhiteLightMap(PreviewPlane Map, IReadOnlyList<RssFibreSpot> Fibres, double CentreRa, double CentreDec, double PitchArcsec, double ArcsecPerPixel);

/// <summary>
/// The quick-look of SDSS-V LVM-style row-stacked spectra (FLUX wavelength × fibre, optional MASK,
/// SLITMAP with ra/dec): a white-light map with each science fibre drawn at its sky position as the
/// cell of the points nearest to it within the hexagon circumradius — a hexagon in a close-packed
/// IFU, a disc for an isolated fibre. Only usable science fibres are drawn (targettype science,
/// fibstatus 0, as <see cref="RssFibres"/> selects them for ingest too): sky fibres a degree away would
/// otherwise shrink the science field to a dot.
/// </summary>
public static class RssPreview
{
    /// <summary>Pixels along the long side of the science field (fibres included).</summary>
    public const int MapSide = 400;

    /// <summary>Pitch assumed when a single fibre leaves no neighbour to measure it from.</summary>
    private const double SingleFibrePitchArcsec = 30;

    private const double ArcsecPerRadian = 180 / Math.PI * 3600;

    /// <summary>
    /// Builds the white-light map: per science fibre the mean of its finite FLUX values with MASK = 0
    /// (the mean rather than the sum, so fibres with more masked pixels are not darker), projected
    /// gnomonically around the fibres' mean direction. Reads one fibre's spectrum at a time.
    /// </summary>
    /// <exception cref="FitsFormatException">No FLUX image or SLITMAP table, SLITMAP rows ≠ fibres, no ra/dec, or no usable science fibre.</exception>
    public static RssWhiteLightMap WhiteLight(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = FitsReader.OpenRead(path);
        var hdus = FitsReader.ReadHdus(stream);
        var fluxHdu = ProductLayout.Find(hdus, "FLUX") is { IsImage: true, Axes.Length: 2 } f ? f : throw new FitsFormatException("No 2-D FLUX image (wavelength × fibre).");
        var slitmapHdu = ProductLayout.Find(hdus, "SLITMAP") is { IsBinTable: true } s ? s : throw new FitsFormatException("No SLITMAP table.");
        var (nWave, nFibre) = (fluxHdu.Axes[0], fluxHdu.Axes[1]);
        var maskHdu = ProductLayout.Find(hdus, "MASK") is { IsImage: true } m && m.Axes.SequenceEqual(fluxHdu.Axes) ? m : null;
        if (nWave > Array.MaxLength)
        {
            throw new FitsFormatException($"{nWave} wavelengths per fibre are too many for a preview.");
        }

        var science = RssFibres.ReadScience(stream, slitmapHdu, nFibre);
        var (ra0, dec0) = MeanDirection(science);
        var spots = new List<(int Row, double East, double North)>();
        foreach (var (row, ra, dec) in science)
        {
            var (east, north) = ToTangentPlane(ra0, dec0, ra, dec);
            spots.Add((row, east, north));
        }

        var values = new double[science.Count];
        using (var flux = new FitsImage(stream, fluxHdu))
        using (var mask = maskHdu is null ? null : new FitsImage(stream, maskHdu))
        {
            var spectrum = new double[nWave];
            var flags = mask is null ? null : new double[nWave];
            for (var i = 0; i < spots.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var first = spots[i].Row * nWave;
                flux.ReadPixels(first, spectrum);
                if (mask is not null)
                {
                    mask.ReadPixels(first, flags);
                }
                values[i] = MeanFlux(spectrum, flags);
            }
        }

        var pitch = Pitch(spots);
        var radius = pitch / Math.Sqrt(3); // hexagon circumradius: touching hexagons of inradius pitch / 2
        var west = spots.Min(p => p.East) - radius;
        var east0 = spots.Max(p => p.East) + radius;
        var south = spots.Min(p => p.North) - radius;
        var north0 = spots.Max(p => p.North) + radius;
        var scale = Math.Max(east0 - west, north0 - south) / MapSide;
        var width = Math.Max(1, (int)Math.Ceiling((east0 - west) / scale));
        var height = Math.Max(1, (int)Math.Ceiling((north0 - south) / scale));
        var map = new double[width * height];
        var best = new double[width * height];
        Array.Fill(map, double.NaN);
        Array.Fill(best, double.PositiveInfinity);
        var drawn = new List<RssFibreSpot>(spots.Count);
        var r = radius / scale;
        for (var i = 0; i < spots.Count; i++)
        {
            // East left: x grows westwards from the east edge; north up: y grows northwards from the south edge.
            var cx = ((east0 - spots[i].East) / scale) - 0.5;
            var cy = ((spots[i].North - south) / scale) - 0.5;
            drawn.Add(new RssFibreSpot(spots[i].Row, spots[i].East, spots[i].North, values[i], cx, cy));
            for (var y = Math.Max(0, (int)Math.Floor(cy - r)); y <= Math.Min(height - 1, (int)Math.Ceiling(cy + r)); y++)
            {
                for (var x = Math.Max(0, (int)Math.Floor(cx - r)); x <= Math.Min(width - 1, (int)Math.Ceiling(cx + r)); x++)
                {
                    var d2 = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy));
                    var k = x + (width * y);
                    if (d2 <= r * r && d2 < best[k])
                    {
                        best[k] = d2;
                        map[k] = values[i];
                    }
                }
            }
        }

        return new RssWhiteLightMap(new PreviewPlane(width, height, map), drawn, ra0, dec0, pitch, scale);
    }

    private static double MeanFlux(double[] spectrum, double[]? mask)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < spectrum.Length; i++)
        {
            if (double.IsFinite(spectrum[i]) && (mask is null || mask[i] == 0))
            {
                sum += spectrum[i];
                n++;
            }
        }

        return n > 0 ? sum / n : double.NaN;
    }

    private static (double Ra, double Dec) MeanDirection(IReadOnlyList<ScienceFibre> fibres)
    {
        double x = 0, y = 0, z = 0;
        foreach (var (_, ra, dec) in fibres)
        {
            var a = ra * Math.PI / 180;
            var d = dec * Math.PI / 180;
            x += Math.Cos(d) * Math.Cos(a);
            y += Math.Cos(d) * Math.Sin(a);
            z += Math.Sin(d);
        }

        var raMean = Math.Atan2(y, x) * 180 / Math.PI;
        return (raMean < 0 ? raMean + 360 : raMean, Math.Atan2(z, Math.Sqrt((x * x) + (y * y))) * 180 / Math.PI);
    }

    /// <summary>Gnomonic (TAN) projection around (ra0, dec0): offsets east and north in arcsec.</summary>
    internal static (double East, double North) ToTangentPlane(double ra0, double dec0, double ra, double dec)
    {
        const double r = Math.PI / 180;
        var da = (ra - ra0) * r;
        var (d, d0) = (dec * r, dec0 * r);
        var cosC = (Math.Sin(d0) * Math.Sin(d)) + (Math.Cos(d0) * Math.Cos(d) * Math.Cos(da));
        var xi = Math.Cos(d) * Math.Sin(da) / cosC;
        var eta = ((Math.Cos(d0) * Math.Sin(d)) - (Math.Sin(d0) * Math.Cos(d) * Math.Cos(da))) / cosC;
        return (xi * ArcsecPerRadian, eta * ArcsecPerRadian);
    }

    /// <summary>Median nearest-neighbour distance: the pitch of a close-packed IFU.</summary>
    private static double Pitch(List<(int Row, double East, double North)> spots)
    {
        if (spots.Count < 2)
        {
            return SingleFibrePitchArcsec;
        }

        var nearest = new double[spots.Count];
        for (var i = 0; i < spots.Count; i++)
        {
            var min = double.PositiveInfinity;
            for (var j = 0; j < spots.Count; j++)
            {
                if (j != i)
                {
                    var de = spots[i].East - spots[j].East;
                    var dn = spots[i].North - spots[j].North;
                    min = Math.Min(min, (de * de) + (dn * dn));
                }
            }

            nearest[i] = Math.Sqrt(min);
        }

        Array.Sort(nearest);
        var pitch = nearest[nearest.Length / 2];
        return pitch > 0 ? pitch : SingleFibrePitchArcsec;
    }
}

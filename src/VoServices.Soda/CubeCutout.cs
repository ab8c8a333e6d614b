using System.Globalization;
using VoServices.Fits;
using VoServices.Fits.Wcs;

using VoServices.Products;

namespace VoServices.Soda;

/// <summary>Plans the cutout of a FITS image or cube: a pixel range per axis, then the output HDU(s).</summary>
internal static class CubeCutout
{
    public static SodaCutoutOutcome Plan(string path, IReadOnlyList<FitsHdu> hdus, FitsHdu hdu, SodaRequest request, SodaCutoutOptions options)
    {
        var axes = hdu.Axes;
        var selections = axes.Select(AxisSelection.All).ToArray();
        var notes = new List<string>();
        if (SodaFilters.TimeMismatch(request.Time, hdu.Header, hdus[0].Header, notes) is { } timeReason)
        {
            return SodaCutoutOutcome.NoOverlap(timeReason);
        }

        if (request.Region is not null || request.Band is not null || request.Pol.Count > 0)
        {
            using var wcs = WcsTransform.FromHeader(hdu.Header);
            var refPixel = Enumerable.Range(0, wcs.NAxis).Select(a => a < axes.Length ? (axes[a] + 1) / 2.0 : 1.0).ToArray();
            var reason = SelectPolarisation(wcs, hdu, request, refPixel, selections, notes)
                ?? SelectBand(wcs, axes, request, refPixel, selections, notes)
                ?? SelectRegion(wcs, axes, request, refPixel, selections, notes);
            if (reason is not null)
            {
                return SodaCutoutOutcome.NoOverlap(reason);
            }
        }

        return new SodaCutoutOutcome(Build(path, hdus, hdu, selections, notes, options), null);
    }

    private static string? SelectPolarisation(WcsTransform wcs, FitsHdu hdu, SodaRequest request, double[] refPixel, AxisSelection[] selections, List<string> notes)
    {
        if (request.Pol.Count == 0)
        {
            return null;
        }

        if (wcs.StokesAxis is not { } axis || axis >= hdu.Axes.Length)
        {
            return SodaFilters.PolWithoutStokesAxis(request.Pol);
        }

        var n = hdu.Axes[axis];
        var wanted = request.Pol.Select(p => SodaRequest.StokesCodes[p]).ToHashSet();
        var codes = WorldAlong(wcs, axis, refPixel, Enumerable.Range(1, (int)n).Select(p => (double)p).ToArray());
        var planes = new List<long>();
        for (var p = 0; p < n; p++)
        {
            if (double.IsFinite(codes[p]) && wanted.Contains((int)Math.Round(codes[p])))
            {
                planes.Add(p);
            }
        }

        if (planes.Count == 0)
        {
            var present = codes.Where(double.IsFinite).Select(c => PolarizationStates.StokesName((int)Math.Round(c)) ?? "?");
            return $"POL {string.Join(' ', request.Pol)}: the dataset holds {string.Join(' ', present)}";
        }

        var step = planes.Count > 1 ? planes[1] - planes[0] : 1;
        var evenlySpaced = planes.Zip(planes.Skip(1)).All(p => p.Second - p.First == step);
        if (evenlySpaced && (step == 1 || AxisCards.IsUnmixed(hdu.Header, axis + 1)))
        {
            selections[axis] = AxisSelection.Range(planes[0], planes.Count, step);
        }
        else
        {
            selections[axis] = AxisSelection.Range(planes[0], planes[^1] - planes[0] + 1);
            notes.Add($"POL: Stokes planes {planes[0] + 1} to {planes[^1] + 1} kept whole (the requested ones are not evenly spaced), so states not asked for are included");
        }

        return null;
    }

    private static string? SelectBand(WcsTransform wcs, long[] axes, SodaRequest request, double[] refPixel, AxisSelection[] selections, List<string> notes)
    {
        if (request.Band is not { } band)
        {
            return null;
        }

        if (wcs.SpectralAxis is not { } axis || axis >= axes.Length)
        {
            notes.Add("BAND not applied: the dataset has no spectral axis");
            return null;
        }

        WcsTransform wave;
        try
        {
            wave = wcs.WithSpectralAxisAs("WAVE-???");
        }
        catch (WcsException e)
        {
            notes.Add($"BAND not applied: the spectral axis {wcs.CTypes[axis]} cannot be expressed as wavelength ({e.Message})");
            return null;
        }

        using (wave)
        {
            var n = axes[axis];
            var edges = WorldAlong(wave, axis, refPixel, Enumerable.Range(0, (int)n + 1).Select(k => k + 0.5).ToArray());
            if (SodaFilters.Channels(edges, band) is not var (first, last))
            {
                return $"BAND {SodaFilters.Format(band)} m does not meet the dataset's wavelengths, {SodaFilters.Span(edges)}";
            }

            selections[axis] = AxisSelection.Range(first, last - first + 1);
            return null;
        }
    }

    private static string? SelectRegion(WcsTransform wcs, long[] axes, SodaRequest request, double[] refPixel, AxisSelection[] selections, List<string> notes)
    {
        if (request.Region is not { } shape)
        {
            return null;
        }

        if (wcs.LongitudeAxis is not { } lon || wcs.LatitudeAxis is not { } lat || lon >= axes.Length || lat >= axes.Length)
        {
            notes.Add("Region not applied: the dataset has no celestial axes");
            return null;
        }

        var region = SodaRegion.Create(shape, "POS");
        if (SpatialSelection.Select(wcs, axes, region, refPixel) is not var (x1, x2, y1, y2))
        {
            return "the region does not overlap the dataset's sky footprint";
        }

        selections[lon] = AxisSelection.Range(x1, x2 - x1 + 1);
        selections[lat] = AxisSelection.Range(y1, y2 - y1 + 1);
        return null;
    }

    /// <summary>World values along one axis at the given pixel positions, other axes at the reference pixel.</summary>
    private static double[] WorldAlong(WcsTransform wcs, int axis, double[] refPixel, double[] positions)
    {
        var n = wcs.NAxis;
        var pixel = new double[positions.Length * n];
        for (var i = 0; i < positions.Length; i++)
        {
            refPixel.CopyTo(pixel, i * n);
            pixel[(i * n) + axis] = positions[i];
        }

        var world = new double[pixel.Length];
        wcs.PixelToWorld(pixel, world);
        return Enumerable.Range(0, positions.Length).Select(i => world[(i * n) + axis]).ToArray();
    }

    /// <summary>
    /// The output: the cut image as the primary HDU when the data were in the primary; otherwise the
    /// source's primary header (emptied of data) followed by the cut IMAGE extension, so EXTNAME and
    /// the primary's cards stay where they were. Other HDUs of the source are not copied.
    /// </summary>
    private static SodaCutoutPlan Build(string path, IReadOnlyList<FitsHdu> hdus, FitsHdu hdu, AxisSelection[] selections, List<string> notes, SodaCutoutOptions options)
    {
        var newAxes = selections.Select(s => s.Count).ToArray();
        var elementSize = Math.Abs(hdu.Bitpix) / 8;
        var output = new List<OutputHdu>();
        CutoutHeader header;
        if (hdu.IsPrimary)
        {
            header = CutoutHeader.Primary(hdu.Header, hdu.Bitpix, newAxes, extend: false);
        }
        else
        {
            var primary = hdus[0];
            output.Add(new OutputHdu(CutoutHeader.Primary(primary.Header, primary.Bitpix, [], extend: true).ToBytes(), [], 0));
            header = CutoutHeader.ImageExtension(hdu.Header, hdu.Bitpix, newAxes);
        }

        AxisCards.Apply(header, selections);
        var ranges = selections.Select((s, k) => new SodaPixelRange(k + 1, s.First + 1, s.Last + 1, s.Step)).ToArray();
        History(header, path, options, "pixels kept (first:last[:step]) " + string.Join(" ", ranges.Select(r => r.ToString())), notes);
        var data = new SubArray(hdu.DataOffset, elementSize, hdu.Axes, selections);
        output.Add(new OutputHdu(header.ToBytes(), data, data.Length));
        return new SodaCutoutPlan(ProductKind.Cube, path, output, ranges, null, notes, options.BufferSize);
    }

    internal static void History(CutoutHeader header, string path, SodaCutoutOptions options, string selection, IEnumerable<string> notes)
    {
        var now = options.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        header.AddHistory(Printable($"{options.Service} cutout, {now}Z"));
        header.AddHistory(Printable($"source file: {Path.GetFileName(path)}"));
        header.AddHistory(Printable(selection));
        foreach (var note in notes)
        {
            header.AddHistory(Printable(note));
        }
    }

    /// <summary>FITS header text is printable ASCII: anything else (e.g. in a file name) becomes '?'.</summary>
    private static string Printable(string text) => string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c : '?'));
}

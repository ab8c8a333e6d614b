using VoServices.Fits;
using VoServices.Products;
using VoServices.Fits.Wcs;

namespace VoServices.Soda;

/// <summary>
/// Plans the cutout of row-stacked spectra (LVM style: FLUX/IVAR/MASK/LSF images of NWAVE × NFIBRE,
/// WAVE, SLITMAP): a region keeps the fibres whose centre lies in it, BAND the wavelength columns it
/// overlaps. The output is the same file, smaller: every HDU in its order, each per-fibre image cut to
/// the kept fibres × wavelengths, 1-D per-wavelength images (WAVE) cut to the wavelengths, SLITMAP
/// cut to the kept rows, everything else copied byte for byte.
/// </summary>
internal static class RssCutout
{
    private const double AngstromToMetre = 1e-10;

    public static SodaCutoutOutcome Plan(string path, IReadOnlyList<FitsHdu> hdus, SodaRequest request, SodaCutoutOptions options)
    {
        var flux = ProductLayout.Find(hdus, "FLUX")!;
        var slitmap = ProductLayout.Find(hdus, "SLITMAP")!;
        if (flux.Axes.Length != 2)
        {
            throw new FitsFormatException($"FLUX has {flux.Axes.Length} axes; row-stacked spectra have 2 (wavelength × fibre)");
        }

        var (nWave, nFibre) = (flux.Axes[0], flux.Axes[1]);
        var notes = new List<string>();
        if (SodaFilters.TimeMismatch(request.Time, flux.Header, hdus[0].Header, notes) is { } timeReason)
        {
            return SodaCutoutOutcome.NoOverlap(timeReason);
        }

        if (SodaFilters.PolWithoutStokesAxis(request.Pol) is { } polReason)
        {
            return SodaCutoutOutcome.NoOverlap(polReason);
        }

        var waves = AxisSelection.All(nWave);
        if (request.Band is { } band)
        {
            if (WavelengthEdges(path, hdus, flux) is not { } edges)
            {
                notes.Add("BAND not applied: the file gives no wavelengths (no WAVE image, no spectral WCS in FLUX)");
            }
            else if (SodaFilters.Channels(edges, band) is var (first, last))
            {
                waves = AxisSelection.Range(first, last - first + 1);
            }
            else
            {
                return SodaCutoutOutcome.NoOverlap($"BAND {SodaFilters.Format(band)} m does not meet the spectra's wavelengths, {SodaFilters.Span(edges)}");
            }
        }

        var fibres = AxisSelection.All(nFibre);
        List<long>? kept = null;
        if (request.Region is { } shape)
        {
            kept = FibresIn(path, slitmap, nFibre, SodaRegion.Create(shape, "POS"));
            if (kept.Count == 0)
            {
                return SodaCutoutOutcome.NoOverlap("no fibre centre lies in the region");
            }

            fibres = AxisSelection.List(kept);
        }

        var plan = Build(path, hdus, nWave, nFibre, waves, fibres, kept ?? [.. Enumerable.Range(0, (int)nFibre).Select(i => (long)i)], notes, options);
        return new SodaCutoutOutcome(plan, null);
    }

    private static SodaCutoutPlan Build(string path, IReadOnlyList<FitsHdu> hdus, long nWave, long nFibre, AxisSelection waves,
        AxisSelection fibres, List<long> keptFibres, List<string> notes, SodaCutoutOptions options)
    {
        var output = new List<OutputHdu>();
        var flux = ProductLayout.Find(hdus, "FLUX")!;
        var ranges = new[]
        {
            new SodaPixelRange(1, waves.First + 1, waves.Last + 1, 1),
            new SodaPixelRange(2, fibres.First + 1, fibres.Last + 1, 1),
        };
        foreach (var hdu in hdus)
        {
            AxisSelection[]? cut = null;
            if (hdu.IsImage && hdu.Axes.Length == 2 && hdu.Axes[0] == nWave && hdu.Axes[1] == nFibre)
            {
                cut = [waves, fibres];
            }
            else if (hdu.IsImage && hdu.Axes.Length == 1 && hdu.Axes[0] == nWave)
            {
                cut = [waves];
            }

            if (cut is not null && (!cut.Select((s, k) => s.IsWhole(hdu.Axes[k])).All(w => w) || hdu.IsPrimary))
            {
                var header = hdu.IsPrimary
                    ? CutoutHeader.Primary(hdu.Header, hdu.Bitpix, cut.Select(s => s.Count).ToArray(), extend: true)
                    : CutoutHeader.ImageExtension(hdu.Header, hdu.Bitpix, cut.Select(s => s.Count).ToArray());
                AxisCards.Apply(header, cut);
                if (hdu.IsPrimary)
                {
                    History(header, path, options, ranges, keptFibres, nFibre, notes);
                }

                var data = new SubArray(hdu.DataOffset, Math.Abs(hdu.Bitpix) / 8, hdu.Axes, cut);
                output.Add(new OutputHdu(header.ToBytes(), data, data.Length));
            }
            else if (hdu == ProductLayout.Find(hdus, "SLITMAP") && !fibres.IsWhole(nFibre))
            {
                output.Add(Rows(hdu, fibres));
            }
            else if (hdu.IsPrimary)
            {
                // The primary carries the provenance; its data (if any) is copied whole.
                var header = CutoutHeader.Primary(hdu.Header, hdu.Bitpix, hdu.Axes, extend: true);
                History(header, path, options, ranges, keptFibres, nFibre, notes);
                output.Add(new OutputHdu(header.ToBytes(), Whole(hdu.DataOffset, hdu.DataLength), hdu.DataLength));
            }
            else
            {
                // Untouched: header and data byte for byte.
                var length = hdu.DataOffset - hdu.HeaderOffset + hdu.DataLength;
                output.Add(new OutputHdu([], Whole(hdu.HeaderOffset, length), length));
            }
        }

        return new SodaCutoutPlan(ProductKind.Rss, path, output, ranges, keptFibres.Select(f => f + 1).ToArray(), notes, options.BufferSize);
    }

    private static void History(CutoutHeader header, string path, SodaCutoutOptions options, SodaPixelRange[] ranges, List<long> keptFibres, long nFibre, List<string> notes) =>
        CubeCutout.History(header, path, options,
            $"wavelength pixels {ranges[0].First}:{ranges[0].Last}; fibres (SLITMAP rows) {(keptFibres.Count == nFibre ? "all" : SodaFilters.Ranges(keptFibres))}",
            notes);

    /// <summary>The SLITMAP rows of the kept fibres (row bytes copied), and the heap if any, unchanged (its descriptors stay valid).</summary>
    private static OutputHdu Rows(FitsHdu table, AxisSelection rows)
    {
        var width = table.Axes[0];
        var total = table.Axes[1];
        var heap = table.DataLength - (width * total);
        var header = CutoutHeader.BinTable(table.Header, width, rows.Count, heap);
        if (table.Header.GetLong("THEAP") is { } theap)
        {
            header.SetInteger("THEAP", theap - ((total - rows.Count) * width));
        }

        var data = new SubArray(table.DataOffset, 1, [width, total], [AxisSelection.All(width), rows]);
        IEnumerable<ByteRun> runs = heap > 0 ? data.Append(new ByteRun(table.DataOffset + (width * total), heap)) : data;
        return new OutputHdu(header.ToBytes(), runs, data.Length + heap);
    }

    private static ByteRun[] Whole(long offset, long length) => length > 0 ? [new ByteRun(offset, length)] : [];

    /// <summary>0-based rows of SLITMAP whose ra/dec lie in the region (every fibre with a position: science, sky, dead alike).</summary>
    private static List<long> FibresIn(string path, FitsHdu slitmapHdu, long nFibre, SodaRegion region)
    {
        using var slitmap = FitsBinTable.Open(path, slitmapHdu);
        if (slitmap.RowCount != nFibre)
        {
            throw new FitsFormatException($"SLITMAP has {slitmap.RowCount} rows but FLUX has {nFibre} fibres");
        }

        var raColumn = slitmap.FindColumn("ra") ?? throw new FitsFormatException("SLITMAP has no ra column");
        var decColumn = slitmap.FindColumn("dec") ?? throw new FitsFormatException("SLITMAP has no dec column");
        var ra = slitmap.ReadDoubles(raColumn);
        var dec = slitmap.ReadDoubles(decColumn);
        var kept = new List<long>();
        for (var i = 0; i < ra.Length; i++)
        {
            if (double.IsFinite(ra[i]) && double.IsFinite(dec[i]) && region.Contains(ra[i], dec[i]))
            {
                kept.Add(i);
            }
        }

        return kept;
    }

    /// <summary>
    /// Vacuum wavelength (m) at the nWave + 1 column edges: from WAVE (Å; air converted to vacuum as
    /// ingest does; edges half-way between centres), else from a spectral WCS on FLUX's first axis.
    /// </summary>
    private static double[]? WavelengthEdges(string path, IReadOnlyList<FitsHdu> hdus, FitsHdu flux)
    {
        var nWave = flux.Axes[0];
        if (ProductLayout.Find(hdus, "WAVE") is { IsImage: true } waveHdu && waveHdu.Axes.Length >= 1 && waveHdu.Axes[0] == nWave)
        {
            double[] wave;
            using (var image = FitsImage.Open(path, waveHdu))
            {
                wave = new double[nWave];
                image.ReadPixels(0, wave);
            }

            var air = waveHdu.Header.GetString("CTYPE1")?.StartsWith("AWAV", StringComparison.Ordinal) == true
                || string.Equals(waveHdu.Header.GetString("AIRORVAC")?.Trim(), "air", StringComparison.OrdinalIgnoreCase);
            if (air)
            {
                wave = wave.Select(RssFibres.AirToVacuumAngstrom).ToArray();
            }

            var edges = new double[nWave + 1];
            for (var k = 1; k < nWave; k++)
            {
                edges[k] = (wave[k - 1] + wave[k]) / 2 * AngstromToMetre;
            }

            edges[0] = nWave > 1 ? (wave[0] - ((wave[1] - wave[0]) / 2)) * AngstromToMetre : wave[0] * AngstromToMetre;
            edges[nWave] = nWave > 1 ? (wave[^1] + ((wave[^1] - wave[^2]) / 2)) * AngstromToMetre : wave[0] * AngstromToMetre;
            return edges;
        }

        try
        {
            using var wcs = WcsTransform.FromHeader(flux.Header);
            if (wcs.SpectralAxis != 0)
            {
                return null;
            }

            using var vacuum = wcs.WithSpectralAxisAs("WAVE-???");
            var n = vacuum.NAxis;
            var pixel = new double[(nWave + 1) * n];
            for (var k = 0; k <= nWave; k++)
            {
                for (var a = 0; a < n; a++)
                {
                    pixel[(k * n) + a] = a == 0 ? k + 0.5 : 1;
                }
            }

            var world = new double[pixel.Length];
            vacuum.PixelToWorld(pixel, world);
            return Enumerable.Range(0, (int)nWave + 1).Select(k => world[k * n]).ToArray();
        }
        catch (WcsException)
        {
            return null;
        }
    }
}

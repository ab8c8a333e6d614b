using VoServices.Demo;
using VoServices.Fits;
using VoServices.Ingest;
using VoServices.Products;
using VoServices.Preview;
using VoServices.Core.Tests.Demo;

namespace VoServices.Core.Tests.Preview;

public sealed class RssPreviewTests(DemoDirectory demo) : IClassFixture<DemoDirectory>, IDisposable
{
    private const int NWave = 40;
    private const double Ra0 = 150, Dec0 = 30, Pitch = 30;
    private readonly PreviewTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A fibre of the synthetic file: offsets (arcsec, east and north of the pointing), type, status, spectrum.</summary>
    private sealed record Fibre(double East, double North, string Type, int Status, float[] Flux, byte[] Mask);

    /// <summary>
    /// Seven science fibres in a hexagon of 30″ pitch (the one 30″ due east is bright), one broken science
    /// fibre and one sky fibre a degree away, both brighter than anything else if they were drawn.
    /// Masked pixels hold huge values, so a map that ignored MASK would show them.
    /// </summary>
    private List<Fibre> Fibres()
    {
        var h = Pitch * Math.Sqrt(3) / 2;
        (double E, double N)[] hex = [(0, 0), (Pitch, 0), (-Pitch, 0), (Pitch / 2, h), (-Pitch / 2, h), (Pitch / 2, -h), (-Pitch / 2, -h)];
        var fibres = new List<Fibre>();
        for (var i = 0; i < hex.Length; i++)
        {
            var level = i == 1 ? 10f : 1f + (0.1f * i);
            var flux = Enumerable.Range(0, NWave).Select(w => level + (0.01f * w)).ToArray();
            var mask = new byte[NWave];
            flux[5] = float.NaN;
            flux[7] = 1e6f;
            mask[7] = 1;
            fibres.Add(new Fibre(hex[i].E, hex[i].N, "science", 0, flux, mask));
        }

        fibres.Add(new Fibre(Pitch, 2 * h, "science", 1, Enumerable.Repeat(500f, NWave).ToArray(), new byte[NWave])); // broken
        fibres.Add(new Fibre(3600, 0, "SKY", 0, Enumerable.Repeat(1000f, NWave).ToArray(), new byte[NWave]));
        return fibres;
    }

    private string Write(List<Fibre> fibres)
    {
        var n = fibres.Count;
        var positions = fibres.Select(f => DemoRss.FromTangentPlane(Ra0, Dec0, f.East, f.North)).ToArray();
        var path = _files.PathOf("rss.fits");
        using var stream = File.Create(path);
        using var writer = new FitsWriter(stream);
        writer.WriteEmptyPrimary();
        writer.WriteImage<float>([NWave, n], fibres.SelectMany(f => f.Flux).ToArray(), new FitsHeaderBuilder().Set("EXTNAME", "FLUX"));
        writer.WriteImage<byte>([NWave, n], fibres.SelectMany(f => f.Mask).ToArray(), new FitsHeaderBuilder().Set("EXTNAME", "MASK"));
        writer.WriteImage<double>([NWave], Enumerable.Range(0, NWave).Select(w => 5000.0 + w).ToArray(), new FitsHeaderBuilder().Set("EXTNAME", "WAVE"));
        writer.WriteBinTable(
            [
                FitsTableColumn.Text("targettype", fibres.Select(f => f.Type).ToArray(), 8),
                FitsTableColumn.Int32("fibstatus", fibres.Select(f => f.Status).ToArray()),
                FitsTableColumn.Float64("ra", positions.Select(p => p.Ra).ToArray(), "deg"),
                FitsTableColumn.Float64("dec", positions.Select(p => p.Dec).ToArray(), "deg"),
            ],
            new FitsHeaderBuilder().Set("EXTNAME", "SLITMAP"));
        return path;
    }

    private static double MeanOfUnmasked(Fibre f) =>
        Enumerable.Range(0, NWave).Where(w => float.IsFinite(f.Flux[w]) && f.Mask[w] == 0).Average(w => (double)f.Flux[w]);

    [Fact]
    public void Each_science_fibre_is_drawn_at_its_sky_position_with_north_up_and_east_left()
    {
        var fibres = Fibres();
        var rss = RssPreview.WhiteLight(Write(fibres), CancellationToken.None);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], rss.Fibres.Select(f => f.Row)); // no broken fibre, no sky fibre
        Assert.Equal(Pitch, rss.PitchArcsec, 1e-3);
        var centre = rss.Fibres[0];
        foreach (var spot in rss.Fibres)
        {
            var expected = fibres[spot.Row];
            Assert.Equal(expected.East, spot.East, 1e-3);
            Assert.Equal(expected.North, spot.North, 1e-3);

            // East is to the left (smaller x), north is up (larger y, y counted from the bottom).
            Assert.Equal(centre.X - (expected.East / rss.ArcsecPerPixel), spot.X, 1e-6);
            Assert.Equal(centre.Y + (expected.North / rss.ArcsecPerPixel), spot.Y, 1e-6);
            Assert.Equal(MeanOfUnmasked(expected), spot.Value, 1e-5);
            Assert.Equal(spot.Value, rss.Map[(int)Math.Round(spot.X), (int)Math.Round(spot.Y)]);
        }
    }

    [Fact]
    public void The_bright_fibre_east_of_centre_is_the_brightest_part_of_the_map_left_of_centre()
    {
        var rss = RssPreview.WhiteLight(Write(Fibres()), CancellationToken.None);
        var map = rss.Map;

        var best = map.Values.Where(double.IsFinite).Max();
        var brightest = Enumerable.Range(0, map.Height).SelectMany(y => Enumerable.Range(0, map.Width).Where(x => map[x, y] == best).Select(x => (X: x, Y: y))).ToList();
        var (bx, by) = (brightest.Average(p => p.X), brightest.Average(p => p.Y));

        Assert.Equal(MeanOfUnmasked(Fibres()[1]), best, 1e-5);
        var middleX = map.Width / 2.0;
        var middleY = map.Height / 2.0;
        var offset = Pitch / rss.ArcsecPerPixel;
        Assert.InRange(bx, middleX - (1.2 * offset), middleX - (0.8 * offset)); // one pitch left of the middle
        Assert.InRange(by, middleY - (0.2 * offset), middleY + (0.2 * offset));
    }

    [Fact]
    public void Sky_fibres_far_away_do_not_shrink_the_science_field()
    {
        var rss = RssPreview.WhiteLight(Write(Fibres()), CancellationToken.None);

        // Three fibres across plus the hexagon margins: about 3.2 pitches, drawn over 400 pixels.
        var widthArcsec = rss.Map.Width * rss.ArcsecPerPixel;
        Assert.InRange(widthArcsec, 90, 110);
        Assert.Equal(RssPreview.MapSide, Math.Max(rss.Map.Width, rss.Map.Height));
        Assert.True(double.IsNaN(rss.Map[0, 0]), "corners outside the fibres are blank");
    }

    [Fact]
    public async Task The_demo_LVM_frame_renders_with_the_bright_centre_in_the_middle_and_the_dead_fibre_blank()
    {
        var path = demo.File("rss/lvmCFrame-00012345.fits");
        var rss = RssPreview.WhiteLight(path, CancellationToken.None);

        Assert.Equal(DemoRss.NScience - 1, rss.Fibres.Count); // fibre 17 is broken (fibstatus 1)
        Assert.DoesNotContain(rss.Fibres, f => f.Row == 17);
        var brightest = rss.Fibres.MaxBy(f => f.Value)!;
        Assert.Equal(0, brightest.Row); // the demo's brightness falls off from the central fibre
        Assert.Equal(rss.Map.Width / 2.0, brightest.X, 1.0);
        Assert.Equal(rss.Map.Height / 2.0, brightest.Y, 1.0);

        // Where fibre 17 would be (between its neighbours), the map is blank.
        var (x17, y17) = DemoRss.FibrePositions() is var p ? (p.X[17], p.Y[17]) : default;
        var px = brightest.X - (x17 / rss.ArcsecPerPixel);
        var py = brightest.Y + (y17 / rss.ArcsecPerPixel);
        Assert.True(double.IsNaN(rss.Map[(int)Math.Round(px), (int)Math.Round(py)]));

        using var output = new MemoryStream();
        Assert.Equal("image/png", await new PreviewRenderer().RenderAsync(path, ProductKind.Rss, output, CancellationToken.None));
        var png = PngDecoder.Decode(output.ToArray());
        Assert.Equal((rss.Map.Width, rss.Map.Height), (png.Width, png.Height));
        Assert.Equal(6, png.ColorType);
        Assert.Equal(0, png.Alpha(0, 0));
        Assert.Equal(255, png.Channel((int)Math.Round(brightest.X), png.Height - 1 - (int)Math.Round(brightest.Y), 0));
    }
}

using System.Globalization;
using VoServices.Fits;
using VoServices.Core.Tests.Wcs;

namespace VoServices.Core.Tests.Fits;

public sealed class FitsWriterTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1420405752.0, "1420405752.0")]
    [InlineData(1e-5, "1.0E-05")]
    [InlineData(-2.5e20, "-2.5E+20")]
    [InlineData(0.1, "0.1")]
    public void Reals_are_written_with_a_decimal_point_or_exponent(double value, string expected)
    {
        Assert.Equal(expected, FitsHeaderBuilder.FormatReal(value));
    }

    [Fact]
    public void Cards_use_fixed_format_columns()
    {
        var h = new FitsHeaderBuilder()
            .Set("NAXIS9", 512L, "an integer")
            .Set("FLAG", true)
            .Set("CDELT1", -0.5, "deg")
            .Set("OBJECT", "NGC 1")
            .Build();
        var images = h.CardImages;
        // Integers and logicals end in column 30 (index 29); strings start with a quote in column 11 and pad to 8 characters.
        Assert.Equal("NAXIS9  =                  512 / an integer", images[0].TrimEnd());
        Assert.Equal('T', images[1][29]);
        Assert.Equal("CDELT1  =                 -0.5 / deg", images[2].TrimEnd());
        Assert.Equal("OBJECT  = 'NGC 1   '", images[3].TrimEnd());
    }

    [Fact]
    public void Setting_a_keyword_again_replaces_it_in_place()
    {
        var b = new FitsHeaderBuilder().Set("A", 1L).Set("B", 2L).Set("A", 3L);
        var h = b.Build();
        Assert.Equal(new[] { "A", "B" }, h.Cards.Select(c => c.Keyword));
        Assert.Equal(3L, h.GetLong("A"));
        Assert.True(b.Remove("A"));
        Assert.False(b.Contains("A"));
    }

    [Fact]
    public void Long_strings_round_trip_through_continue_cards()
    {
        var value = string.Concat(Enumerable.Range(0, 30).Select(i => $"part{i}'s text, "));
        var h = new FitsHeaderBuilder().Set("LONGSTR", value, "long").Set("NEXT", 1L).Build();
        Assert.True(h.Cards.Count > 3);
        Assert.All(h.CardImages, c => Assert.Equal(80, c.Length));
        Assert.Equal(value.TrimEnd(), h.GetString("LONGSTR"));
        Assert.Equal(1L, h.GetLong("NEXT"));
    }

    [Fact]
    public void Hierarch_keywords_are_written_and_read_back()
    {
        var h = new FitsHeaderBuilder().Set("ESO DET DIT", 1.5, "s").Build();
        Assert.StartsWith("HIERARCH ESO DET DIT = 1.5", h.CardImages[0], StringComparison.Ordinal);
        Assert.Equal(1.5, h.GetDouble("ESO DET DIT"));
    }

    [Fact]
    public void Structural_keywords_in_the_extra_cards_are_refused()
    {
        using var w = new FitsWriter(new MemoryStream());
        var extra = new FitsHeaderBuilder().Set("NAXIS1", 3L);
        Assert.Throws<ArgumentException>(() => w.WriteImage<float>([1], new float[1], extra));
    }

    [Fact]
    public void Every_bitpix_round_trips_through_reader_and_image()
    {
        var ms = new MemoryStream();
        using (var w = new FitsWriter(ms, leaveOpen: true))
        {
            w.WriteImage<byte>([3], new byte[] { 0, 7, 255 });
            w.WriteImage<short>([3], new short[] { -32768, 1, 32767 });
            w.WriteImage<int>([3], new[] { int.MinValue, 2, int.MaxValue });
            w.WriteImage<long>([3], new[] { -5L, 3L, 1L << 40 });
            w.WriteImage<float>([3], new[] { -1.5f, float.NaN, 3.25f });
            w.WriteImage<double>([3], new[] { -1e300, double.NaN, Math.PI });
        }

        Assert.Equal(0, ms.Length % 2880);
        ms.Position = 0;
        var hdus = FitsReader.ReadHdus(ms);
        Assert.Equal(new[] { 8, 16, 32, 64, -32, -64 }, hdus.Select(h => h.Bitpix));
        double[][] expected =
        [
            [0, 7, 255],
            [-32768, 1, 32767],
            [int.MinValue, 2, int.MaxValue],
            [-5, 3, 1L << 40],
            [-1.5, double.NaN, 3.25],
            [-1e300, double.NaN, Math.PI],
        ];
        for (var i = 0; i < hdus.Count; i++)
        {
            using var img = new FitsImage(ms, hdus[i]);
            Assert.Equal(expected[i], img.ReadAll());
        }
    }

    [Fact]
    public async Task Streaming_form_writes_chunks_async_and_checks_the_count()
    {
        var ms = new MemoryStream();
        await using (var w = new FitsWriter(ms, leaveOpen: true))
        {
            await using var data = await w.BeginImageAsync(-32, [100, 30], null, CancellationToken.None);
            for (var row = 0; row < 30; row++)
            {
                var chunk = Enumerable.Range(0, 100).Select(x => (float)((row * 100) + x)).ToArray();
                await data.WriteAsync<float>(chunk, CancellationToken.None);
            }

            await data.CompleteAsync(CancellationToken.None);
        }

        ms.Position = 0;
        var hdu = FitsReader.ReadHdus(ms).Single();
        using var img = new FitsImage(ms, hdu);
        var all = img.ReadAll();
        // Pixel (x, row) was written as row×100 + x, so the linear index equals the value.
        Assert.Equal(2999.0, all[2999]);
        Assert.Equal(1234.0, all[1234]);

        using var w2 = new FitsWriter(new MemoryStream());
        var incomplete = w2.BeginImage(16, [10]);
        incomplete.Write<short>(new short[5]);
        Assert.Throws<InvalidOperationException>(incomplete.Complete);
        Assert.Throws<ArgumentException>(() => incomplete.Write<float>(new float[5]));
    }

    [Fact]
    public void Files_we_write_are_read_by_astropy_with_the_same_values()
    {
        var dir = FitsTestFiles.TempDir();
        var path = Path.Combine(dir, "w.fits");
        var extra = new FitsHeaderBuilder()
            .Set("BSCALE", 0.5).Set("BZERO", 10.0).Set("BLANK", -32768L)
            .Set("RESTFRQ", 1.420405752e9, "Hz")
            .Set("LONGSTR", new string('x', 100) + " end")
            .Set("ESO DET DIT", 2.5)
            .AddHistory("made by a test");
        using (var w = new FitsWriter(File.Create(path)))
        {
            w.WriteImage<short>([2, 2], new short[] { 0, 2, -32768, 4 }, extra);
            w.WriteBinTable([
                FitsTableColumn.Int32("fiberid", [1, 2]),
                FitsTableColumn.Text("targettype", ["science", "SKY"], 8),
                FitsTableColumn.Float64("ra", [10.5, 11.25], "deg"),
            ]);
        }

        var output = Astropy.Run($$"""
            from astropy.io import fits
            import numpy as np
            h = fits.open('{{path}}')
            h.verify('exception')
            d = h[0].data
            print(repr(h[0].header['RESTFRQ']), len(h[0].header['LONGSTR']), h[0].header['ESO DET DIT'])
            print(' '.join('nan' if np.isnan(v) else repr(float(v)) for v in d.ravel()))
            t = h[1].data
            print(list(t['fiberid']), list(t['targettype']), list(t['ra']), h[1].columns['ra'].unit)
            """);
        var lines = output.Split('\n');
        // 100 x's + " end" = 104 characters; physical = 10 + 0.5 × raw, raw -32768 is BLANK → NaN.
        Assert.Equal("1420405752.0 104 2.5", lines[0].Trim());
        Assert.Equal("10.0 11.0 nan 12.0", lines[1].Trim());
        Assert.Equal("[1, 2] ['science', 'SKY'] [10.5, 11.25] deg", lines[2].Trim());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Header_copied_for_a_cutout_keeps_every_non_structural_card_and_gets_new_axes()
    {
        var source = new FitsHeader(new[]
        {
            "SIMPLE  = T", "BITPIX  = -32", "NAXIS   = 3", "NAXIS1  = 100", "NAXIS2  = 100", "NAXIS3  = 50", "EXTEND  = T",
            "OBJECT  = 'NGC 1'", "CRPIX1  = 50.0", "LONGSTR = 'abc&'", "CONTINUE  'def'", "HIERARCH ESO DET DIT = 2.0", "COMMENT a note",
        }.Select(FitsTestFiles.Card));
        var extra = FitsHeaderBuilder.FromHeader(source).Set("CRPIX1", 40.0);
        var ms = new MemoryStream();
        using (var w = new FitsWriter(ms, leaveOpen: true))
        {
            w.WriteImage<float>([20, 10, 5], new float[1000], extra);
        }

        ms.Position = 0;
        var h = FitsReader.ReadHdus(ms)[0];
        Assert.Equal(new long[] { 20, 10, 5 }, h.Axes);
        Assert.Equal(40.0, h.Header.GetDouble("CRPIX1"));
        Assert.Equal("abcdef", h.Header.GetString("LONGSTR"));
        Assert.Equal(2.0, h.Header.GetDouble("ESO DET DIT"));
        Assert.Equal("NGC 1", h.Header.GetString("OBJECT"));
        Assert.Contains(h.Header.Cards, c => c is { Keyword: "COMMENT", Comment: "a note" });
        // Structural keywords appear once, written by the writer.
        Assert.Single(h.Header.Cards, c => c.Keyword == "NAXIS1");
        Assert.Single(h.Header.Cards, c => c.Keyword == "EXTEND");
    }
}

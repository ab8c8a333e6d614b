using VoServices.Fits;

namespace VoServices.Core.Tests.Fits;

public sealed class FitsDataTests
{
    private static (MemoryStream Stream, IReadOnlyList<FitsHdu> Hdus) Write(Action<FitsWriter> write)
    {
        var ms = new MemoryStream();
        using (var w = new FitsWriter(ms, leaveOpen: true))
        {
            write(w);
        }

        ms.Position = 0;
        return (ms, FitsReader.ReadHdus(ms));
    }

    [Fact]
    public void Bscale_bzero_and_blank_give_physical_values_and_NaN()
    {
        var extra = new FitsHeaderBuilder().Set("BSCALE", 0.001).Set("BZERO", 1.0).Set("BLANK", -32768L);
        var (ms, hdus) = Write(w => w.WriteImage<short>([4], new short[] { -32768, 0, 1000, -1000 }, extra));
        using var img = new FitsImage(ms, hdus[0]);
        // physical = BZERO + BSCALE × raw: 1 + 0.001 × {0, 1000, -1000} = {1, 2, 0}; raw -32768 = BLANK → NaN.
        var values = img.ReadAll();
        Assert.True(double.IsNaN(values[0]));
        Assert.Equal(1.0, values[1], 12);
        Assert.Equal(2.0, values[2], 12);
        Assert.Equal(0.0, values[3], 12);
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(3.0e-5, 0.9)]
    public void Vectorised_float_and_int16_decoding_equals_the_scalar_definition_exactly(double scale, double zero)
    {
        // 1003 pixels: whole vectors and a scalar tail; NaN floats, BLANK shorts, extremes of both.
        var random = new Random(3);
        var floats = Enumerable.Range(0, 1003).Select(i => i % 97 == 0 ? float.NaN : i == 5 ? float.MaxValue : (float)((random.NextDouble() - 0.5) * 1e6)).ToArray();
        var shorts = Enumerable.Range(0, 1003).Select(i => i % 89 == 0 ? (short)-32768 : i == 7 ? short.MaxValue : (short)random.Next(-32767, 32768)).ToArray();
        var scaling = new FitsHeaderBuilder().Set("BSCALE", scale).Set("BZERO", zero);
        var (ms, hdus) = Write(w =>
        {
            w.WriteImage<float>([1003], floats, scaling);
            w.WriteImage<short>([1003], shorts, new FitsHeaderBuilder().Set("BSCALE", scale).Set("BZERO", zero).Set("BLANK", -32768L));
        });

        using var floatImage = new FitsImage(ms, hdus[0]);
        using var shortImage = new FitsImage(ms, hdus[1]);

        Assert.Equal(floats.Select(f => zero + (scale * f)).ToArray(), floatImage.ReadAll());
        Assert.Equal(shorts.Select(v => v == -32768 ? double.NaN : zero + (scale * v)).ToArray(), shortImage.ReadAll());
    }

    [Fact]
    public void Unsigned_16_bit_convention_reads_as_0_to_65535()
    {
        var extra = new FitsHeaderBuilder().Set("BZERO", 32768L).Set("BSCALE", 1L);
        var (ms, hdus) = Write(w => w.WriteImage<short>([2], new short[] { -32768, 32767 }, extra));
        using var img = new FitsImage(ms, hdus[0]);
        Assert.Equal(new[] { 0.0, 65535.0 }, img.ReadAll());
    }

    [Fact]
    public void HasFiniteValue_is_false_only_for_all_NaN_or_all_BLANK_data()
    {
        var nan = Enumerable.Repeat(float.NaN, 50_000).ToArray();
        var oneFinite = (float[])nan.Clone();
        oneFinite[49_999] = 1f;
        var blank = new FitsHeaderBuilder().Set("BLANK", -1L);
        var (ms, hdus) = Write(w =>
        {
            w.WriteImage<float>([50_000], nan);
            w.WriteImage<float>([50_000], oneFinite);
            w.WriteImage<int>([3], new[] { -1, -1, -1 }, blank);
            w.WriteImage<int>([3], new[] { -1, -1, 5 }, new FitsHeaderBuilder().Set("BLANK", -1L));
            w.WriteImage<int>([3], new[] { -1, -1, -1 });
        });
        bool Finite(int i)
        {
            using var img = new FitsImage(ms, hdus[i]);
            return img.HasFiniteValue();
        }

        Assert.False(Finite(0));
        Assert.True(Finite(1));
        Assert.False(Finite(2));
        Assert.True(Finite(3));
        Assert.True(Finite(4)); // -1 is an ordinary value without BLANK
    }

    [Fact]
    public void ReadPlane_returns_one_2d_plane_of_a_4d_cube()
    {
        // Cube 3×2×4×2, value = linear index; plane (k=2, s=1) starts at 3×2×(2 + 4×1) = 36.
        var data = Enumerable.Range(0, 48).Select(i => (float)i).ToArray();
        var (ms, hdus) = Write(w => w.WriteImage<float>([3, 2, 4, 2], data));
        using var img = new FitsImage(ms, hdus[0]);
        Assert.Equal(new double[] { 36, 37, 38, 39, 40, 41 }, img.ReadPlane(2, 1));
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, img.ReadPlane());
        Assert.Throws<ArgumentOutOfRangeException>(() => img.ReadPlane(4));
        var floats = new float[4];
        img.ReadPixels(44, floats);
        Assert.Equal(new float[] { 44, 45, 46, 47 }, floats);
    }

    [Fact]
    public void Binary_table_columns_rows_scaling_and_nulls_read_back()
    {
        var extra = new FitsHeaderBuilder().Set("EXTNAME", "SLITMAP").Set("TSCAL2", 0.5).Set("TZERO2", 100.0).Set("TNULL3", -99L);
        var (ms, hdus) = Write(w =>
        {
            w.WriteEmptyPrimary();
            w.WriteBinTable(
                [
                    FitsTableColumn.Text("targettype", ["science", "SKY", "standard"], 8),
                    FitsTableColumn.Int16("scaled", [0, 2, -4]),
                    FitsTableColumn.Int32("fibstatus", [0, -99, 1]),
                    FitsTableColumn.Float64("xy", [1, 2, 3, 4, 5, 6], "mm", repeat: 2),
                    FitsTableColumn.Logical("good", [true, false, true]),
                    FitsTableColumn.Float32("f", [1.5f, 2.5f, 3.5f]),
                    FitsTableColumn.Int64("k", [1L << 40, 0, -1]),
                ],
                extra);
        });
        using var t = new FitsBinTable(ms, hdus[1]);
        Assert.Equal(3, t.RowCount);
        Assert.Equal("SLITMAP", hdus[1].ExtName);
        // Row width: 8 + 2 + 4 + 16 + 1 + 4 + 8 = 43 bytes.
        Assert.Equal(43, t.RowWidth);
        Assert.Equal(new[] { "science", "SKY", "standard" }, t.ReadStrings(t.Column("TARGETTYPE")));
        // TZERO + TSCAL × raw = 100 + 0.5 × {0, 2, -4} = {100, 101, 98}.
        Assert.Equal(new[] { 100.0, 101.0, 98.0 }, t.ReadDoubles(t.Column("scaled")));
        var status = t.ReadDoubles(t.Column("fibstatus"));
        Assert.True(double.IsNaN(status[1]));
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, t.ReadDoubles(t.Column("xy")));
        Assert.Equal("mm", t.Column("xy").Unit);
        Assert.Equal(2, t.Column("xy").Repeat);
        var row = t.ReadRow(2);
        Assert.Equal("standard", row.GetString("targettype"));
        Assert.Equal(6.0, row.GetDouble("xy", 1));
        Assert.Equal(-1L, row.GetLong("k"));
        Assert.True(row.GetBool("good"));
        Assert.Equal(3.5, row.GetDouble("f"));
        Assert.Throws<FitsFormatException>(() => t.ReadDoubles(t.Column("targettype")));
        Assert.Throws<FitsFormatException>(() => t.Column("nosuch"));
    }

    [Fact]
    public void Variable_length_columns_are_refused_clearly()
    {
        var header = FitsTestFiles.Concat(
            FitsTestFiles.Header("SIMPLE  = T", "BITPIX  = 8", "NAXIS   = 0", "EXTEND  = T"),
            FitsTestFiles.Header("XTENSION= 'BINTABLE'", "BITPIX  = 8", "NAXIS   = 2", "NAXIS1  = 8", "NAXIS2  = 1", "PCOUNT  = 0", "GCOUNT  = 1", "TFIELDS = 1", "TFORM1  = '1PE(5)'", "TTYPE1  = 'spec'"),
            FitsTestFiles.Padded(new byte[8]));
        var ms = new MemoryStream(header);
        var hdus = FitsReader.ReadHdus(ms);
        using var t = new FitsBinTable(ms, hdus[1]);
        Assert.True(t.Column("spec").IsVariableLength);
        var e = Assert.Throws<FitsFormatException>(() => t.ReadDoubles(t.Column("spec")));
        Assert.Contains("variable-length", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_tform_is_a_format_error()
    {
        var header = FitsTestFiles.Concat(
            FitsTestFiles.Header("SIMPLE  = T", "BITPIX  = 8", "NAXIS   = 0"),
            FitsTestFiles.Header("XTENSION= 'BINTABLE'", "BITPIX  = 8", "NAXIS   = 2", "NAXIS1  = 4", "NAXIS2  = 1", "PCOUNT  = 0", "GCOUNT  = 1", "TFIELDS = 1", "TFORM1  = 'Z'"),
            FitsTestFiles.Padded(new byte[4]));
        var ms = new MemoryStream(header);
        var hdus = FitsReader.ReadHdus(ms);
        Assert.Throws<FitsFormatException>(() => new FitsBinTable(ms, hdus[1]));
    }
}

using VoServices.Fits;

namespace VoServices.Core.Tests.Fits;

/// <summary>Streaming a table in raw row chunks (as `vo hips build` reads HEALPix maps).</summary>
public sealed class FitsBinTableRawRowTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"rawrows-{Guid.NewGuid():N}.fits");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Raw_rows_decode_64_bit_integers_exactly_and_numbers_with_their_scaling()
    {
        // Order-29 HEALPix indices exceed 2^53, where a double would round them.
        long[] pixels = [0, (12L << 58) - 1, (1L << 53) + 1];
        using (var writer = new FitsWriter(File.Create(_path)))
        {
            writer.WriteEmptyPrimary();
            writer.WriteBinTable([FitsTableColumn.Int64("PIXEL", pixels), FitsTableColumn.Float32("VALUE", [1.5f, -2f, 3f], repeat: 1)]);
        }

        using var table = FitsBinTable.Open(_path, FitsReader.ReadHdus(_path)[1]);
        var buffer = new byte[2 * table.RowWidth];
        Assert.Equal(2, table.ReadRawRows(0, buffer));
        Assert.Equal(1, table.ReadRawRows(2, buffer));
        Assert.Equal(pixels[2], FitsBinTable.DecodeInteger(table.Column("PIXEL"), buffer.AsSpan(0, table.RowWidth)));
        var value = new double[1];
        FitsBinTable.DecodeCell(table.Column("VALUE"), buffer.AsSpan(0, table.RowWidth), value);
        Assert.Equal(3.0, value[0]);
        Assert.Equal(2, table.ReadRawRows(0, buffer));
        Assert.Equal(pixels[1], FitsBinTable.DecodeInteger(table.Column("PIXEL"), buffer.AsSpan(table.RowWidth, table.RowWidth)));
        Assert.Equal(0, table.ReadRawRows(3, buffer));
    }
}

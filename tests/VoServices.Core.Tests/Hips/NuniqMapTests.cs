using VoServices.Fits;
using VoServices.Hips;

namespace VoServices.Core.Tests.Hips;

/// <summary>NUNIQ multi-order HEALPix maps (uniq = 4·4^order + ipix): expansion to one order, and bad uniq values.</summary>
public sealed class NuniqMapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nuniq-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Coarse_cells_are_expanded_to_their_children_at_the_deepest_order_each_with_the_cell_value_and_weight()
    {
        // Order 1 cell 5 (uniq 16 + 5) and order 2 cell 100 (uniq 64 + 100).
        var map = Open(Write("m.fits", [21, 164], [3.0, 7.0], [2.0, 0.5]), "IVAR");
        Assert.Equal(2, map.Order);
        Assert.Equal(2, map.DeepestOrder);
        Assert.Equal(5, map.ExpandedCells);
        Assert.Equal(
            [new HealpixCell(20, 3, 2), new HealpixCell(21, 3, 2), new HealpixCell(22, 3, 2), new HealpixCell(23, 3, 2), new HealpixCell(100, 7, 0.5)],
            Cells(map));
    }

    [Fact]
    public void Order_given_expands_every_cell_to_it_in_chunks()
    {
        var map = Open(Write("m.fits", [21, 164], [3.0, 7.0], null), null, order: 4);
        Assert.Equal(4 * 4 * 4 + (4 * 4), map.ExpandedCells);
        var chunks = map.ReadCells(chunkRows: 10).Select(c => c.Cells.Length).ToList();
        Assert.All(chunks, n => Assert.InRange(n, 0, 10));
        var cells = Cells(map);
        Assert.Equal(Enumerable.Range(5 * 64, 64).Concat(Enumerable.Range(100 * 16, 16)).Select(i => (long)i), cells.Select(c => c.Index));
        Assert.False(map.Weighted);
    }

    [Fact]
    public void Nan_values_and_zero_weights_are_no_measurement()
    {
        var map = Open(Write("m.fits", [21, 22, 164], [double.NaN, 1.0, 7.0], [1.0, 0.0, 1.0]), "IVAR");
        Assert.Equal([new HealpixCell(100, 7, 1)], Cells(map));
    }

    [Fact]
    public void Uniq_below_4_is_refused_naming_file_and_row()
    {
        var path = Write("low.fits", [21, 3], [1.0, 2.0], null);
        var e = Assert.Throws<HealpixMapException>(() => Open(path, null));
        Assert.Contains("low.fits: row 2: UNIQ = 3 is not a NUNIQ value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uniq_beyond_order_29_is_refused_naming_file_and_row()
    {
        var path = Write("deep.fits", [21, 164, 1L << 62], [1.0, 2.0, 3.0], null);
        var e = Assert.Throws<HealpixMapException>(() => Open(path, null));
        Assert.Contains($"deep.fits: row 3: UNIQ = {1L << 62} encodes order 30; HEALPix orders end at 29", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expansion_beyond_2_to_the_28_cells_is_refused_with_the_count()
    {
        // One order-0 cell beside an order-15 cell: 4^15 ≈ 1.07e9 cells at order 15.
        var path = Write("big.fits", [4, (4L << 30) + 7], [1.0, 2.0], null);
        var e = Assert.Throws<HealpixMapException>(() => Open(path, null));
        Assert.Contains("would be 1.074E+09 cells, more than the limit of 268435456 (2^28)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_coarser_than_the_deepest_cells_is_refused_naming_the_option()
    {
        var path = Write("m.fits", [21, 164], [3.0, 7.0], null);
        var e = Assert.Throws<HealpixMapException>(() => Open(path, null, order: 1));
        Assert.Equal("--order", e.Option);
        Assert.Contains("--order 1 is coarser than the map's deepest cells (order 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_32_bit_uniq_column_without_ordering_is_read_as_a_nuniq_map()
    {
        var path = Path.Combine(_dir, "j.fits");
        WriteTable(path, [FitsTableColumn.Int32("UNIQ", [21]), FitsTableColumn.Float64("VALUE", [4.5])], new FitsHeaderBuilder().Set("COORDSYS", "G"));
        var map = Assert.IsType<NuniqMap>(HealpixTables.Open(path, "VALUE", null));
        Assert.Equal(HipsFrame.Galactic, map.Frame);
        Assert.Equal([new HealpixCell(5, 4.5, 1)], Cells(map)); // order 1, its only order: nothing to expand
    }

    [Fact]
    public void Order_on_a_single_order_map_is_refused_naming_the_option()
    {
        var path = Path.Combine(_dir, "nested.fits");
        WriteTable(path, [FitsTableColumn.Int64("PIXEL", [3]), FitsTableColumn.Float64("VALUE", [1.0])],
            new FitsHeaderBuilder().Set("PIXTYPE", "HEALPIX").Set("ORDERING", "NESTED").Set("INDXSCHM", "EXPLICIT").Set("NSIDE", 8L));
        var e = Assert.Throws<HealpixMapException>(() => HealpixTables.Open(path, "VALUE", null, order: 5));
        Assert.Equal("--order", e.Option);
        Assert.IsType<HealpixMap>(HealpixTables.Open(path, "VALUE", null));
    }

    private static NuniqMap Open(string path, string? weight, int? order = null) =>
        Assert.IsType<NuniqMap>(HealpixTables.Open(path, "VALUE", weight, order));

    private static List<HealpixCell> Cells(NuniqMap map) => [.. map.ReadCells().SelectMany(c => c.Cells.ToArray())];

    private string Write(string name, long[] uniq, double[] values, double[]? weights)
    {
        var path = Path.Combine(_dir, name);
        List<FitsTableColumn> columns = [FitsTableColumn.Int64("UNIQ", uniq), FitsTableColumn.Float64("VALUE", values)];
        if (weights is not null)
        {
            columns.Add(FitsTableColumn.Float64("IVAR", weights));
        }

        WriteTable(path, columns, new FitsHeaderBuilder().Set("PIXTYPE", "HEALPIX").Set("ORDERING", "NUNIQ").Set("INDXSCHM", "EXPLICIT").Set("COORDSYS", "C"));
        return path;
    }

    private static void WriteTable(string path, IReadOnlyList<FitsTableColumn> columns, FitsHeaderBuilder header)
    {
        using var writer = new FitsWriter(File.Create(path));
        writer.WriteEmptyPrimary();
        writer.WriteBinTable(columns, header);
    }
}

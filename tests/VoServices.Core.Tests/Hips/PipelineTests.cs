using VoServices.Hips;

namespace VoServices.Core.Tests.Hips;

/// <summary>The build's two-stage pipelines: the second core's work arrives in order, errors as thrown, and stops with its caller.</summary>
public sealed class PipelineTests
{
    [Fact]
    public void Ahead_gives_the_items_in_the_source_order_then_the_source_exception_as_thrown()
    {
        static IEnumerable<int> Source(CancellationToken stop)
        {
            for (var i = 0; i < 1000; i++)
            {
                yield return i;
            }

            throw new HealpixMapException("map.fits: row 1001: bad");
        }

        var seen = new List<int>();
        var e = Assert.Throws<HealpixMapException>(() =>
        {
            foreach (var i in Pipeline.Ahead(Source, 2, CancellationToken.None))
            {
                seen.Add(i);
            }
        });
        Assert.Equal(Enumerable.Range(0, 1000), seen);
        Assert.Equal("map.fits: row 1001: bad", e.Message);
    }

    [Fact]
    public void A_caller_stopping_early_stops_the_source_before_it_returns()
    {
        var finished = false;
        IEnumerable<int> Source(CancellationToken stop)
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    stop.ThrowIfCancellationRequested();
                    yield return i;
                }
            }
            finally
            {
                finished = true;
            }
        }

        Assert.Equal([0, 1, 2], Pipeline.Ahead(Source, 2, CancellationToken.None).Take(3));
        Assert.True(finished);
    }

    [Fact]
    public void Cells_read_ahead_are_the_source_cells_in_order_though_it_reuses_its_buffer_and_chunks_are_large()
    {
        var source = new ReusingSource(chunks: 5, cellsPerChunk: 100_000);
        var got = new List<long>();
        foreach (var (cells, _) in Pipeline.ReadCellsAhead(source, CancellationToken.None))
        {
            Assert.InRange(cells.Length, 1, 1 << 16);
            foreach (var cell in cells.Span)
            {
                got.Add(cell.Index);
            }
        }

        Assert.Equal(Enumerable.Range(0, 500_000).Select(i => (long)i), got);
    }

    // Cells 0, 1, 2, … in chunks written into one buffer, as HealpixMap and PointMap reuse theirs.
    private sealed class ReusingSource(int chunks, int cellsPerChunk) : IHealpixCellSource
    {
        public string Path => "reusing";

        public int Order => 10;

        public HipsFrame Frame => HipsFrame.Equatorial;

        public string ValueColumn => "v";

        public string? ValueUnit => null;

        public bool Weighted => false;

        public long RowCount => (long)chunks * cellsPerChunk;

        public IEnumerable<(ReadOnlyMemory<HealpixCell> Cells, long RowsRead)> ReadCells(int chunkRows = 65536, CancellationToken cancellationToken = default)
        {
            var buffer = new HealpixCell[cellsPerChunk];
            for (var c = 0; c < chunks; c++)
            {
                for (var i = 0; i < cellsPerChunk; i++)
                {
                    buffer[i] = new HealpixCell(((long)c * cellsPerChunk) + i, 1, 1);
                }

                yield return (buffer, (c + 1L) * cellsPerChunk);
            }
        }
    }
}

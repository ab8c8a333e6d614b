namespace VoServices.Hips;

/// <summary>
/// Several inputs of one order and frame read one after the other as a single source — e.g. overlapping images,
/// whose shared cells the builder then combines (`--combine`) like repeated cells of one map.
/// </summary>
public sealed class ConcatenatedCells : IHealpixCellSource
{
    private readonly IReadOnlyList<IHealpixCellSource> _sources;

    /// <summary>Checks that <paramref name="sources"/> agree on order, frame, weighting and unit (when both declare one).</summary>
    public ConcatenatedCells(IReadOnlyList<IHealpixCellSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            throw new ArgumentException("no input to read", nameof(sources));
        }

        var first = sources[0];
        foreach (var s in sources.Skip(1))
        {
            if (s.Order != first.Order || s.Frame != first.Frame || s.Weighted != first.Weighted)
            {
                throw new ArgumentException($"{s.Path} has order {s.Order} in the {s.Frame.PropertyValue()} frame, {first.Path} order {first.Order} in the {first.Frame.PropertyValue()} frame: inputs combined into one HiPS must agree.", nameof(sources));
            }

            if (s.ValueUnit is not null && first.ValueUnit is not null && !string.Equals(s.ValueUnit, first.ValueUnit, StringComparison.OrdinalIgnoreCase))
            {
                throw new HealpixMapException($"{s.Path} is in '{s.ValueUnit}', {first.Path} in '{first.ValueUnit}': inputs combined into one HiPS must share their unit (BUNIT).");
            }
        }

        _sources = sources;
    }

    public string Path => _sources.Count == 1 ? _sources[0].Path : $"{_sources[0].Path} (and {_sources.Count - 1} more)";

    public int Order => _sources[0].Order;

    public HipsFrame Frame => _sources[0].Frame;

    public string ValueColumn => _sources[0].ValueColumn;

    public string? ValueUnit => _sources.Select(s => s.ValueUnit).FirstOrDefault(u => u is not null);

    public bool Weighted => _sources[0].Weighted;

    public long RowCount => _sources.Sum(s => s.RowCount);

    public IEnumerable<(ReadOnlyMemory<HealpixCell> Cells, long RowsRead)> ReadCells(int chunkRows = 65536, CancellationToken cancellationToken = default)
    {
        long before = 0;
        foreach (var source in _sources)
        {
            foreach (var (cells, rows) in source.ReadCells(chunkRows, cancellationToken))
            {
                yield return (cells, before + rows);
            }

            before += source.RowCount;
        }
    }
}

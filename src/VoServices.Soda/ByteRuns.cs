using System.Collections;

using VoServices.Products;

namespace VoServices.Soda;

/// <summary>A contiguous range of bytes in the source file.</summary>
internal readonly record struct ByteRun(long Offset, long Length)
{
    public long End => Offset + Length;
}

/// <summary>
/// The indexes (0-based) one axis of a cutout keeps: a range with a step, or an ascending list
/// (RSS fibres).
/// </summary>
internal sealed class AxisSelection
{
    private readonly long[]? _list;

    private AxisSelection(long first, long count, long step, long[]? list)
    {
        First = first;
        Count = count;
        Step = step;
        _list = list;
    }

    /// <summary>First kept index (0-based).</summary>
    public long First { get; }

    /// <summary>Number of kept indexes.</summary>
    public long Count { get; }

    /// <summary>Distance between kept indexes for a range (1 = contiguous); 0 for a list.</summary>
    public long Step { get; }

    /// <summary>True when the kept indexes are consecutive.</summary>
    public bool IsContiguous => Step == 1;

    /// <summary>Last kept index (0-based).</summary>
    public long Last => this[Count - 1];

    public long this[long j] => _list is null ? First + (j * Step) : _list[j];

    public static AxisSelection All(long length) => new(0, length, 1, null);

    public static AxisSelection Range(long first, long count, long step = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        return new(first, count, count == 1 ? 1 : step, null);
    }

    /// <summary>An ascending list of distinct indexes; a consecutive one becomes a range.</summary>
    public static AxisSelection List(IReadOnlyList<long> indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        ArgumentOutOfRangeException.ThrowIfZero(indexes.Count);
        for (var i = 1; i < indexes.Count; i++)
        {
            if (indexes[i] <= indexes[i - 1])
            {
                throw new ArgumentException("Indexes must be ascending and distinct.", nameof(indexes));
            }
        }

        return indexes[^1] - indexes[0] == indexes.Count - 1
            ? Range(indexes[0], indexes.Count)
            : new(indexes[0], indexes.Count, 0, [.. indexes]);
    }

    public bool IsWhole(long length) => IsContiguous && First == 0 && Count == length;
}

/// <summary>
/// The byte runs of a sub-array of an N-dimensional array stored in the file (NAXIS1 varying fastest),
/// in file order, computed lazily (memory does not grow with the cutout). A run spans the kept part of
/// NAXIS1, or more when the leading axes are kept whole (whole rows, whole planes).
/// </summary>
internal sealed class SubArray : IEnumerable<ByteRun>
{
    private readonly long _dataOffset;
    private readonly int _elementSize;
    private readonly long[] _axes;
    private readonly AxisSelection[] _selections;

    public SubArray(long dataOffset, int elementSize, long[] axes, AxisSelection[] selections)
    {
        if (axes.Length != selections.Length)
        {
            throw new ArgumentException("One selection per axis.", nameof(selections));
        }

        for (var k = 0; k < axes.Length; k++)
        {
            if (selections[k].First < 0 || selections[k].Last >= axes[k])
            {
                throw new ArgumentOutOfRangeException(nameof(selections), $"The selection of axis {k + 1} leaves 0..{axes[k] - 1}.");
            }
        }

        _dataOffset = dataOffset;
        _elementSize = elementSize;
        _axes = axes;
        _selections = selections;
        Length = elementSize * selections.Aggregate(1L, (n, s) => checked(n * s.Count));
    }

    /// <summary>Bytes in all runs together.</summary>
    public long Length { get; }

    public IEnumerator<ByteRun> GetEnumerator()
    {
        var d = _axes.Length;
        var stride = new long[d + 1];
        stride[0] = 1;
        for (var k = 0; k < d; k++)
        {
            stride[k + 1] = stride[k] * _axes[k];
        }

        // Leading axes kept whole make one run with the next axis.
        var m = 0;
        while (m < d && _selections[m].IsWhole(_axes[m]))
        {
            m++;
        }

        if (m == d)
        {
            yield return new ByteRun(_dataOffset, stride[d] * _elementSize);
            yield break;
        }

        var runAxisContiguous = _selections[m].IsContiguous;
        var runElements = runAxisContiguous ? stride[m] * _selections[m].Count : stride[m];
        var baseElement = runAxisContiguous ? _selections[m].First * stride[m] : 0;
        var outer = runAxisContiguous ? m + 1 : m;
        var counter = new long[d];
        while (true)
        {
            var element = baseElement;
            for (var k = outer; k < d; k++)
            {
                element += _selections[k][counter[k]] * stride[k];
            }

            yield return new ByteRun(_dataOffset + (element * _elementSize), runElements * _elementSize);

            var axis = outer;
            while (axis < d && ++counter[axis] == _selections[axis].Count)
            {
                counter[axis] = 0;
                axis++;
            }

            if (axis == d)
            {
                yield break;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

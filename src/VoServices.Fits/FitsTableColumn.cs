using System.Globalization;

namespace VoServices.Fits;

/// <summary>
/// One column to write into a BINTABLE: name, TFORM type code and repeat count, unit, optional
/// TDIM, and the values of every row (flattened row by row for repeat &gt; 1). Made with the
/// factory methods; <see cref="FitsWriter.WriteBinTable"/> writes them.
/// </summary>
public sealed class FitsTableColumn
{
    private FitsTableColumn(string name, char type, int repeat, Array values, string? unit, string? dim, int elementCount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (repeat < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(repeat), "A column holds at least one element per row.");
        }

        if (type != 'A' && elementCount % repeat != 0)
        {
            throw new ArgumentException($"Column {name}: {elementCount} values do not make whole rows of {repeat}.", nameof(values));
        }

        Name = name;
        Type = type;
        Repeat = repeat;
        Values = values;
        Unit = unit;
        Dim = dim;
        RowCount = type == 'A' ? elementCount : elementCount / repeat;
    }

    /// <summary>TTYPEn.</summary>
    public string Name { get; }

    /// <summary>TFORM type code: L, B, I, J, K, A, E or D.</summary>
    public char Type { get; }

    /// <summary>Elements per row (characters for A).</summary>
    public int Repeat { get; }

    /// <summary>TUNITn, or null.</summary>
    public string? Unit { get; }

    /// <summary>TDIMn, e.g. "(10,20)", or null.</summary>
    public string? Dim { get; }

    /// <summary>Number of rows the values make.</summary>
    public long RowCount { get; }

    /// <summary>TFORMn, e.g. "1J" or "8A".</summary>
    public string Format => Repeat.ToString(CultureInfo.InvariantCulture) + Type;

    /// <summary>Bytes per row.</summary>
    public int Width => Repeat * Type switch
    {
        'L' or 'B' or 'A' => 1,
        'I' => 2,
        'J' or 'E' => 4,
        _ => 8,
    };

    internal Array Values { get; }

    public static FitsTableColumn Logical(string name, bool[] values, int repeat = 1) =>
        new(name, 'L', repeat, values, null, null, values.Length);

    public static FitsTableColumn Byte(string name, byte[] values, string? unit = null, int repeat = 1) =>
        new(name, 'B', repeat, values, unit, null, values.Length);

    public static FitsTableColumn Int16(string name, short[] values, string? unit = null, int repeat = 1) =>
        new(name, 'I', repeat, values, unit, null, values.Length);

    public static FitsTableColumn Int32(string name, int[] values, string? unit = null, int repeat = 1) =>
        new(name, 'J', repeat, values, unit, null, values.Length);

    public static FitsTableColumn Int64(string name, long[] values, string? unit = null, int repeat = 1) =>
        new(name, 'K', repeat, values, unit, null, values.Length);

    public static FitsTableColumn Float32(string name, float[] values, string? unit = null, int repeat = 1, string? dim = null) =>
        new(name, 'E', repeat, values, unit, dim, values.Length);

    public static FitsTableColumn Float64(string name, double[] values, string? unit = null, int repeat = 1, string? dim = null) =>
        new(name, 'D', repeat, values, unit, dim, values.Length);

    /// <summary>A character column of fixed <paramref name="width"/>; values are ASCII, blank-padded, and must fit.</summary>
    public static FitsTableColumn Text(string name, string[] values, int width, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var v in values)
        {
            if (v.Length > width || v.Any(c => c < 32 || c > 126))
            {
                throw new ArgumentException($"Column {name}: '{v}' is not printable ASCII of at most {width} characters.", nameof(values));
            }
        }

        return new FitsTableColumn(name, 'A', width, values, unit, null, values.Length);
    }
}

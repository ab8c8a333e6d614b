namespace VoServices.Fits;

/// <summary>One row of a <see cref="FitsBinTable"/>, for per-cell access by column name or object.</summary>
public sealed class FitsTableRow
{
    private readonly FitsBinTable _table;
    private readonly byte[] _bytes;

    internal FitsTableRow(FitsBinTable table, byte[] bytes)
    {
        _table = table;
        _bytes = bytes;
    }

    /// <summary>Element <paramref name="element"/> of a numeric cell as a physical value (TSCAL/TZERO applied, TNULL → NaN).</summary>
    public double GetDouble(FitsColumn column, int element = 0)
    {
        ArgumentNullException.ThrowIfNull(column);
        FitsBinTable.CheckReadable(column);
        if ((uint)element >= (uint)column.Repeat)
        {
            throw new ArgumentOutOfRangeException(nameof(element));
        }

        Span<double> values = column.Repeat <= 64 ? stackalloc double[column.Repeat] : new double[column.Repeat];
        FitsBinTable.DecodeNumbers(column, _bytes.AsSpan(column.Offset, column.Width), values);
        return values[element];
    }

    /// <inheritdoc cref="GetDouble(FitsColumn, int)"/>
    public double GetDouble(string column, int element = 0) => GetDouble(_table.Column(column), element);

    /// <summary>An integer cell (B, I, J, K; TSCAL/TZERO applied); a TNULL or non-integral value is a <see cref="FitsFormatException"/>.</summary>
    public long GetLong(FitsColumn column, int element = 0)
    {
        var d = GetDouble(column, element);
        if (double.IsNaN(d) || d != Math.Floor(d))
        {
            throw new FitsFormatException($"Column '{column.Name}' holds {d}, not an integer.");
        }

        return (long)d;
    }

    /// <inheritdoc cref="GetLong(FitsColumn, int)"/>
    public long GetLong(string column, int element = 0) => GetLong(_table.Column(column), element);

    /// <summary>A character cell, trailing blanks removed.</summary>
    public string GetString(FitsColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Type != 'A')
        {
            throw new FitsFormatException($"Column '{column.Name}' has TFORM {column.Format}, which is not a character column.");
        }

        return FitsBinTable.DecodeString(_bytes.AsSpan(column.Offset, column.Width));
    }

    /// <inheritdoc cref="GetString(FitsColumn)"/>
    public string GetString(string column) => GetString(_table.Column(column));

    /// <summary>A logical (L) cell: true for 'T', false for 'F', null for an undefined (0) byte.</summary>
    public bool? GetBool(FitsColumn column, int element = 0)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Type != 'L')
        {
            throw new FitsFormatException($"Column '{column.Name}' has TFORM {column.Format}, which is not logical.");
        }

        return _bytes[column.Offset + element] switch
        {
            (byte)'T' => true,
            (byte)'F' => false,
            _ => null,
        };
    }

    /// <inheritdoc cref="GetBool(FitsColumn, int)"/>
    public bool? GetBool(string column, int element = 0) => GetBool(_table.Column(column), element);
}

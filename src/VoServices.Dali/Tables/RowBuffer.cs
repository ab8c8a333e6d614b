using VoServices.Dali.Votable;

namespace VoServices.Dali.Tables;

/// <summary>
/// One row's values, reused from row to row so writing allocates nothing per cell: each column uses
/// the slot of its <see cref="CellKind"/> (long, double, string or double[]), plus a null flag.
/// </summary>
public sealed class RowBuffer
{
    private readonly bool[] _null;
    private readonly long[] _longs;
    private readonly double[] _doubles;
    private readonly string?[] _strings;
    private readonly double[]?[] _arrays;

    public RowBuffer(int columns)
    {
        _null = new bool[columns];
        _longs = new long[columns];
        _doubles = new double[columns];
        _strings = new string?[columns];
        _arrays = new double[]?[columns];
    }

    public int Count => _null.Length;

    public void SetNull(int column) => _null[column] = true;

    public void SetLong(int column, long value)
    {
        _null[column] = false;
        _longs[column] = value;
    }

    public void SetBoolean(int column, bool value) => SetLong(column, value ? 1 : 0);

    public void SetDouble(int column, double value)
    {
        _null[column] = false;
        _doubles[column] = value;
    }

    public void SetString(int column, string? value)
    {
        _null[column] = value is null;
        _strings[column] = value;
    }

    public void SetArray(int column, double[]? value)
    {
        _null[column] = value is null;
        _arrays[column] = value;
    }

    public bool IsNull(int column) => _null[column];

    public long GetLong(int column) => _longs[column];

    public double GetDouble(int column) => _doubles[column];

    public string GetString(int column) => _strings[column] ?? "";

    public double[] GetArray(int column) => _arrays[column] ?? [];
}

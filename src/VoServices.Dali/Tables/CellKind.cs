using VoServices.Dali.Votable;

namespace VoServices.Dali.Tables;

/// <summary>How a column's values are held in a <see cref="RowBuffer"/> and encoded by the writers.</summary>
public enum CellKind
{
    /// <summary>Scalar boolean (held as 0/1 in the long slot).</summary>
    Boolean,

    /// <summary>Scalar unsignedByte, short, int or long (long slot).</summary>
    Integer,

    /// <summary>Scalar float or double (double slot).</summary>
    Real,

    /// <summary>char or unicodeChar, scalar or array (string slot).</summary>
    Text,

    /// <summary>Numeric array of any numeric datatype (double[] slot; converted on write).</summary>
    NumericArray,
}

/// <summary>Maps VOTable datatype and arraysize to a <see cref="CellKind"/>.</summary>
public static class CellKinds
{
    public static CellKind Of(string datatype, string? arraysize)
    {
        ArgumentNullException.ThrowIfNull(datatype);
        var isArray = !string.IsNullOrEmpty(arraysize);
        return datatype switch
        {
            "char" or "unicodeChar" => CellKind.Text,
            "boolean" when !isArray => CellKind.Boolean,
            "unsignedByte" or "short" or "int" or "long" => isArray ? CellKind.NumericArray : CellKind.Integer,
            "float" or "double" => isArray ? CellKind.NumericArray : CellKind.Real,
            _ => throw new ArgumentException($"VOTable datatype '{datatype}' with arraysize '{arraysize}' is not supported by the writers", nameof(datatype)),
        };
    }

    /// <summary>Bytes per element in binary serialisations.</summary>
    public static int ElementSize(string datatype) => datatype switch
    {
        "boolean" or "unsignedByte" or "char" => 1,
        "short" or "unicodeChar" => 2,
        "int" or "float" => 4,
        "long" or "double" => 8,
        _ => throw new ArgumentException($"unsupported datatype '{datatype}'", nameof(datatype)),
    };

    /// <summary>The fixed element count of an arraysize like <c>3</c> or <c>2x3</c>, or null when variable (<c>*</c>, <c>10*</c>).</summary>
    public static int? FixedCount(string? arraysize)
    {
        if (string.IsNullOrEmpty(arraysize))
        {
            return 1;
        }

        if (arraysize.EndsWith('*'))
        {
            return null;
        }

        var count = 1;
        foreach (var part in arraysize.Split('x'))
        {
            count *= int.Parse(part, System.Globalization.CultureInfo.InvariantCulture);
        }

        return count;
    }

    /// <summary>The upper bound of a bounded variable arraysize (<c>10*</c> gives 10), else null.</summary>
    public static int? VariableBound(string? arraysize) =>
        arraysize is { Length: > 1 } a && a.EndsWith('*') && !a.Contains('x', StringComparison.Ordinal)
            ? int.Parse(a.AsSpan(0, a.Length - 1), System.Globalization.CultureInfo.InvariantCulture)
            : null;
}

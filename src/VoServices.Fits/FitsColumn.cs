namespace VoServices.Fits;

/// <summary>
/// A column of a BINTABLE as its header describes it.
/// </summary>
/// <param name="Index">0-based column number (TTYPE1 is 0).</param>
/// <param name="Name">TTYPEn without trailing blanks (empty when absent).</param>
/// <param name="Format">TFORMn as written.</param>
/// <param name="Type">The TFORM type code: L X B I J K A E D C M P Q.</param>
/// <param name="Repeat">The repeat count (characters for A, bits for X).</param>
/// <param name="Unit">TUNITn, or null.</param>
/// <param name="Dim">TDIMn axes (fastest first), or null.</param>
/// <param name="Scale">TSCALn (1 when absent).</param>
/// <param name="Zero">TZEROn (0 when absent).</param>
/// <param name="Null">TNULLn for integer columns, or null.</param>
/// <param name="Offset">Byte offset of the column within a row.</param>
/// <param name="Width">Bytes per row.</param>
public sealed record FitsColumn(
    int Index,
    string Name,
    string Format,
    char Type,
    int Repeat,
    string? Unit,
    long[]? Dim,
    double Scale,
    double Zero,
    long? Null,
    int Offset,
    int Width)
{
    /// <summary>True for the numeric types B, I, J, K, E, D.</summary>
    public bool IsNumeric => Type is 'B' or 'I' or 'J' or 'K' or 'E' or 'D';

    /// <summary>True for variable-length array descriptors (P, Q), which this reader does not read.</summary>
    public bool IsVariableLength => Type is 'P' or 'Q';
}

using VoServices.Dali.Votable;

namespace VoServices.Dali.Tables;

/// <summary>Text forms of values shared by TABLEDATA, CSV and TSV (DALI serialisation of arrays).</summary>
public static class TableText
{
    /// <summary>Array elements separated by single blanks (DALI point: "lon lat").</summary>
    public static void WriteArray(Utf8Output output, ReadOnlySpan<double> values, bool integral, bool asFloat)
    {
        ArgumentNullException.ThrowIfNull(output);
        for (var k = 0; k < values.Length; k++)
        {
            if (k > 0)
            {
                output.WriteByte((byte)' ');
            }

            if (integral)
            {
                output.WriteInteger((long)values[k]);
            }
            else
            {
                output.WriteReal(values[k], asFloat);
            }
        }
    }
}

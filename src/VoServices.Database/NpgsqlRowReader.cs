using System.Globalization;
using Npgsql;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Database;

/// <summary>
/// Copies the current row of an <see cref="NpgsqlDataReader"/> into a <see cref="RowBuffer"/>, choosing
/// once per column (from the database type and the FIELD) a typed getter, so rows are read without
/// boxing. Timestamps become DALI text (<c>YYYY-MM-DDThh:mm:ss.sss</c>, UTC).
/// </summary>
public sealed class NpgsqlRowReader
{
    private readonly Action<NpgsqlDataReader, RowBuffer, int>[] _readers;

    public NpgsqlRowReader(NpgsqlDataReader reader, IReadOnlyList<VotableField> fields)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fields);
        if (reader.FieldCount != fields.Count)
        {
            throw new InvalidOperationException($"the query returned {reader.FieldCount} columns but {fields.Count} were described");
        }

        _readers = new Action<NpgsqlDataReader, RowBuffer, int>[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            _readers[i] = Choose(reader.GetDataTypeName(i), fields[i].Kind);
        }
    }

    public void Read(NpgsqlDataReader reader, RowBuffer row)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(row);
        for (var i = 0; i < _readers.Length; i++)
        {
            if (reader.IsDBNull(i))
            {
                row.SetNull(i);
            }
            else
            {
                _readers[i](reader, row, i);
            }
        }
    }

    public static string FormatTimestamp(DateTime value) =>
        value.ToString(value.Millisecond == 0 && value.Microsecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);

    private static Action<NpgsqlDataReader, RowBuffer, int> Choose(string pgType, CellKind kind)
    {
        // Strip typmods: "character varying(20)", "numeric(10,2)", "timestamp(3) without time zone".
        var type = pgType;
        var paren = type.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            var close = type.IndexOf(')', paren);
            type = (type[..paren] + (close >= 0 ? type[(close + 1)..] : "")).Trim();
        }

        return (kind, type) switch
        {
            (CellKind.Boolean, "boolean") => (r, row, i) => row.SetBoolean(i, r.GetBoolean(i)),
            (CellKind.Integer, "smallint") => (r, row, i) => row.SetLong(i, r.GetInt16(i)),
            (CellKind.Integer, "integer") => (r, row, i) => row.SetLong(i, r.GetInt32(i)),
            (CellKind.Integer, "bigint") => (r, row, i) => row.SetLong(i, r.GetInt64(i)),
            (CellKind.Integer, "boolean") => (r, row, i) => row.SetLong(i, r.GetBoolean(i) ? 1 : 0),
            (CellKind.Integer, "numeric") => (r, row, i) => row.SetLong(i, (long)decimal.Round(r.GetDecimal(i))),
            (CellKind.Integer, "real" or "double precision") => (r, row, i) => row.SetLong(i, (long)Math.Round(r.GetDouble(i))),
            (CellKind.Real, "double precision") => (r, row, i) => row.SetDouble(i, r.GetDouble(i)),
            (CellKind.Real, "real") => (r, row, i) => row.SetDouble(i, r.GetFloat(i)),
            (CellKind.Real, "smallint") => (r, row, i) => row.SetDouble(i, r.GetInt16(i)),
            (CellKind.Real, "integer") => (r, row, i) => row.SetDouble(i, r.GetInt32(i)),
            (CellKind.Real, "bigint") => (r, row, i) => row.SetDouble(i, r.GetInt64(i)),
            (CellKind.Real, "numeric") => (r, row, i) => row.SetDouble(i, (double)r.GetDecimal(i)),
            (CellKind.Text, "text" or "character varying" or "character" or "name" or "\"char\"" or "bpchar" or "varchar") =>
                (r, row, i) => row.SetString(i, r.GetString(i)),
            (CellKind.Text, "timestamp without time zone") => (r, row, i) => row.SetString(i, FormatTimestamp(r.GetDateTime(i))),
            (CellKind.Text, "timestamp with time zone") => (r, row, i) => row.SetString(i, FormatTimestamp(r.GetDateTime(i).ToUniversalTime())),
            (CellKind.Text, "date") => (r, row, i) => row.SetString(i, r.GetFieldValue<DateOnly>(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            (CellKind.Text, "boolean") => (r, row, i) => row.SetString(i, r.GetBoolean(i) ? "true" : "false"),
            (CellKind.Text, "double precision" or "real") => (r, row, i) => row.SetString(i, r.GetDouble(i).ToString("R", CultureInfo.InvariantCulture)),
            (CellKind.Text, _) => (r, row, i) => row.SetString(i, Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)),
            (CellKind.NumericArray, "double precision[]") => (r, row, i) => row.SetArray(i, r.GetFieldValue<double[]>(i)),
            (CellKind.NumericArray, "real[]") => (r, row, i) => row.SetArray(i, Array.ConvertAll(r.GetFieldValue<float[]>(i), v => (double)v)),
            (CellKind.NumericArray, "integer[]") => (r, row, i) => row.SetArray(i, Array.ConvertAll(r.GetFieldValue<int[]>(i), v => (double)v)),
            (CellKind.NumericArray, "bigint[]") => (r, row, i) => row.SetArray(i, Array.ConvertAll(r.GetFieldValue<long[]>(i), v => (double)v)),
            (CellKind.NumericArray, "smallint[]") => (r, row, i) => row.SetArray(i, Array.ConvertAll(r.GetFieldValue<short[]>(i), v => (double)v)),
            (CellKind.NumericArray, "numeric[]") => (r, row, i) => row.SetArray(i, Array.ConvertAll(r.GetFieldValue<decimal[]>(i), v => (double)v)),
            (CellKind.NumericArray, "bytea") => (r, row, i) => row.SetArray(i, Array.ConvertAll(r.GetFieldValue<byte[]>(i), v => (double)v)),
            _ => throw new InvalidOperationException($"cannot write a database value of type {pgType} as a {kind} column"),
        };
    }
}

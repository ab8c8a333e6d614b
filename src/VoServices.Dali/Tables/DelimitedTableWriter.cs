using System.IO.Pipelines;

using VoServices.Dali.Votable;

namespace VoServices.Dali.Tables;

/// <summary>
/// CSV (RFC 4180, header line of column names) or TSV (tab-separated, tabs and line breaks in values
/// turned into blanks). Nulls are empty cells; arrays are blank-separated numbers as in DALI.
/// These formats cannot say OVERFLOW or ERROR; callers that must signal a late failure abort the stream.
/// </summary>
public sealed class DelimitedTableWriter(PipeWriter output, char separator) : ITableWriter
{
    private readonly Utf8Output _out = new(output);
    private VotableField[] _fields = [];

    public static DelimitedTableWriter Csv(PipeWriter output) => new(output, ',');

    public static DelimitedTableWriter Tsv(PipeWriter output) => new(output, '\t');

    public async ValueTask BeginAsync(TableDescription table, TableEndStatus leadingStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        _fields = table.Fields.ToArray();
        for (var i = 0; i < _fields.Length; i++)
        {
            if (i > 0)
            {
                _out.WriteByte((byte)separator);
            }

            WriteText(_fields[i].Name);
        }

        _out.Write("\r\n");
        await _out.FlushAsync(cancellationToken);
    }

    public ValueTask WriteRowAsync(RowBuffer row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        for (var i = 0; i < _fields.Length; i++)
        {
            if (i > 0)
            {
                _out.WriteByte((byte)separator);
            }

            if (row.IsNull(i))
            {
                continue;
            }

            var field = _fields[i];
            switch (field.Kind)
            {
                case CellKind.Boolean:
                    _out.Write(row.GetLong(i) != 0 ? "true" : "false");
                    break;
                case CellKind.Integer:
                    _out.WriteInteger(row.GetLong(i));
                    break;
                case CellKind.Real:
                    _out.WriteReal(row.GetDouble(i), field.Datatype == "float");
                    break;
                case CellKind.Text:
                    WriteText(row.GetString(i));
                    break;
                case CellKind.NumericArray:
                    TableText.WriteArray(_out, row.GetArray(i), field.Datatype is "unsignedByte" or "short" or "int" or "long", field.Datatype == "float");
                    break;
            }
        }

        _out.Write("\r\n");
        return _out.MaybeFlushAsync(cancellationToken);
    }

    public ValueTask EndAsync(TableEnd end, CancellationToken cancellationToken) => _out.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void WriteText(string text)
    {
        if (separator == '\t')
        {
            if (text.AsSpan().IndexOfAny('\t', '\n', '\r') < 0)
            {
                _out.Write(text);
                return;
            }

            _out.Write(text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' '));
            return;
        }

        var needsQuotes = text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '));
        if (!needsQuotes)
        {
            _out.Write(text);
            return;
        }

        _out.WriteByte((byte)'"');
        _out.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        _out.WriteByte((byte)'"');
    }
}

using System.Globalization;
using System.Text;

namespace VoServices.Hips;

/// <summary>
/// Point measurements as comma-separated text (tab-separated when the header has tabs and no commas):
/// a header line of column names, then one row per line; '#' lines are comments, quoted fields may
/// hold the separator, an empty field is null (NaN).
/// </summary>
internal sealed class CsvPointTable : PointTable
{
    private readonly StreamReader _text;
    private readonly int[] _columns;
    private readonly string[] _names;
    private readonly char _separator;
    private readonly List<string> _fields = [];
    private long _line;
    private long _row;

    private CsvPointTable(string path, StreamReader text, string[] names, int[] columns, char separator, long line)
        : base(path)
    {
        _text = text;
        _names = names;
        _columns = columns;
        _separator = separator;
        _line = line;
    }

    public override long RowCount => 0;

    public override string? Unit(int column) => null;

    public static new CsvPointTable Open(string path, IReadOnlyList<(string Name, string Option)> columns)
    {
        var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        try
        {
            long line = 0;
            string? header;
            do
            {
                header = text.ReadLine();
                line++;
            }
            while (header is not null && (header.StartsWith('#') || header.Trim().Length == 0));

            if (header is null)
            {
                throw new HealpixMapException($"{path}: no header line; a CSV points file starts with the column names.");
            }

            var separator = header.Contains(',', StringComparison.Ordinal) || !header.Contains('\t', StringComparison.Ordinal) ? ',' : '\t';
            var names = new List<string>();
            Split(header, separator, names);
            var found = Resolve(path, names, columns);
            return new CsvPointTable(path, text, [.. names], found, separator, line);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    public override int Read(Span<double> values, int maxRows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var n = 0;
        while (n < maxRows && _text.ReadLine() is { } line)
        {
            _line++;
            if (line.StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            _row++;
            Split(line, _separator, _fields);
            if (_fields.Count != _names.Length)
            {
                throw new HealpixMapException($"{Path}: line {_line} (row {_row}) has {_fields.Count} fields, the header {_names.Length}.");
            }

            for (var c = 0; c < _columns.Length; c++)
            {
                var field = _fields[_columns[c]].Trim();
                if (field.Length == 0)
                {
                    values[(n * _columns.Length) + c] = double.NaN;
                }
                else if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    values[(n * _columns.Length) + c] = v;
                }
                else
                {
                    throw new HealpixMapException($"{Path}: line {_line} (row {_row}): column '{_names[_columns[c]]}' holds '{field}', not a number.");
                }
            }

            n++;
        }

        return n;
    }

    public override void Dispose() => _text.Dispose();

    // RFC 4180 fields on one line: "" inside quotes is a quote.
    private static void Split(string line, char separator, List<string> fields)
    {
        fields.Clear();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
    }
}

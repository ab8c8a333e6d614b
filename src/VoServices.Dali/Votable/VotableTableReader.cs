using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Xml;

using VoServices.Dali.Tables;

namespace VoServices.Dali.Votable;

/// <summary>The VOTable is malformed or uses something the reader does not support; the message says what.</summary>
public sealed class VotableFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the first TABLE of a VOTable (any version) forward-only: <see cref="Fields"/> first, then
/// <see cref="ReadRows"/> one row at a time, from TABLEDATA, BINARY or BINARY2 (base64 streams).
/// Values come out as bool, long, double, string or double[] (numeric arrays), null for nulls
/// (empty cells, BINARY2 flags, VALUES/@null magic values, NaN stays NaN).
/// </summary>
public sealed class VotableTableReader : IDisposable
{
    private readonly XmlReader _xml;
    private readonly List<VotableField> _fields = [];
    private readonly List<string?> _nullValues = [];
    private string _serialization = "";

    private VotableTableReader(Stream stream)
    {
        _xml = XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        });
    }

    public IReadOnlyList<VotableField> Fields => _fields;

    /// <summary>
    /// Whether a file beginning with <paramref name="head"/> (its first bytes) is XML rather than text such as CSV: its
    /// first byte after white space and a UTF-8 byte-order mark is '&lt;'.
    /// </summary>
    public static bool LooksLikeXml(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
            {
                return b == '<';
            }
        }

        return false;
    }

    /// <summary>Reads up to the first table's data; throws <see cref="VotableFormatException"/> when there is none.</summary>
    public static VotableTableReader Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new VotableTableReader(stream);
        try
        {
            reader.ReadHeader();
            return reader;
        }
        catch (XmlException e)
        {
            reader.Dispose();
            throw NotWellFormed(e);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public IEnumerable<object?[]> ReadRows()
    {
        return _serialization switch
        {
            "" => [],
            "TABLEDATA" => Wrap(ReadTabledata()),
            "BINARY" or "BINARY2" => Wrap(ReadBinary(_serialization == "BINARY2")),
            _ => throw new VotableFormatException($"the {_serialization} serialisation is not supported; send TABLEDATA, BINARY or BINARY2"),
        };
    }

    public void Dispose() => _xml.Dispose();

    /// <summary>
    /// The XML error in the client's terms: .NET's messages go on to name its own settings
    /// ("set the DtdProcessing property on XmlReaderSettings"), so only their first sentence is kept.
    /// </summary>
    internal static VotableFormatException NotWellFormed(XmlException e)
    {
        var what = e.Message.Contains("DTD", StringComparison.Ordinal)
            ? "a DOCTYPE declaration is not allowed"
            : e.Message.Split(". ", 2)[0].TrimEnd('.');
        return new VotableFormatException(
            string.Create(CultureInfo.InvariantCulture, $"not well-formed XML at line {e.LineNumber}, position {e.LinePosition}: {what}"), e);
    }

    private IEnumerable<object?[]> Wrap(IEnumerable<object?[]> rows)
    {
        using var e = rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext())
                {
                    yield break;
                }
            }
            catch (XmlException x)
            {
                throw NotWellFormed(x);
            }
            catch (FormatException x)
            {
                throw new VotableFormatException(x.Message, x);
            }

            yield return e.Current;
        }
    }

    private void ReadHeader()
    {
        var sawVotable = false;
        var inTable = false;
        while (_xml.Read())
        {
            if (_xml.NodeType == XmlNodeType.EndElement && _xml.LocalName == "TABLE" && inTable)
            {
                return; // a table without DATA: no rows
            }

            if (_xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (_xml.LocalName)
            {
                case "VOTABLE":
                    sawVotable = true;
                    break;
                case "TABLE" when inTable:
                    throw new VotableFormatException("nested TABLE elements are not allowed");
                case "TABLE":
                    inTable = true;
                    break;
                case "FIELD" when inTable:
                    ReadField();
                    break;
                case "TABLEDATA" or "BINARY" or "BINARY2" or "FITS" when inTable:
                    if (_fields.Count == 0)
                    {
                        throw new VotableFormatException("the TABLE has no FIELD elements");
                    }

                    _serialization = _xml.LocalName;
                    return;
            }
        }

        throw new VotableFormatException(sawVotable ? "the VOTable contains no TABLE" : "this is not a VOTable (no VOTABLE element)");
    }

    private void ReadField()
    {
        var name = _xml.GetAttribute("name");
        var datatype = _xml.GetAttribute("datatype");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(datatype))
        {
            throw new VotableFormatException($"FIELD number {_fields.Count + 1} lacks a name or datatype");
        }

        var arraysize = _xml.GetAttribute("arraysize");
        if (arraysize == "1")
        {
            arraysize = null;
        }

        var field = new VotableField(name.Trim(), datatype.Trim())
        {
            Arraysize = arraysize,
            Unit = _xml.GetAttribute("unit"),
            Ucd = _xml.GetAttribute("ucd"),
            Utype = _xml.GetAttribute("utype"),
            Xtype = _xml.GetAttribute("xtype"),
        };
        try
        {
            _ = field.Kind;
            CellKinds.ElementSize(field.Datatype);
            CellKinds.FixedCount(field.Arraysize);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            throw new VotableFormatException($"FIELD '{name}': datatype '{datatype}' with arraysize '{arraysize}' is not supported", e);
        }

        string? nullValue = null;
        if (!_xml.IsEmptyElement)
        {
            var depth = _xml.Depth;
            _xml.Read();
            while (!(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth) && !_xml.EOF)
            {
                if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "VALUES")
                {
                    nullValue = _xml.GetAttribute("null");
                    _xml.Read();
                }
                else if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "DESCRIPTION")
                {
                    field = field with { Description = _xml.ReadElementContentAsString().Trim() };
                }
                else
                {
                    _xml.Read();
                }
            }
        }

        _fields.Add(field);
        _nullValues.Add(nullValue);
    }

    private IEnumerable<object?[]> ReadTabledata()
    {
        var cells = new List<string?>(_fields.Count);
        while (_xml.Read())
        {
            if (_xml.NodeType == XmlNodeType.EndElement && _xml.LocalName == "TABLEDATA")
            {
                yield break;
            }

            if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "TR")
            {
                continue;
            }

            cells.Clear();
            if (!_xml.IsEmptyElement)
            {
                var depth = _xml.Depth;
                _xml.Read();
                while (!(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth) && !_xml.EOF)
                {
                    if (_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "TD")
                    {
                        if (_xml.IsEmptyElement)
                        {
                            cells.Add(null);
                            _xml.Read();
                        }
                        else
                        {
                            // Leaves the reader on the node after </TD>.
                            cells.Add(_xml.ReadElementContentAsString());
                        }
                    }
                    else
                    {
                        _xml.Read();
                    }
                }
            }

            if (cells.Count != _fields.Count)
            {
                throw new VotableFormatException($"a TR has {cells.Count} TD cells but the table has {_fields.Count} FIELDs");
            }

            var row = new object?[_fields.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = ParseText(i, cells[i]);
            }

            yield return row;
        }
    }

    private object? ParseText(int i, string? text)
    {
        var field = _fields[i];
        if (text is null || (field.Kind != CellKind.Text && text.Trim().Length == 0))
        {
            return null;
        }

        if (_nullValues[i] is { } magic && text.Trim() == magic)
        {
            return null;
        }

        try
        {
            switch (field.Kind)
            {
                case CellKind.Boolean:
                    return text.Trim().ToUpperInvariant() switch
                    {
                        "T" or "TRUE" or "1" => true,
                        "F" or "FALSE" or "0" => false,
                        "?" => null,
                        _ => throw new FormatException($"'{text}' is not a boolean"),
                    };
                case CellKind.Integer:
                    return ParseInteger(text.Trim());
                case CellKind.Real:
                    return ParseReal(text.Trim());
                case CellKind.Text:
                    return text.Length == 0 ? null : text;
                default:
                    var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    return parts.Select(p => field.Datatype is "float" or "double" ? ParseReal(p) : ParseInteger(p)).ToArray();
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new VotableFormatException($"column '{field.Name}': '{DaliShorten(text)}' is not a valid {field.Datatype} value", e);
        }
    }

    private static long ParseInteger(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static double ParseReal(string text) => text switch
    {
        "NaN" or "nan" => double.NaN,
        "+Inf" or "Inf" or "inf" or "+inf" or "Infinity" => double.PositiveInfinity,
        "-Inf" or "-inf" or "-Infinity" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string DaliShorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private IEnumerable<object?[]> ReadBinary(bool binary2)
    {
        // <BINARY2><STREAM encoding="base64">...</STREAM></BINARY2>
        while (_xml.Read() && !(_xml.NodeType == XmlNodeType.Element && _xml.LocalName == "STREAM"))
        {
        }

        if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "STREAM")
        {
            throw new VotableFormatException("the binary DATA has no STREAM element");
        }

        if (_xml.GetAttribute("href") is not null)
        {
            throw new VotableFormatException("remote STREAM href is not supported; embed the data (encoding=\"base64\")");
        }

        if (!string.Equals(_xml.GetAttribute("encoding"), "base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new VotableFormatException("only base64-encoded STREAMs are supported");
        }

        var input = new Base64ContentReader(_xml);
        var flagBytes = binary2 ? (_fields.Count + 7) / 8 : 0;
        var flags = new byte[flagBytes];
        while (true)
        {
            if (binary2)
            {
                if (!input.TryRead(flags))
                {
                    yield break;
                }
            }
            else if (input.AtEnd())
            {
                yield break;
            }

            var row = new object?[_fields.Count];
            for (var i = 0; i < row.Length; i++)
            {
                var value = ReadBinaryCell(input, _fields[i]);
                var isNull = binary2 && (flags[i >> 3] & (0x80 >> (i & 7))) != 0;
                if (!isNull && _nullValues[i] is { } magic && value is long l && magic == l.ToString(CultureInfo.InvariantCulture))
                {
                    isNull = true;
                }

                row[i] = isNull ? null : value;
            }

            yield return row;
        }
    }

    private static object? ReadBinaryCell(Base64ContentReader input, VotableField field)
    {
        var count = CellKinds.FixedCount(field.Arraysize) ?? input.ReadInt32();
        var size = CellKinds.ElementSize(field.Datatype);
        var bytes = input.ReadExactly(count * size);
        switch (field.Kind)
        {
            case CellKind.Boolean:
                return bytes[0] switch
                {
                    (byte)'T' or (byte)'t' or (byte)'1' => true,
                    (byte)'F' or (byte)'f' or (byte)'0' => false,
                    _ => null,
                };
            case CellKind.Integer:
                return ReadInteger(bytes, field.Datatype);
            case CellKind.Real:
                return size == 4 ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadDoubleBigEndian(bytes);
            case CellKind.Text:
                string text;
                if (field.Datatype == "unicodeChar")
                {
                    var chars = new char[count];
                    for (var k = 0; k < count; k++)
                    {
                        chars[k] = (char)BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2 * k));
                    }

                    text = new string(chars);
                }
                else
                {
                    text = Encoding.UTF8.GetString(bytes);
                }

                var nul = text.IndexOf('\0', StringComparison.Ordinal);
                return nul >= 0 ? text[..nul] : text;
            default:
                var values = new double[count];
                for (var k = 0; k < count; k++)
                {
                    var cell = bytes.AsSpan(k * size, size);
                    values[k] = field.Datatype switch
                    {
                        "float" => BinaryPrimitives.ReadSingleBigEndian(cell),
                        "double" => BinaryPrimitives.ReadDoubleBigEndian(cell),
                        _ => ReadInteger(cell.ToArray(), field.Datatype),
                    };
                }

                return values;
        }
    }

    private static long ReadInteger(byte[] bytes, string datatype) => datatype switch
    {
        "unsignedByte" => bytes[0],
        "short" => BinaryPrimitives.ReadInt16BigEndian(bytes),
        "int" => BinaryPrimitives.ReadInt32BigEndian(bytes),
        _ => BinaryPrimitives.ReadInt64BigEndian(bytes),
    };

    /// <summary>Decoded bytes of a base64 STREAM element, read in chunks.</summary>
    private sealed class Base64ContentReader(XmlReader xml)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;
        private bool _done;

        public bool AtEnd() => !Fill(1);

        public bool TryRead(byte[] target)
        {
            if (!Fill(target.Length))
            {
                if (_end - _start == 0)
                {
                    return false;
                }

                throw new FormatException("the binary stream ends inside a row");
            }

            _buffer.AsSpan(_start, target.Length).CopyTo(target);
            _start += target.Length;
            return true;
        }

        public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(ReadExactly(4)) is var n and >= 0 and <= 100_000_000
            ? n
            : throw new FormatException("a variable-length array in the binary stream has an invalid length");

        public byte[] ReadExactly(int count)
        {
            var result = new byte[count];
            var copied = 0;
            while (copied < count)
            {
                if (!Fill(1))
                {
                    throw new FormatException("the binary stream ends inside a row");
                }

                var n = Math.Min(count - copied, _end - _start);
                _buffer.AsSpan(_start, n).CopyTo(result.AsSpan(copied));
                _start += n;
                copied += n;
            }

            return result;
        }

        private bool Fill(int needed)
        {
            if (_end - _start >= needed)
            {
                return true;
            }

            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            while (!_done && _end < needed)
            {
                var n = xml.ReadElementContentAsBase64(_buffer, _end, _buffer.Length - _end);
                if (n == 0)
                {
                    _done = true;
                }

                _end += n;
            }

            return _end - _start >= needed;
        }
    }
}

using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;

using VoServices.Dali.Tables;

namespace VoServices.Dali.Votable;

/// <summary>Row serialisations of <see cref="VotableWriter"/>.</summary>
public enum VotableSerialization
{
    Tabledata,
    Binary2,
}

/// <summary>
/// Streams a DALI result VOTable (1.4, namespace v1.3): one <c>RESOURCE type="results"</c> with
/// <c>INFO QUERY_STATUS</c> first, COOSYS, one TABLE in TABLEDATA or BINARY2 (base64), a trailing
/// QUERY_STATUS INFO after the table when it overflowed or failed, then any extra RESOURCEs
/// (service descriptors). Rows go straight to the pipe; nothing is buffered beyond 64 KiB.
/// </summary>
public sealed class VotableWriter : ITableWriter
{
    public const string Namespace = "http://www.ivoa.net/xml/VOTable/v1.3";
    private const int RawChunk = 48 * 1024; // a multiple of 3: base64 chunks need no padding

    private readonly Utf8Output _out;
    private readonly VotableSerialization _serialization;
    private TableDescription? _table;
    private ColumnCodec[] _codecs = [];
    private byte[] _raw = new byte[RawChunk * 2];
    private int _rawLength;
    private bool _begun;
    private bool _ended;

    public VotableWriter(PipeWriter output, VotableSerialization serialization)
    {
        _out = new Utf8Output(output);
        _serialization = serialization;
    }

    /// <summary>Bytes written so far (for UWS result sizes).</summary>
    /// <summary>
    /// Writes a complete DALI error document (QUERY_STATUS=ERROR, no table) and flushes it.
    /// </summary>
    public static async ValueTask WriteErrorDocumentAsync(PipeWriter output, string message, CancellationToken cancellationToken,
        IReadOnlyList<VotableInfo>? infos = null)
    {
        var o = new Utf8Output(output);
        WriteProlog(o);
        o.Write(" <RESOURCE type=\"results\">\n  <INFO name=\"QUERY_STATUS\" value=\"ERROR\">");
        o.WriteEscaped(message);
        o.Write("</INFO>\n");
        foreach (var info in infos ?? [])
        {
            WriteInfo(o, info, "  ");
        }

        o.Write(" </RESOURCE>\n</VOTABLE>\n");
        await o.FlushAsync(cancellationToken);
    }

    public async ValueTask BeginAsync(TableDescription table, TableEndStatus leadingStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (_begun)
        {
            throw new InvalidOperationException("BeginAsync was already called");
        }

        _begun = true;
        _table = table;
        _codecs = table.Fields.Select(f => new ColumnCodec(f)).ToArray();
        WriteProlog(_out);
        _out.Write(" <RESOURCE type=\"results\">\n  <INFO name=\"QUERY_STATUS\"");
        _out.WriteAttribute("value", leadingStatus == TableEndStatus.Overflow ? "OVERFLOW" : "OK");
        _out.Write("/>\n");
        foreach (var info in table.Infos)
        {
            WriteInfo(_out, info, "  ");
        }

        foreach (var coosys in table.CoordinateSystems)
        {
            _out.Write("  <COOSYS");
            _out.WriteAttribute("ID", coosys.Id);
            _out.WriteAttribute("system", coosys.System);
            _out.WriteAttribute("equinox", coosys.Equinox);
            _out.WriteAttribute("epoch", coosys.Epoch);
            _out.Write("/>\n");
        }

        _out.Write("  <TABLE");
        _out.WriteAttribute("name", table.Name);
        _out.Write(">\n");
        WriteDescription(_out, table.Description, "   ", "\n");

        foreach (var field in table.Fields)
        {
            WriteFieldElement(_out, "FIELD", field, null, "   ");
        }

        _out.Write(_serialization == VotableSerialization.Tabledata
            ? "   <DATA><TABLEDATA>\n"
            : "   <DATA><BINARY2><STREAM encoding=\"base64\">\n");
        await _out.FlushAsync(cancellationToken);
    }

    public ValueTask WriteRowAsync(RowBuffer row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_serialization == VotableSerialization.Tabledata)
        {
            WriteTabledataRow(row);
        }
        else
        {
            WriteBinary2Row(row);
        }

        return _out.MaybeFlushAsync(cancellationToken);
    }

    public async ValueTask EndAsync(TableEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (_ended)
        {
            return;
        }

        _ended = true;
        if (_serialization == VotableSerialization.Tabledata)
        {
            _out.Write("   </TABLEDATA></DATA>\n");
        }
        else
        {
            EncodeRaw(final: true);
            _out.Write("</STREAM></BINARY2></DATA>\n");
        }

        _out.Write("  </TABLE>\n");
        if (end.Status != TableEndStatus.Ok)
        {
            _out.Write("  <INFO name=\"QUERY_STATUS\"");
            _out.WriteAttribute("value", end.Status == TableEndStatus.Overflow ? "OVERFLOW" : "ERROR");
            if (end.Message is null)
            {
                _out.Write("/>\n");
            }
            else
            {
                _out.WriteByte((byte)'>');
                _out.WriteEscaped(end.Message);
                _out.Write("</INFO>\n");
            }
        }

        _out.Write(" </RESOURCE>\n");
        foreach (var resource in _table?.ExtraResources ?? [])
        {
            WriteResource(_out, resource);
        }

        _out.Write("</VOTABLE>\n");
        await _out.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void WriteProlog(Utf8Output o)
    {
        o.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE version=\"1.4\" xmlns=\"");
        o.Write(Namespace);
        o.Write("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
    }

    private static void WriteInfo(Utf8Output o, VotableInfo info, string indent)
    {
        o.Write(indent);
        o.Write("<INFO");
        o.WriteAttribute("name", info.Name);
        o.WriteAttribute("value", info.Value);
        o.WriteAttribute("ucd", info.Ucd);
        if (info.Content is null)
        {
            o.Write("/>\n");
            return;
        }

        o.WriteByte((byte)'>');
        o.WriteEscaped(info.Content);
        o.Write("</INFO>\n");
    }

    /// <summary>A DESCRIPTION element, when there is a description.</summary>
    private static void WriteDescription(Utf8Output o, string? description, string indent, string newline)
    {
        if (description is null)
        {
            return;
        }

        o.Write(indent + "<DESCRIPTION>");
        o.WriteEscaped(description);
        o.Write("</DESCRIPTION>" + newline);
    }

    private static void WriteFieldElement(Utf8Output o, string element, VotableField field, VotableParam? param, string indent)
    {
        o.Write(indent);
        o.Write("<");
        o.Write(element);
        o.WriteAttribute("name", field.Name);
        o.WriteAttribute("ID", field.Id);
        o.WriteAttribute("datatype", field.Datatype);
        o.WriteAttribute("arraysize", field.Arraysize);
        o.WriteAttribute("unit", field.Unit);
        o.WriteAttribute("ucd", field.Ucd);
        o.WriteAttribute("utype", field.Utype);
        o.WriteAttribute("xtype", field.Xtype);
        o.WriteAttribute("ref", param?.Ref ?? field.Ref);
        if (param is not null)
        {
            o.WriteAttribute("value", param.Value);
        }

        var hasValues = param is not null && (param.Options.Count > 0 || param.Min is not null || param.Max is not null);
        if (field.Description is null && !hasValues)
        {
            o.Write("/>\n");
            return;
        }

        o.Write(">");
        WriteDescription(o, field.Description, "", "");

        if (hasValues)
        {
            o.Write("<VALUES>");
            if (param!.Min is not null)
            {
                o.Write("<MIN");
                o.WriteAttribute("value", param.Min);
                o.Write("/>");
            }

            if (param.Max is not null)
            {
                o.Write("<MAX");
                o.WriteAttribute("value", param.Max);
                o.Write("/>");
            }

            foreach (var option in param.Options)
            {
                o.Write("<OPTION");
                o.WriteAttribute("value", option);
                o.Write("/>");
            }

            o.Write("</VALUES>");
        }

        o.Write("</");
        o.Write(element);
        o.Write(">\n");
    }

    private static void WriteResource(Utf8Output o, VotableResource resource)
    {
        o.Write(" <RESOURCE");
        o.WriteAttribute("type", resource.Type);
        o.WriteAttribute("ID", resource.Id);
        o.WriteAttribute("name", resource.Name);
        o.WriteAttribute("utype", resource.Utype);
        o.Write(">\n");
        WriteDescription(o, resource.Description, "  ", "\n");

        foreach (var info in resource.Infos)
        {
            WriteInfo(o, info, "  ");
        }

        foreach (var param in resource.Params)
        {
            WriteFieldElement(o, "PARAM", param.Field, param, "  ");
        }

        foreach (var group in resource.Groups)
        {
            o.Write("  <GROUP");
            o.WriteAttribute("name", group.Name);
            o.Write(">\n");
            WriteDescription(o, group.Description, "   ", "\n");

            foreach (var param in group.Params)
            {
                WriteFieldElement(o, "PARAM", param.Field, param, "   ");
            }

            foreach (var fieldRef in group.FieldRefs)
            {
                o.Write("   <FIELDref");
                o.WriteAttribute("ref", fieldRef);
                o.Write("/>\n");
            }

            o.Write("  </GROUP>\n");
        }

        o.Write(" </RESOURCE>\n");
    }

    private void WriteTabledataRow(RowBuffer row)
    {
        _out.Write("<TR>");
        for (var i = 0; i < _codecs.Length; i++)
        {
            if (row.IsNull(i))
            {
                _out.Write("<TD/>");
                continue;
            }

            _out.Write("<TD>");
            var codec = _codecs[i];
            switch (codec.Kind)
            {
                case CellKind.Boolean:
                    _out.WriteByte(row.GetLong(i) != 0 ? (byte)'T' : (byte)'F');
                    break;
                case CellKind.Integer:
                    _out.WriteInteger(row.GetLong(i));
                    break;
                case CellKind.Real:
                    _out.WriteReal(row.GetDouble(i), codec.IsFloat);
                    break;
                case CellKind.Text:
                    _out.WriteEscaped(row.GetString(i));
                    break;
                case CellKind.NumericArray:
                    TableText.WriteArray(_out, row.GetArray(i), codec.IsIntegral, codec.IsFloat);
                    break;
            }

            _out.Write("</TD>");
        }

        _out.Write("</TR>\n");
    }

    private void WriteBinary2Row(RowBuffer row)
    {
        var flagBytes = (_codecs.Length + 7) / 8;
        EnsureRaw(flagBytes);
        var flagsAt = _rawLength;
        _raw.AsSpan(flagsAt, flagBytes).Clear();
        _rawLength += flagBytes;
        for (var i = 0; i < _codecs.Length; i++)
        {
            var isNull = row.IsNull(i);
            if (isNull)
            {
                _raw[flagsAt + (i >> 3)] |= (byte)(0x80 >> (i & 7));
            }

            _codecs[i].WriteBinary(this, row, i, isNull);
        }

        if (_rawLength >= RawChunk)
        {
            EncodeRaw(final: false);
        }
    }

    private Span<byte> Reserve(int count)
    {
        EnsureRaw(count);
        var span = _raw.AsSpan(_rawLength, count);
        _rawLength += count;
        return span;
    }

    private void EnsureRaw(int count)
    {
        if (_rawLength + count > _raw.Length)
        {
            Array.Resize(ref _raw, Math.Max(_raw.Length * 2, _rawLength + count));
        }
    }

    /// <summary>Base64-encodes whole 3-byte groups of the raw buffer (all of it, padded, when final).</summary>
    private void EncodeRaw(bool final)
    {
        var take = final ? _rawLength : _rawLength - (_rawLength % 3);
        var offset = 0;
        while (offset < take)
        {
            var chunk = Math.Min(RawChunk, take - offset);
            var span = _out.GetSpan(Base64.GetMaxEncodedToUtf8Length(chunk) + 1);
            Base64.EncodeToUtf8(_raw.AsSpan(offset, chunk), span, out _, out var written, isFinalBlock: true);
            span[written] = (byte)'\n';
            _out.Advance(written + 1);
            offset += chunk;
        }

        var rest = _rawLength - take;
        _raw.AsSpan(take, rest).CopyTo(_raw);
        _rawLength = rest;
    }

    /// <summary>How one column is encoded, decided once per table from its datatype and arraysize.</summary>
    private sealed class ColumnCodec
    {
        private readonly string _datatype;
        private readonly int _elementSize;
        private readonly int? _fixedCount;
        private readonly int? _bound;

        public ColumnCodec(VotableField field)
        {
            Kind = field.Kind;
            _datatype = field.Datatype;
            _elementSize = CellKinds.ElementSize(field.Datatype);
            _fixedCount = CellKinds.FixedCount(field.Arraysize);
            _bound = CellKinds.VariableBound(field.Arraysize);
            IsFloat = field.Datatype == "float";
            IsIntegral = field.Datatype is "unsignedByte" or "short" or "int" or "long";
        }

        public CellKind Kind { get; }

        public bool IsFloat { get; }

        public bool IsIntegral { get; }

        public void WriteBinary(VotableWriter w, RowBuffer row, int i, bool isNull)
        {
            switch (Kind)
            {
                case CellKind.Boolean:
                    w.Reserve(1)[0] = isNull ? (byte)'?' : row.GetLong(i) != 0 ? (byte)'T' : (byte)'F';
                    break;
                case CellKind.Integer:
                    WriteInteger(w.Reserve(_elementSize), isNull ? 0 : row.GetLong(i));
                    break;
                case CellKind.Real:
                    WriteReal(w.Reserve(_elementSize), isNull ? double.NaN : row.GetDouble(i));
                    break;
                case CellKind.Text:
                    WriteText(w, isNull ? "" : row.GetString(i));
                    break;
                case CellKind.NumericArray:
                    WriteArray(w, isNull ? [] : row.GetArray(i));
                    break;
            }
        }

        private void WriteInteger(Span<byte> span, long value)
        {
            switch (_elementSize)
            {
                case 1: span[0] = unchecked((byte)value); break;
                case 2: BinaryPrimitives.WriteInt16BigEndian(span, unchecked((short)value)); break;
                case 4: BinaryPrimitives.WriteInt32BigEndian(span, unchecked((int)value)); break;
                default: BinaryPrimitives.WriteInt64BigEndian(span, value); break;
            }
        }

        private void WriteReal(Span<byte> span, double value)
        {
            if (_elementSize == 4)
            {
                BinaryPrimitives.WriteSingleBigEndian(span, (float)value);
            }
            else
            {
                BinaryPrimitives.WriteDoubleBigEndian(span, value);
            }
        }

        private void WriteText(VotableWriter w, string text)
        {
            var unicode = _datatype == "unicodeChar";
            if (_fixedCount is { } n)
            {
                var span = w.Reserve(n * _elementSize);
                span.Clear();
                if (unicode)
                {
                    for (var k = 0; k < Math.Min(n, text.Length); k++)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(span[(2 * k)..], text[k]);
                    }
                }
                else
                {
                    EncodeTruncated(text, span);
                }

                return;
            }

            if (unicode)
            {
                var count = _bound is { } b ? Math.Min(b, text.Length) : text.Length;
                var span = w.Reserve(4 + (2 * count));
                BinaryPrimitives.WriteInt32BigEndian(span, count);
                for (var k = 0; k < count; k++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(span[(4 + (2 * k))..], text[k]);
                }

                return;
            }

            var max = Encoding.UTF8.GetMaxByteCount(text.Length);
            w.EnsureRaw(4 + max);
            var target = w._raw.AsSpan(w._rawLength + 4, max);
            var bytes = _bound is { } limit && max > limit ? EncodeTruncated(text, target[..limit]) : Encoding.UTF8.GetBytes(text, target);
            BinaryPrimitives.WriteInt32BigEndian(w._raw.AsSpan(w._rawLength), bytes);
            w._rawLength += 4 + bytes;
        }

        /// <summary>UTF-8 bytes of as much of the text as fits, never splitting a character.</summary>
        private static int EncodeTruncated(string text, Span<byte> target)
        {
            Encoding.UTF8.GetEncoder().Convert(text, target, flush: true, out _, out var bytes, out _);
            return bytes;
        }

        private void WriteArray(VotableWriter w, double[] values)
        {
            int count;
            Span<byte> span;
            if (_fixedCount is { } n)
            {
                count = n;
                span = w.Reserve(n * _elementSize);
            }
            else
            {
                count = _bound is { } b ? Math.Min(b, values.Length) : values.Length;
                span = w.Reserve(4 + (count * _elementSize));
                BinaryPrimitives.WriteInt32BigEndian(span, count);
                span = span[4..];
            }

            for (var k = 0; k < count; k++)
            {
                var value = k < values.Length ? values[k] : IsIntegral ? 0 : double.NaN;
                var cell = span.Slice(k * _elementSize, _elementSize);
                if (IsIntegral)
                {
                    WriteInteger(cell, (long)value);
                }
                else
                {
                    WriteReal(cell, value);
                }
            }
        }
    }
}

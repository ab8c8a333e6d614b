using System.IO.Pipelines;
using System.Text;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Core.Tests.Votable;

public sealed class VotableRoundTripTests
{
    private static readonly VotableField[] Fields =
    [
        new("id", "long"),
        new("name", "char") { Arraysize = "*" },
        new("flux", "float") { Unit = "Jy" },
        new("ok", "boolean"),
        new("pos", "double") { Arraysize = "2", Xtype = "point" },
        new("poly", "double") { Arraysize = "*", Xtype = "polygon" },
        new("code", "short"),
        new("c9", "int"), new("c10", "int"),
    ];

    private static async Task<byte[]> WriteAsync(VotableSerialization serialization, int rows, TableEnd end)
    {
        var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        var writer = new VotableWriter(pipe, serialization);
        await writer.BeginAsync(new TableDescription(Fields), TableEndStatus.Ok, CancellationToken.None);
        var row = new RowBuffer(Fields.Length);
        for (var i = 0; i < rows; i++)
        {
            row.SetLong(0, i);
            row.SetString(1, i % 3 == 0 ? null : $"n<{i}>&ü");
            row.SetDouble(2, i == 1 ? double.NaN : i + 0.5);
            row.SetBoolean(3, i % 2 == 0);
            row.SetArray(4, [i, -i / 2.0]);
            row.SetArray(5, i % 2 == 0 ? [1, 2, 3, 4, 5, 6] : null);
            if (i % 4 == 0)
            {
                row.SetNull(6);
            }
            else
            {
                row.SetLong(6, -i);
            }

            row.SetLong(7, int.MaxValue);
            row.SetNull(8);
            await writer.WriteRowAsync(row, CancellationToken.None);
        }

        await writer.EndAsync(end, CancellationToken.None);
        await pipe.CompleteAsync();
        return stream.ToArray();
    }

    private static List<object?[]> Read(byte[] votable)
    {
        using var reader = VotableTableReader.Open(new MemoryStream(votable));
        Assert.Equal(Fields.Select(f => (f.Name, f.Datatype, f.Arraysize, f.Xtype)), reader.Fields.Select(f => (f.Name, f.Datatype, f.Arraysize, f.Xtype)));
        return reader.ReadRows().ToList();
    }

    [Fact]
    public async Task Binary2_and_tabledata_carry_the_same_values_and_nulls()
    {
        var td = Read(await WriteAsync(VotableSerialization.Tabledata, 1000, TableEnd.Ok));
        var b2 = Read(await WriteAsync(VotableSerialization.Binary2, 1000, TableEnd.Ok));
        Assert.Equal(1000, td.Count);
        for (var i = 0; i < td.Count; i++)
        {
            Assert.Equal(td[i][0], b2[i][0]);
            Assert.Equal(td[i][1], b2[i][1]);
            Assert.Equal(td[i][3], b2[i][3]);
            Assert.Equal((double[])td[i][4]!, (double[])b2[i][4]!);
            Assert.Equal(td[i][6], b2[i][6]);
            Assert.Null(b2[i][8]);
        }

        Assert.Null(b2[3][1]);
        Assert.Equal("n<4>&ü", td[4][1]);
        Assert.True(double.IsNaN((double)b2[1][2]!));
        Assert.Null(b2[1][5]);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], (double[])b2[2][5]!);
        Assert.Null(b2[4][6]);
        Assert.Equal(-5L, b2[5][6]);
    }

    [Fact]
    public async Task Overflow_is_written_after_the_table_and_ok_before_it()
    {
        var xml = Encoding.UTF8.GetString(await WriteAsync(VotableSerialization.Tabledata, 2, TableEnd.Overflow));
        var ok = xml.IndexOf("value=\"OK\"", StringComparison.Ordinal);
        var table = xml.IndexOf("</TABLE>", StringComparison.Ordinal);
        var overflow = xml.IndexOf("value=\"OVERFLOW\"", StringComparison.Ordinal);
        Assert.True(ok >= 0 && ok < table && table < overflow);
    }

    [Fact]
    public async Task Service_descriptor_resources_follow_the_results()
    {
        var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        var writer = new VotableWriter(pipe, VotableSerialization.Tabledata);
        var descriptor = VotableResource.ServiceDescriptor("soda", "http://x/soda", "ivo://ivoa.net/std/SODA#sync-1.0",
            [new VotableGroup("inputParams") { Params = [new VotableParam(new VotableField("ID", "char") { Arraysize = "*" }, "") { Ref = "id" }] }]);
        await writer.BeginAsync(new TableDescription([new VotableField("id", "char") { Arraysize = "*", Id = "id" }]) { ExtraResources = [descriptor] },
            TableEndStatus.Ok, CancellationToken.None);
        await writer.EndAsync(TableEnd.Ok, CancellationToken.None);
        await pipe.CompleteAsync();
        var xml = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("<RESOURCE type=\"meta\" ID=\"soda\" utype=\"adhoc:service\">", xml, StringComparison.Ordinal);
        Assert.Contains("<PARAM name=\"ID\" datatype=\"char\" arraysize=\"*\" ref=\"id\" value=\"\"/>", xml, StringComparison.Ordinal);
        Assert.True(xml.IndexOf("</RESOURCE>", StringComparison.Ordinal) < xml.IndexOf("adhoc:service", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE VOTABLE [<!ENTITY x \"y\">]><VOTABLE/>", "a DOCTYPE declaration is not allowed")]
    [InlineData("<VOTABLE><RESOURCE></VOTABLE>", "not well-formed XML at line 1")]
    public void Malformed_upload_is_described_without_naming_the_xml_library(string votable, string expected)
    {
        var e = Assert.Throws<VotableFormatException>(() => VotableTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(votable))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("XmlReaderSettings", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("property", e.Message, StringComparison.Ordinal);
    }
}

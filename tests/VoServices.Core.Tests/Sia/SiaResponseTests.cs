using System.IO.Pipelines;
using System.Xml.Linq;
using VoServices.Adql;
using VoServices.Adql.Metadata;
using VoServices.Dali;
using VoServices.Datalink;
using VoServices.Products;
using VoServices.Sia;
using VoServices.Database;
using VoServices.Tap;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Core.Tests.Sia;

public sealed class SiaResponseTests
{
    private static readonly XNamespace V = VotableWriter.Namespace;

    private static readonly OutputColumn[] Columns =
    [
        new("dataproduct_type", "char") { Arraysize = "*", Ucd = "meta.code.class", Utype = "obscore:ObsDataset.dataProductType" },
        new("obs_publisher_did", "char") { Arraysize = "*", Ucd = "meta.ref.ivoid", Utype = "obscore:Curation.publisherDID" },
        new("s_ra", "double") { Unit = "deg", Ucd = "pos.eq.ra", Utype = "obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1" },
        new("s_region", "char") { Arraysize = "*", Xtype = "adql:REGION", Ucd = "pos.outline;obs.field" },
    ];

    private static readonly SiaValues Values = new(["demo", "tests"], ["VLA"], null, ["2", "3"], ["image/fits"]);

    private static async Task<XDocument> WriteAsync(TableDescription table)
    {
        var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        var writer = new VotableWriter(pipe, VotableSerialization.Tabledata);
        await writer.BeginAsync(table, TableEndStatus.Overflow, CancellationToken.None);
        await writer.EndAsync(TableEnd.Overflow, CancellationToken.None);
        await pipe.CompleteAsync();
        stream.Position = 0;
        return XDocument.Load(stream);
    }

    [Fact]
    public void Select_is_the_translation_of_select_star_with_fields_from_tap_schema()
    {
        var catalog = new SchemaCatalog([new TableInfo("ivoa.obscore",
        [
            new ColumnInfo("obs_publisher_did", "char") { Arraysize = "*", Ucd = "meta.ref.ivoid" },
            new ColumnInfo("s_ra", "double") { Unit = "deg", Ucd = "pos.eq.ra" },
            new ColumnInfo("s_region", "char") { Arraysize = "*", Xtype = "adql:REGION", Ucd = "pos.outline;obs.field" },
            new ColumnInfo("p", "double") { Arraysize = "2", Xtype = "point" },
            new ColumnInfo("\"size\"", "int"),
        ])]);
        var (sql, fields) = SiaResponse.Select(catalog);
        Assert.Equal(AdqlTranslator.Translate("SELECT * FROM ivoa.obscore", catalog).Sql, sql);
        Assert.Contains("adql_stcs(", sql, StringComparison.Ordinal);
        Assert.Contains("adql_dali_point(", sql, StringComparison.Ordinal);
        Assert.Equal(["obs_publisher_did", "s_ra", "s_region", "p", "size"], fields.Select(f => f.Name));
        Assert.Equal(("deg", "pos.eq.ra", "icrs"), (fields[1].Unit, fields[1].Ucd, fields[1].Ref));
        Assert.Equal(("adql:REGION", "*"), (fields[2].Xtype, fields[2].Arraysize));
        Assert.Equal("obs_publisher_did", fields[0].Id);
    }

    [Fact]
    public void Fields_keep_the_tap_schema_metadata_and_give_the_publisher_did_its_id()
    {
        var fields = SiaResponse.Fields(Columns);
        Assert.Equal(Columns.Select(c => (c.Name, c.Datatype, c.Unit, c.Ucd, c.Utype, c.Xtype)), fields.Select(f => (f.Name, f.Datatype, f.Unit, f.Ucd, f.Utype, f.Xtype)));
        Assert.Equal(DatalinkDescriptors.PublisherDidFieldId, fields.Single(f => f.Name == "obs_publisher_did").Id);
        Assert.Equal([null, "obs_publisher_did", null, null], fields.Select(f => f.Id));
        Assert.Equal(VotableCoosys.Icrs.Id, fields.Single(f => f.Name == "s_ra").Ref);
    }

    [Fact]
    public async Task Response_carries_standard_id_coosys_and_the_datalink_soda_and_self_descriptors()
    {
        var table = SiaResponse.Describe(SiaResponse.Fields(Columns), "http://vo.example.org/", Values, new SiaOptions());
        var doc = await WriteAsync(table);

        var results = doc.Root!.Elements(V + "RESOURCE").First();
        Assert.Equal("results", (string?)results.Attribute("type"));
        Assert.Contains(results.Elements(V + "INFO"), i => (string?)i.Attribute("name") == "standardID" && (string?)i.Attribute("value") == SiaResponse.StandardId);
        Assert.Equal("ICRS", (string?)results.Element(V + "COOSYS")!.Attribute("system"));
        Assert.Equal("obs_publisher_did", (string?)results.Descendants(V + "FIELD").Single(f => (string?)f.Attribute("name") == "obs_publisher_did").Attribute("ID"));

        var meta = doc.Root.Elements(V + "RESOURCE").Where(r => (string?)r.Attribute("type") == "meta").ToList();
        Assert.Equal(4, meta.Count);
        string? Standard(XElement r) => (string?)r.Elements(V + "PARAM").Single(p => (string?)p.Attribute("name") == "standardID").Attribute("value");
        string? Access(XElement r) => (string?)r.Elements(V + "PARAM").Single(p => (string?)p.Attribute("name") == "accessURL").Attribute("value");
        Assert.Equal([DatalinkDescriptors.LinksStandardId, DatalinkDescriptors.SodaSyncStandardId, DatalinkDescriptors.SodaAsyncStandardId, SiaResponse.StandardId], meta.Select(Standard));
        Assert.Equal(["http://vo.example.org/datalink/links", "http://vo.example.org/soda/sync", "http://vo.example.org/soda/async", "http://vo.example.org/sia/query"], meta.Select(Access));
        Assert.All(meta, r => Assert.Equal("adhoc:service", (string?)r.Attribute("utype")));

        // The DataLink and SODA ID inputs take their values from the obs_publisher_did FIELD.
        foreach (var descriptor in meta.Take(3))
        {
            var id = descriptor.Descendants(V + "PARAM").Single(p => (string?)p.Attribute("name") == "ID");
            Assert.Equal("obs_publisher_did", (string?)id.Attribute("ref"));
        }

        var self = meta[3];
        Assert.Equal("this", (string?)self.Attribute("name"));
        Assert.Null(self.Attribute("ID"));
    }

    [Fact]
    public async Task Self_descriptor_lists_every_sia_input_with_units_and_cached_options()
    {
        var self = SiaResponse.SelfDescriptor("http://h/sia/query", Values, new SiaOptions { DefaultMaxrec = 7, HardMaxrec = 70 });
        var doc = await WriteAsync(new TableDescription([new VotableField("x", "int")]) { ExtraResources = [self] });
        var inputs = doc.Descendants(V + "GROUP").Single(g => (string?)g.Attribute("name") == "inputParams").Elements(V + "PARAM").ToList();
        Assert.Equal(["POS", "BAND", "TIME", "POL", "FOV", "SPATRES", "EXPTIME", "TIMERES", "SPECRP", "ID", "COLLECTION", "FACILITY",
            "INSTRUMENT", "DPTYPE", "CALIB", "TARGET", "FORMAT", "MAXREC", "RESPONSEFORMAT"], inputs.Select(p => (string?)p.Attribute("name")));
        XElement Input(string name) => inputs.Single(p => (string?)p.Attribute("name") == name);
        string[] Options(string name) => Input(name).Descendants(V + "OPTION").Select(o => (string)o.Attribute("value")!).ToArray();

        Assert.Equal(("m", "interval", "double", "2"), ((string?)Input("BAND").Attribute("unit"), (string?)Input("BAND").Attribute("xtype"),
            (string?)Input("BAND").Attribute("datatype"), (string?)Input("BAND").Attribute("arraysize")));
        Assert.Equal("d", (string?)Input("TIME").Attribute("unit"));
        Assert.Equal("deg", (string?)Input("FOV").Attribute("unit"));
        Assert.Equal("arcsec", (string?)Input("SPATRES").Attribute("unit"));
        Assert.Equal("s", (string?)Input("EXPTIME").Attribute("unit"));
        Assert.Equal("s", (string?)Input("TIMERES").Attribute("unit"));
        Assert.Null(Input("SPECRP").Attribute("unit"));
        Assert.Equal(["demo", "tests"], Options("COLLECTION"));
        Assert.Equal(["VLA"], Options("FACILITY"));
        Assert.Empty(Options("INSTRUMENT")); // too many distinct values to enumerate
        Assert.Equal(["image", "cube"], Options("DPTYPE"));
        Assert.Equal(["2", "3"], Options("CALIB"));
        Assert.Equal(["image/fits"], Options("FORMAT"));
        Assert.Equal(SiaQuery.PolarizationStates, Options("POL"));
        Assert.Equal(ResponseFormats.All.Select(f => f.MimeType), Options("RESPONSEFORMAT"));
        Assert.Equal("70", (string?)Input("MAXREC").Descendants(V + "MAX").Single().Attribute("value"));
        Assert.Contains("default 7", (string?)Input("MAXREC").Element(V + "DESCRIPTION"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_publisher_did_column_no_datalink_descriptor_is_given()
    {
        var table = SiaResponse.Describe(SiaResponse.Fields(Columns.Where(c => c.Name != "obs_publisher_did").ToList()), "http://h", SiaValues.None, new SiaOptions());
        Assert.Equal(["this"], table.ExtraResources.Select(r => r.Name));
    }

    [Theory]
    [InlineData(DaliErrorKind.BadRequest, "UsageFault")]
    [InlineData(DaliErrorKind.NotFound, "UsageFault")]
    [InlineData(DaliErrorKind.TooLarge, "UsageFault")]
    [InlineData(DaliErrorKind.Unavailable, "TransientFault")]
    [InlineData(null, "FatalFault")]
    public void Fault_names_follow_sia_by_kind(DaliErrorKind? kind, string name)
    {
        var error = new DaliError(kind is { } k ? DaliErrorMapper.StatusOf(k) : 500, kind, "POS: bad", kind is null);
        Assert.Equal(name, SiaFault.Name(error));
        Assert.Equal(name + ": POS: bad", SiaFault.Message(error));
    }

    [Fact]
    public void A_bad_parameter_becomes_a_usage_fault_naming_it()
    {
        var error = DaliErrorMapper.Map(DaliException.BadParameter("BAND", "'abc' is not a number"));
        Assert.Equal("UsageFault: BAND: 'abc' is not a number", SiaFault.Message(error));
    }
}

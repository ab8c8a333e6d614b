using VoServices.Ingest;
using VoServices.Products;
using VoServices.Fits.Sky;

namespace VoServices.Core.Tests.Ingest;

public sealed class CollectionMappingTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    private CollectionMapping Load(string text)
    {
        File.WriteAllText(_file, text);
        return CollectionMapping.Load(_file);
    }

    [Fact]
    public void Constants_header_keywords_and_sections_apply_in_order()
    {
        var mapping = Load("""
            calib_level = 3          # enhanced
            target_name = @OBJNAME
            data_rights = "public # not a comment"
            seeing = 1.5
            [moments/*.fits]
            dataproduct_subtype = moment-map
            calib_level = 4
            """);
        var headers = new Dictionary<string, string> { ["OBJNAME"] = "M 33" };

        var cube = new ObsCoreRowBuilder().Set("calib_level", (short)2);
        mapping.Apply("cubes/a.fits", cube, k => headers.GetValueOrDefault(k));
        var moment = new ObsCoreRowBuilder();
        mapping.Apply("moments/a.fits", moment, k => headers.GetValueOrDefault(k));

        var c = cube.Build();
        var m = moment.Build();
        Assert.Equal((short)3, c.Get<short>("calib_level"));
        Assert.Equal("M 33", c.GetString("target_name"));
        Assert.Equal("public # not a comment", c.GetString("data_rights"));
        Assert.Null(c.GetString("dataproduct_subtype"));
        Assert.Equal((short)4, m.Get<short>("calib_level"));
        Assert.Equal("moment-map", m.GetString("dataproduct_subtype"));
        Assert.Equal(1.5, mapping.Seeing("cubes/a.fits"));
    }

    [Fact]
    public void Null_clears_a_derived_value()
    {
        var mapping = Load("target_name = null");
        var row = new ObsCoreRowBuilder().Set("target_name", "derived");

        mapping.Apply("a.fits", row, _ => null);

        Assert.Null(row.Build().GetString("target_name"));
    }

    [Theory]
    [InlineData("not_a_column = 1", "not an ivoa.obscore column")]
    [InlineData("obs_publisher_did = ivo://x", "derived by the ingest")]
    [InlineData("just text", "expected 'column = value'")]
    public void Bad_lines_are_refused_with_their_line_number(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => Load(text));
        Assert.Contains(":1:", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_mapping_line()
    {
        var mapping = Load("\ncalib_level = high");

        var e = Assert.Throws<FormatException>(() => mapping.Apply("a.fits", new ObsCoreRowBuilder(), _ => null));
        Assert.Contains("line 2", e.Message);
    }

    [Theory]
    [InlineData("*.fits", "a.fits", true)]
    [InlineData("*.fits", "d/a.fits", false)]
    [InlineData("**/*.fits", "d/e/a.fits", true)]
    [InlineData("**/*.fits", "a.fits", true)]
    [InlineData("d/?.fits", "d/a.fits", true)]
    public void Globs_match_relative_paths_like_a_shell(string glob, string path, bool matches) =>
        Assert.Equal(matches, CollectionMapping.GlobMatches(glob, path));

    [Fact]
    public void Link_lines_relate_a_product_to_another_by_its_path()
    {
        var mapping = Load("""
            [moments/*_mom0.fits]
            link.progenitor = cubes/{1}.fits
            link.auxiliary = {dir}/../weights/{stem}_w.fits
            """);

        Assert.Equal([("#progenitor", "cubes/NGC2403.fits"), ("#auxiliary", "weights/NGC2403_mom0_w.fits")], mapping.Relations("moments/NGC2403_mom0.fits"));
        Assert.Empty(mapping.Relations("cubes/NGC2403.fits"));
    }

    [Theory]
    [InlineData("link.sibling = a.fits", "not a DataLink relation")]
    [InlineData("link.progenitor = @OBJECT", "needs the relative path")]
    public void Bad_link_lines_are_refused_with_their_line(string line, string message)
    {
        var e = Assert.Throws<FormatException>(() => Load(line));
        Assert.Contains(":1:", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_leaving_the_collection_is_an_error()
    {
        var mapping = Load("link.progenitor = ../../etc/passwd");

        Assert.Throws<FormatException>(() => mapping.Relations("a.fits"));
    }
}

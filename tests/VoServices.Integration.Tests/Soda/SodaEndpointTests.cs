using System.Net;
using System.Xml.Linq;
using VoServices.Dali.Votable;
using VoServices.Fits;
using VoServices.Integration.Tests.Datalink;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Soda;

/// <summary>/soda/sync over HTTP: cutouts, 204 on no overlap, SODA error texts, IDs looked up, tar for several IDs, pyVO.</summary>
[Collection(PgCollection.Name)]
public sealed class SodaEndpointTests(PgFixture pg) : IAsyncLifetime
{
    private static readonly string Cube = DemoServer.Did("cubes/hi/NGC2403_HI.fits");
    private static readonly string Stokes = DemoServer.Did("cubes/continuum/3C286_IQUV.fits");
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> SyncAsync(params (string Name, string Value)[] parameters) =>
        _demo.Http.GetAsync(_demo.BaseUrl + "/soda/sync?" + string.Join('&', parameters.Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value))));

    private static IReadOnlyList<FitsHdu> Hdus(byte[] bytes) => FitsReader.ReadHdus(new MemoryStream(bytes));

    [Fact]
    public async Task A_circle_cutout_is_a_smaller_fits_cube_with_its_length_announced()
    {
        var whole = Hdus(await File.ReadAllBytesAsync(Path.Combine(_demo.Directory, "cubes/hi/NGC2403_HI.fits")))[0];
        var ra = whole.Header.GetDouble("CRVAL1")!.Value;
        var dec = whole.Header.GetDouble("CRVAL2")!.Value;

        var response = await SyncAsync(("ID", Cube), ("CIRCLE", FormattableString.Invariant($"{ra} {dec} 0.05")));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/fits", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body.LongLength, response.Content.Headers.ContentLength);
        var cut = Hdus(body)[0];
        Assert.True(cut.Axes[0] < whole.Axes[0] && cut.Axes[1] < whole.Axes[1], $"{string.Join('x', cut.Axes)} from {string.Join('x', whole.Axes)}");
        Assert.Equal(whole.Axes[2], cut.Axes[2]);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_pol_values_give_one_file_with_those_states()
    {
        var response = await SyncAsync(("ID", Stokes), ("POL", "I"), ("POL", "V"));
        var cut = Hdus(await response.Content.ReadAsByteArrayAsync())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, cut.Axes[3]);
    }

    [Fact]
    public async Task No_filter_returns_the_whole_dataset()
    {
        var response = await SyncAsync(("ID", Cube));
        var cut = Hdus(await response.Content.ReadAsByteArrayAsync())[0];
        var whole = Hdus(await File.ReadAllBytesAsync(Path.Combine(_demo.Directory, "cubes/hi/NGC2403_HI.fits")))[0];

        Assert.Equal(whole.Axes, cut.Axes);
    }

    [Theory]
    [InlineData("CIRCLE", "10 -80 0.1")]
    [InlineData("BAND", "0.5 0.6")]
    [InlineData("POL", "Q")]
    [InlineData("TIME", "40000 40001")]
    public async Task A_filter_that_selects_nothing_is_no_content(string name, string value)
    {
        var response = await SyncAsync(("ID", Cube), (name, value));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Pol_i_on_a_cube_without_a_stokes_axis_is_no_content_not_the_whole_file()
    {
        var response = await SyncAsync(("ID", DemoServer.Did("cubes/hi/WLM_HI.fits")), ("POL", "I"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("cubes/hi/NGC2403_HI.fits")]
    [InlineData("rss/lvmCFrame-00012345.fits")]
    public async Task Cutout_content_type_is_the_one_the_datalink_document_declares(string file)
    {
        var id = DemoServer.Did(file);
        var links = XDocument.Parse(await _demo.Http.GetStringAsync(_demo.BaseUrl + "/datalink/links?ID=" + Uri.EscapeDataString(id)));
        XNamespace v = VotableWriter.Namespace;
        var names = links.Descendants(v + "FIELD").Select(f => (string?)f.Attribute("name")).ToList();
        var declared = links.Descendants(v + "TR")
            .Select(tr => tr.Elements(v + "TD").Select(td => td.Value).ToList())
            .Single(td => td[names.IndexOf("semantics")] == "#this")[names.IndexOf("content_type")];

        using var response = await SyncAsync(("ID", id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(declared, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pos_range_through_ra_zero_is_accepted()
    {
        // The demo cube lies far from RA 0: accepted and cut (no overlap), where it used to be a UsageError.
        var response = await SyncAsync(("ID", Cube), ("POS", "RANGE 359.8 0.8 -1 1"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Polygon_of_101_vertices_and_21_pol_values_are_usage_errors_naming_the_parameter()
    {
        var vertices = string.Join(' ', Enumerable.Range(0, 101).Select(i =>
            FormattableString.Invariant($"{114.2 + (0.05 * Math.Cos(i * 2 * Math.PI / 101))} {65.6 + (0.05 * Math.Sin(i * 2 * Math.PI / 101))}")));
        using var polygon = await SyncAsync(("ID", Cube), ("POLYGON", vertices));
        Assert.Equal(HttpStatusCode.BadRequest, polygon.StatusCode);
        Assert.StartsWith("UsageError: POLYGON: the polygon has 101 vertices", await polygon.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var pol = await SyncAsync([("ID", Stokes), .. Enumerable.Repeat(("POL", "I"), 21)]);
        Assert.Equal(HttpStatusCode.BadRequest, pol.StatusCode);
        Assert.StartsWith("UsageError: POL: given 21 times", await pol.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CIRCLE", "1 2", "UsageError: CIRCLE")]
    [InlineData("BAND", "abc", "UsageError: BAND")]
    [InlineData("POL", "Z", "UsageError: POL")]
    [InlineData("POS", "BOX 1 2 3 4", "UsageError: POS")]
    [InlineData("RESPONSEFORMAT", "text/html", "UsageError: RESPONSEFORMAT")]
    public async Task Malformed_parameters_are_usage_errors_in_plain_text(string name, string value, string expected)
    {
        var response = await SyncAsync(("ID", Cube), (name, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_bands_are_a_multi_valued_error()
    {
        var response = await SyncAsync(("ID", Cube), ("BAND", "0.21 0.211"), ("BAND", "0.2105 0.2106"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("MultiValuedParamNotSupported", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ivo://x-unregistered/voservices?demo/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("ivo://x-unregistered/voservices?demo/cubes/hi/NOPE.fits")]
    public async Task Unknown_or_hostile_ids_are_not_found(string id)
    {
        var response = await SyncAsync(("ID", id));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("UsageError: ID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_id_is_a_usage_error()
    {
        var response = await SyncAsync(("BAND", "0.21 0.22"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("UsageError: ID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_ids_need_a_tar_and_then_get_one_member_each()
    {
        var refused = await SyncAsync(("ID", Cube), ("ID", Stokes));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.StartsWith("MultiValuedParamNotSupported", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var response = await SyncAsync(("ID", Cube), ("ID", Stokes), ("RESPONSEFORMAT", "application/x-tar"));
        var tar = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tar.LongLength, response.Content.Headers.ContentLength);

        var names = new List<string>();
        using var reader = new System.Formats.Tar.TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            using var data = new MemoryStream();
            entry.DataStream!.CopyTo(data);
            Assert.NotEmpty(Hdus(data.ToArray()));
        }

        Assert.Equal(["NGC2403_HI_cutout.fits", "3C286_IQUV_cutout.fits"], names);
    }

    [Fact]
    public async Task A_hips_cannot_be_cut()
    {
        var response = await SyncAsync(("ID", DemoServer.Did("hips-demo")), ("CIRCLE", "10 10 1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Capabilities_name_the_sync_standard()
    {
        var caps = await _demo.Http.GetStringAsync(_demo.BaseUrl + "/soda/capabilities");

        Assert.Contains("standardID=\"ivo://ivoa.net/std/SODA#sync-1.0\"", caps, StringComparison.Ordinal);
        Assert.Contains(_demo.BaseUrl + "/soda/sync", caps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pyvo_reaches_files_previews_and_cutouts_through_datalink()
    {
        var (code, output) = await External.PythonAsync("""
            import sys, io, warnings
            warnings.simplefilter('ignore')
            import pyvo
            import astropy.units as u
            from astropy.io import fits
            svc = pyvo.dal.TAPService(sys.argv[1] + '/tap')
            r = svc.search("SELECT obs_publisher_did, obs_id, s_ra, s_dec, em_min, em_max FROM ivoa.obscore WHERE obs_id LIKE 'cubes/%' ORDER BY obs_id")
            for row, dl in zip(r, r.iter_datalinks()):
                # bysemantics' narrower terms need the vocabulary from www.ivoa.net: not offline.
                this = next(dl.bysemantics('#this', include_narrower=False))
                whole = fits.open(io.BytesIO(this.getdataset().read()))
                preview = next(dl.bysemantics('#preview', include_narrower=False)).getdataset().read()
                proc = dl.get_first_proc()
                cut = fits.open(io.BytesIO(proc.processed(circle=[row['s_ra'], row['s_dec'], 0.01] * u.deg).read()))
                mid = (row['em_min'] + row['em_max']) / 2
                band = fits.open(io.BytesIO(proc.processed(band=[mid, mid] * u.m).read()))[0].header
                spectral = [k for k in range(1, band['NAXIS'] + 1) if band['CTYPE%d' % k][:4] in ('FREQ', 'VELO', 'VRAD', 'VOPT', 'WAVE')]
                one_channel = len(spectral) == 1 and band['NAXIS%d' % spectral[0]] == 1
                smaller = cut[0].data.size < whole[0].data.size
                print('OK', row['obs_id'], this.content_type, preview[:4] == b'\x89PNG', smaller, one_channel)
            """, _demo.BaseUrl);

        Assert.True(code == 0, output);
        var lines = output.Split('\n').Where(l => l.StartsWith("OK ", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, lines.Count);
        Assert.All(lines, l => Assert.EndsWith("True True True", l.TrimEnd(), StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OK cubes/hi/NGC2403_HI.fits image/fits", StringComparison.Ordinal));
    }
}

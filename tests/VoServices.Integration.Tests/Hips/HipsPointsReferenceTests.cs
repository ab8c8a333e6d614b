using System.Text.Json;
using VoServices.Cli;
using VoServices.Fits.Sky;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Hips;

/// <summary>
/// `vo hips build --points` against healpy: the disc cells are query_disc's (nest=True, inclusive=False),
/// and every tile pixel of a points HiPS is the weighted mean of the rows whose discs cover its cell.
/// Needs python3-healpy (`./vo test` installs it).
/// </summary>
public sealed class HipsPointsReferenceTests : IDisposable
{
    private static readonly string Points = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Hips", "healpy_points.py");
    private static readonly string Hips = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Hips", "healpy_hips.py");
    private readonly string _dir = Directory.CreateTempSubdirectory("hips-points-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Disc_cells_equal_healpy_query_disc_at_the_poles_across_ra_0_and_from_sub_cell_to_ten_degrees()
    {
        var cases = new List<(int Order, double Lon, double Lat, double RadiusDeg)>
        {
            (16, 0.0, 0.0, 17.65 / 3600), (16, 359.9999, 12.3, 17.65 / 3600), (16, 0.0001, -45.0, 17.65 / 3600),
            (16, 123.4, 90.0, 17.65 / 3600), (16, 0.0, -90.0, 17.65 / 3600), (16, 300.0, 89.999, 17.65 / 3600),
            (16, 45.0, 41.8103149, 17.65 / 3600), // on the boundary of the equatorial and polar faces
            (16, 83.82, -5.39, 1.0 / 3600), (20, 10.0, 10.0, 0.1 / 3600), (16, 210.0, 60.0, 0.5 / 3600), // sub-cell
            (12, 0.0, 0.0, 1.0), (12, 180.0, 89.5, 1.0), (10, 359.5, -88.0, 3.0), (8, 0.0, 90.0, 10.0), (8, 90.0, 0.0, 10.0),
            (6, 270.0, -30.0, 10.0), (0, 0.0, 0.0, 10.0), (3, 45.0, 45.0, 5.0),
        };
        // Not order 29: healpy's ring arithmetic (1 − cos r) finds no cells in a 0.5 mas disc there; ours finds the ~5 expected.
        var rnd = new Random(1801);
        for (var i = 0; i < 40; i++)
        {
            var order = rnd.Next(8, 18);
            var cell = Math.Sqrt(4 * Math.PI / (12.0 * Math.Pow(4, order))) * 180 / Math.PI;
            cases.Add((order, rnd.NextDouble() * 360, Math.Asin((2 * rnd.NextDouble()) - 1) * 180 / Math.PI, cell * (0.3 + (20 * rnd.NextDouble()))));
        }

        var json = cases.Select(c =>
        {
            var cells = new List<long>();
            HealpixDisc.Query(c.Order, new SkyPoint(c.Lon, c.Lat).ToVector(), c.RadiusDeg * Math.PI / 180, cells);
            return new { order = c.Order, lon = c.Lon, lat = c.Lat, radius_deg = c.RadiusDeg, cells };
        }).ToList();
        var path = Path.Combine(_dir, "cases.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(json));

        var check = await Python(Points, "disc", path);
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Equal(cases.Count, check.GetProperty("cases").GetInt32());
        Assert.True(check.GetProperty("cells").GetInt64() > 50_000);
    }

    [Fact]
    public async Task Csv_points_tiles_hold_the_weighted_mean_of_the_rows_whose_discs_cover_each_cell()
    {
        var input = Path.Combine(_dir, "points.csv");
        await Python(Points, "write", input);
        var hips = Path.Combine(_dir, "hips");
        Assert.Equal(0, await Build(input, hips, "--radius", "90arcsec"));

        await Python(Points, "reference", input, "13", Path.Combine(_dir, "ref.fits"), "--radius-arcsec", "90");
        var check = await Python(Hips, "check", hips, Path.Combine(_dir, "ref.fits"), "VALUE", "-");
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.True(check.GetProperty("nonempty").GetInt32() > 2000);
    }

    [Fact]
    public async Task Fits_points_with_a_radius_column_match_healpy_and_a_binary_votable_of_them_builds_identical_tiles()
    {
        var fits = Path.Combine(_dir, "points.fits");
        var votable = Path.Combine(_dir, "points.vot");
        await Python(Points, "write", fits);
        await Python(Points, "write", votable, "binary");
        var fromFits = Path.Combine(_dir, "fits-hips");
        var fromVotable = Path.Combine(_dir, "vot-hips");
        Assert.Equal(0, await Build(fits, fromFits, "--radius-column", "r_arcsec"));
        Assert.Equal(0, await Build(votable, fromVotable, "--radius-column", "R_ARCSEC"));

        await Python(Points, "reference", fits, "13", Path.Combine(_dir, "ref.fits"), "--radius-column", "R_ARCSEC");
        var check = await Python(Hips, "check", fromFits, Path.Combine(_dir, "ref.fits"), "VALUE", "-");
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        var tiles = Directory.GetFiles(fromFits, "Npix*.fits", SearchOption.AllDirectories);
        Assert.True(tiles.Length > 10);
        foreach (var tile in tiles)
        {
            var twin = Path.Combine(fromVotable, Path.GetRelativePath(fromFits, tile));
            Assert.True(File.ReadAllBytes(tile).AsSpan().SequenceEqual(File.ReadAllBytes(twin)), tile);
        }
    }

    [Fact]
    public async Task Vo_hips_build_points_names_the_file_and_row_of_a_position_off_the_sky_and_exits_1()
    {
        var input = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(input, "ra,dec,flux\n10,20,1\n10,95.5,2\n");
        var vo = Path.Combine(AppContext.BaseDirectory, "vo.dll");
        var (exit, output) = await External.RunAsync("dotnet", [vo, "hips", "build", input, "--points", "--order", "12", "--radius", "1arcmin", "--column", "flux", "--out", Path.Combine(_dir, "hips")]);
        Assert.Equal(1, exit);
        Assert.Contains("bad.csv: row 2: position (ra = 10, dec = 95.5) is not on the sky", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "hips")));
    }

    private static Task<int> Build(string input, string output, params string[] radius) =>
        HipsCommand.RunAsync(
            ["build", input, "--points", "--order", "13", .. radius, "--column", "FLUX", "--weight", "IVAR", "--out", output, "--tile-width", "64", "--creator-did", "ivo://test.example/P/points"],
            CancellationToken.None);

    private static async Task<JsonElement> Python(string script, string mode, params string[] args)
    {
        var (exit, output) = await External.RunAsync("/usr/bin/python3", [script, mode, .. args]);
        Assert.True(exit == 0, $"{Path.GetFileName(script)} {mode} failed (needs python3-healpy): {output}");
        return JsonDocument.Parse(output.Split('\n').First(l => l.StartsWith('{'))).RootElement.Clone();
    }
}

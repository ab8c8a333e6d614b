using VoServices.Demo;
using VoServices.Fits;
using VoServices.Ingest;
using VoServices.Products;
using VoServices.Fits.Sky;
using VoServices.Preview;
using VoServices.Core.Tests.Demo;

namespace VoServices.Core.Tests.Preview;

public sealed class HipsPreviewTests(DemoDirectory demo) : IClassFixture<DemoDirectory>, IDisposable
{
    private const int Order = 1, Width = 16, Shift = 4;
    private readonly PreviewTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// A HiPS at order 1 with 16 × 16 FITS tiles whose every pixel holds tile × 256 + row × 16 + column,
    /// so a sampled value says where it came from; the tiles in <paramref name="missing"/> are left out.
    /// </summary>
    private string WriteCodedHips(params long[] missing)
    {
        var root = _files.PathOf("coded-hips");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "properties"), string.Join('\n',
            "creator_did = ivo://test/P/coded", "obs_title = coded", "dataproduct_type = image", "hips_version = 1.4",
            "hips_release_date = 2024-01-01T00:00Z", "hips_status = public master clonableOnce", "hips_tile_format = fits",
            $"hips_order = {Order}", $"hips_order_min = {Order}", $"hips_tile_width = {Width}", "hips_frame = equatorial", ""));
        for (long tile = 0; tile < 12 << (2 * Order); tile++)
        {
            if (missing.Contains(tile))
            {
                continue;
            }

            var data = new float[Width * Width];
            for (var row = 0; row < Width; row++)
            {
                for (var column = 0; column < Width; column++)
                {
                    data[column + (Width * row)] = Code(tile, column, row);
                }
            }

            var relative = Path.GetRelativePath(_files.Directory, HipsPreview.TilePath(root, Order, tile));
            _files.WriteImage(relative, [Width, Width], data);
        }

        return root;
    }

    private static float Code(long tile, int column, int row) => (tile * Width * Width) + (row * Width) + column;

    /// <summary>
    /// The sky position of FITS pixel (column, row) of a tile, as the HiPS 1.0 figure "HEALPix cell packaging
    /// principle" lays it out (column = HEALPix y, row from the bottom = width − 1 − HEALPix x; x in the even
    /// bits of the nested sub-index), with the cell centre from DemoHips's own Górski formulas, not chealpix.
    /// </summary>
    private static (double Ra, double Dec) PixelCentre(int order, int shift, long tile, int column, int row)
    {
        var x = (1 << shift) - 1 - row;
        var y = column;
        long sub = 0;
        for (var bit = 0; bit < shift; bit++)
        {
            sub |= (long)((x >> bit) & 1) << (2 * bit);
            sub |= (long)((y >> bit) & 1) << ((2 * bit) + 1);
        }

        return DemoHips.CellCentre(order + shift, (tile << (2 * shift)) | sub);
    }

    private static double Distance(double ra1, double dec1, double ra2, double dec2) =>
        new SkyPoint(((ra1 % 360) + 360) % 360, dec1).DistanceTo(new SkyPoint(((ra2 % 360) + 360) % 360, dec2));

    [Theory]
    [InlineData(1, 4, 0, 0)]
    [InlineData(1, 4, 15, 15)]
    [InlineData(1, 20, 3, 12)]
    [InlineData(1, 47, 9, 0)]
    [InlineData(3, 170, 63, 5)]
    [InlineData(0, 6, 200, 311)]
    public void Locate_finds_the_tile_pixel_whose_centre_is_computed_independently(int order, long tile, int column, int row)
    {
        var shift = order == 3 ? 6 : order == 0 ? 9 : Shift;
        var (ra, dec) = PixelCentre(order, shift, tile, column, row);

        Assert.Equal(new HipsTilePixel(tile, column, row), HipsPreview.Locate(order, 1 << shift, ra, dec));
    }

    [Theory]
    [InlineData(20)] // an equatorial-belt tile
    [InlineData(9)] // a north polar-cap tile
    public void Tile_corners_sit_where_the_HiPS_figure_puts_them(long tile)
    {
        // The tile's vertices from the HEALPix geometry, named by where they are on the sky.
        var corners = Healpix.Corners(Order, tile);
        var centre = Healpix.Centre(Order, tile);
        var south = corners.MinBy(c => c.Dec);
        var north = corners.MaxBy(c => c.Dec);
        var sides = corners.Where(c => c != south && c != north).ToList();
        double Ahead(SkyPoint c) => ((c.Ra - centre.Ra + 540) % 360) - 180; // RA offset from the centre, east positive
        var east = sides.MaxBy(Ahead);
        var west = sides.MinBy(Ahead);

        HipsTilePixel Near(SkyPoint corner)
        {
            var p = SkyPoint.FromVector(((corner.ToVector() * 0.98) + (centre.ToVector() * 0.02)).Normalized());
            return HipsPreview.Locate(Order, Width, p.Ra, p.Dec);
        }

        // HiPS 1.0 figure 9: in the FITS tile (row 0 at the bottom) S is top left, W top right, E bottom left, N bottom right.
        Assert.Equal(new HipsTilePixel(tile, 0, Width - 1), Near(south));
        Assert.Equal(new HipsTilePixel(tile, Width - 1, Width - 1), Near(west));
        Assert.Equal(new HipsTilePixel(tile, 0, 0), Near(east));
        Assert.Equal(new HipsTilePixel(tile, Width - 1, 0), Near(north));
    }

    [Fact]
    public void Every_all_sky_pixel_shows_the_tile_pixel_at_its_sky_position_and_missing_tiles_stay_blank()
    {
        long[] missing = [5, 30];
        var map = HipsPreview.AllSky(WriteCodedHips(missing), CancellationToken.None);

        Assert.Equal((HipsPreview.Width, HipsPreview.Height), (map.Width, map.Height));
        var cellSize = Math.Sqrt(4 * Math.PI / (12 << (2 * (Order + Shift)))) * 180 / Math.PI; // 1.83°
        var sampled = new HashSet<float>();
        for (var y = 0; y < map.Height; y++)
        {
            for (var x = 0; x < map.Width; x++)
            {
                var (lon, lat) = HipsPreview.PixelToSky(x, y);
                var tile = Healpix.Index(Order, lon, lat);
                var value = map[x, y];
                if (missing.Contains(tile))
                {
                    Assert.True(double.IsNaN(value), $"pixel ({x}, {y}) in missing tile {tile}");
                    continue;
                }

                var code = (int)value;
                Assert.Equal(tile, code / (Width * Width));
                var (ra, dec) = PixelCentre(Order, Shift, tile, code % Width, code / Width % Width);
                Assert.True(Distance(lon, lat, ra, dec) < cellSize, $"pixel ({x}, {y}) at ({lon}, {lat}) shows the cell centred at ({ra}, {dec})");
                sampled.Add((float)value);
            }
        }

        Assert.True(sampled.Count > 5000, $"{sampled.Count} distinct cells sampled");
    }

    [Fact]
    public void Plate_carree_has_longitude_zero_in_the_middle_growing_to_the_left_and_north_up()
    {
        var (lonMiddle, _) = HipsPreview.PixelToSky(HipsPreview.Width / 2, 0);
        var (lonLeft, latBottom) = HipsPreview.PixelToSky(0, 0);
        var (lonRight, latTop) = HipsPreview.PixelToSky(HipsPreview.Width - 1, HipsPreview.Height - 1);

        Assert.Equal(359.6484375, lonMiddle, 9); // just west of 0: the middle falls between pixels
        Assert.Equal(179.6484375, lonLeft, 9);
        Assert.Equal(180.3515625, lonRight, 9);
        Assert.Equal(-89.6484375, latBottom, 9);
        Assert.Equal(89.6484375, latTop, 9);
    }

    [Fact]
    public async Task The_demo_HiPS_shows_tiles_exactly_where_its_MOC_says()
    {
        var root = demo.File("hips-demo");
        var moc = ReadMoc(Path.Combine(root, "Moc.fits"));

        var map = HipsPreview.AllSky(root, CancellationToken.None);

        var covered = 0;
        for (var y = 0; y < map.Height; y++)
        {
            for (var x = 0; x < map.Width; x++)
            {
                var (lon, lat) = HipsPreview.PixelToSky(x, y);
                var inMoc = moc.Contains((3, Healpix.Index(3, lon, lat)));
                Assert.Equal(inMoc, double.IsFinite(map[x, y]));
                covered += inMoc ? 1 : 0;
            }
        }

        // Five order-3 cells of 53.7 deg² each, on a map of 0.703° × 0.703° pixels, 1/cos(dec) wider in area.
        Assert.InRange(covered, 100, 2000);

        using var output = new MemoryStream();
        Assert.Equal("image/png", await new PreviewRenderer().RenderAsync(root, ProductKind.Hips, output, CancellationToken.None));
        var png = PngDecoder.Decode(output.ToArray());
        Assert.Equal((512, 256, 6), (png.Width, png.Height, png.ColorType));
        Assert.Equal(covered, Enumerable.Range(0, 256).Sum(r => Enumerable.Range(0, 512).Count(x => png.Alpha(x, r) == 255)));
    }

    [Theory]
    [InlineData("preview.jpg", "image/jpeg")]
    [InlineData("Norder3/Allsky.png", "image/png")]
    public async Task A_preview_the_HiPS_ships_is_copied_as_it_is(string name, string contentType)
    {
        var root = WriteCodedHips();
        byte[] content = contentType == "image/jpeg"
            ? [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3, 0xFF, 0xD9]
            : await TinyPngAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, name))!);
        await File.WriteAllBytesAsync(Path.Combine(root, name), content);
        await File.WriteAllTextAsync(Path.Combine(root, "preview.png"), "not a PNG at all"); // ignored: wrong signature

        using var output = new MemoryStream();
        var type = await new PreviewRenderer().RenderAsync(root, ProductKind.Hips, output, CancellationToken.None);

        Assert.Equal(contentType, type);
        Assert.Equal(content, output.ToArray());
    }

    [Fact]
    public async Task A_HiPS_without_FITS_tiles_or_a_preview_image_has_no_preview()
    {
        var root = _files.PathOf("png-hips");
        Directory.CreateDirectory(Path.Combine(root, "Norder3", "Dir0"));
        await File.WriteAllTextAsync(Path.Combine(root, "properties"), "hips_order = 3\nhips_tile_format = png\n");
        await File.WriteAllBytesAsync(Path.Combine(root, "Norder3", "Dir0", "Npix1.png"), await TinyPngAsync());

        using var output = new MemoryStream();
        var e = await Assert.ThrowsAsync<PreviewException>(() => new PreviewRenderer().RenderAsync(root, ProductKind.Hips, output, CancellationToken.None));
        Assert.Contains("no FITS tiles", e.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> TinyPngAsync()
    {
        using var stream = new MemoryStream();
        await DisplayScale.WritePngAsync(new PreviewPlane(2, 1, [10, 200]), stream, CancellationToken.None);
        return stream.ToArray();
    }

    /// <summary>(order, index) of the cells of a NUNIQ MOC, read with the FITS reader alone.</summary>
    private static HashSet<(int, long)> ReadMoc(string path)
    {
        var hdus = FitsReader.ReadHdus(path);
        using var table = FitsBinTable.Open(path, hdus.First(h => h.IsBinTable));
        return table.ReadDoubles(table.Column("UNIQ")).Select(u =>
        {
            var uniq = (long)u;
            var order = (int)(Math.Log2(uniq / 4.0) / 2);
            return (order, uniq - (4L << (2 * order)));
        }).ToHashSet();
    }

    [Fact]
    public void Tile_paths_group_tiles_by_ten_thousand()
    {
        Assert.Equal(Path.Combine("r", "Norder6", "Dir10000", "Npix10302.fits"), HipsPreview.TilePath("r", 6, 10302));
        Assert.Equal(Path.Combine("r", "Norder3", "Dir0", "Npix170.fits"), HipsPreview.TilePath("r", 3, 170));
    }
}

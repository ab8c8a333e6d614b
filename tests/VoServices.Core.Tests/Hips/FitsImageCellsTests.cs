using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Hips;

namespace VoServices.Core.Tests.Hips;

/// <summary>`vo hips build --image`'s library on small images written with the project's own FITS writer.</summary>
public sealed class FitsImageCellsTests : IDisposable
{
    private const double Pixel = 0.01; // degrees: 36″ pixels, order 12 (51.5″ cells)
    private readonly string _dir = Directory.CreateTempSubdirectory("image-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Default_order_is_the_finest_whose_cells_are_no_smaller_than_a_pixel()
    {
        Assert.Equal(13, FitsImageCells.OrderFor(14.4 / 3600)); // 25.8″ cells; order 14's are 12.9″
        Assert.Equal(10, FitsImageCells.OrderFor(FitsImageCells.CellSizeDegrees(10)));
        Assert.Equal(9, FitsImageCells.OrderFor(FitsImageCells.CellSizeDegrees(10) * 1.001));
        Assert.Equal(0, FitsImageCells.OrderFor(90));
        Assert.Equal(Healpix.MaxOrder, FitsImageCells.OrderFor(1e-9));
    }

    [Fact]
    public void Constant_image_gives_its_value_to_every_cell_whose_centre_falls_on_it_and_no_other()
    {
        var path = WriteImage("c.fits", 60, 40, (_, _) => 5f);
        var cells = FitsImageCells.Open(path);
        Assert.Equal(12, cells.Order);
        var found = Read(cells);
        Assert.All(found, c => Assert.Equal(5.0, c.Value, 12));
        // About the image's area over a cell's.
        var expected = 60 * 40 * Math.Pow(Pixel / FitsImageCells.CellSizeDegrees(12), 2);
        Assert.InRange(found.Count, expected * 0.9, expected * 1.1);
        Assert.Equal(found.Select(c => c.Index).Order(), found.Select(c => c.Index)); // NESTED order, each cell once
        Assert.Equal(found.Count, found.Select(c => c.Index).Distinct().Count());
        Assert.All(found, c => Assert.True(Inside(Healpix.Centre(12, c.Index), 60, 40)));
    }

    [Fact]
    public void A_cell_whose_centre_falls_on_a_blank_pixel_is_empty()
    {
        // Blank the left half: cells there are empty, the others keep the right half's value.
        var path = WriteImage("b.fits", 60, 40, (i, _) => i < 30 ? float.NaN : 2f);
        var found = Read(FitsImageCells.Open(path));
        Assert.NotEmpty(found);
        Assert.All(found, c => Assert.Equal(2.0, c.Value, 12));
        Assert.All(found, c => Assert.True(PixelX(Healpix.Centre(12, c.Index), 60) > 30.5 - 1e-9));
    }

    [Fact]
    public void A_cube_plane_is_its_moment_0_map_in_bunit_times_km_per_s()
    {
        // 3 channels of 2 km/s (VRAD in m/s): pixel (0,0) holds 1, 2, 3; pixel (1,0) NaN, 4, NaN; pixel (2,0) NaN in all.
        var data = new float[4 * 2 * 3];
        data.AsSpan().Fill(1f);
        (data[0], data[8], data[16]) = (1f, 2f, 3f);
        (data[1], data[9], data[17]) = (float.NaN, 4f, float.NaN);
        (data[2], data[10], data[18]) = (float.NaN, float.NaN, float.NaN);
        var path = Path.Combine(_dir, "cube.fits");
        var header = Celestial(4, 2).Set("CTYPE3", "VRAD").Set("CRVAL3", 1000.0).Set("CRPIX3", 1.0).Set("CDELT3", 2000.0).Set("CUNIT3", "m/s").Set("BUNIT", "K");
        Write(path, [4, 2, 3], data, header);

        var plane = FitsImagePlane.Open(path);
        Assert.Equal(2, plane.SpectralAxis);
        Assert.Equal([2.0, 2.0, 2.0], plane.ChannelWidths);
        Assert.Equal("K.km/s", plane.Unit);
        var pixels = plane.ReadPixels();
        Assert.Equal(12f, pixels[0]);
        Assert.Equal(8f, pixels[1]);
        Assert.True(float.IsNaN(pixels[2]));
        Assert.Equal(6f, pixels[3]);
        Assert.Equal("moment0", FitsImageCells.Open(path).ValueColumn);
    }

    [Fact]
    public void A_file_without_an_image_hdu_is_refused_naming_it()
    {
        var path = Path.Combine(_dir, "table.fits");
        using (var writer = new FitsWriter(File.Create(path)))
        {
            writer.WriteEmptyPrimary();
            writer.WriteBinTable([FitsTableColumn.Float64("VALUE", [1.0])]);
        }

        var e = Assert.Throws<HealpixMapException>(() => FitsImageCells.Open(path));
        Assert.Contains("table.fits: no image HDU", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_without_celestial_axes_is_refused_naming_the_file_and_its_ctypes()
    {
        var path = Path.Combine(_dir, "linear.fits");
        Write(path, [4, 4], new float[16], new FitsHeaderBuilder().Set("CTYPE1", "LINEAR").Set("CTYPE2", "LINEAR").Set("CDELT1", 1.0).Set("CDELT2", 1.0));
        var e = Assert.Throws<HealpixMapException>(() => FitsImageCells.Open(path));
        Assert.Contains("linear.fits (HDU 1): no celestial WCS: CTYPE1/CTYPE2 are 'LINEAR'/'LINEAR'", e.Message, StringComparison.Ordinal);

        var none = Path.Combine(_dir, "none.fits");
        Write(none, [4, 4], new float[16], null);
        e = Assert.Throws<HealpixMapException>(() => FitsImageCells.Open(none));
        Assert.Contains("none.fits (HDU 1): no usable WCS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_whose_pixels_are_all_blank_is_refused_naming_it()
    {
        var path = WriteImage("nan.fits", 8, 8, (_, _) => float.NaN);
        var e = Assert.Throws<HealpixMapException>(() => FitsImageCells.Open(path));
        Assert.Contains("nan.fits (HDU 1): every pixel is blank (BLANK or NaN)", e.Message, StringComparison.Ordinal);

        var blank = Path.Combine(_dir, "blank.fits");
        var ints = new short[64];
        ints.AsSpan().Fill(-1);
        Write(blank, [8, 8], ints, Celestial(8, 8).Set("BLANK", -1L));
        e = Assert.Throws<HealpixMapException>(() => FitsImageCells.Open(blank));
        Assert.Contains("blank.fits (HDU 1): every pixel is blank", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_third_axis_of_several_planes_that_is_not_spectral_is_refused()
    {
        var path = Path.Combine(_dir, "stokes.fits");
        Write(path, [4, 4, 4], new float[64], Celestial(4, 4).Set("CTYPE3", "STOKES").Set("CRVAL3", 1.0).Set("CRPIX3", 1.0).Set("CDELT3", 1.0));
        var e = Assert.Throws<HealpixMapException>(() => FitsImageCells.Open(path));
        Assert.Contains("stokes.fits (HDU 1): axis 3 (STOKES) has 4 planes; only a spectral axis is summed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_smaller_than_a_cell_at_the_order_given_is_refused_when_read()
    {
        var path = WriteImage("tiny.fits", 2, 2, (_, _) => 1f);
        var cells = FitsImageCells.Open(path, order: 3);
        var e = Assert.Throws<HealpixMapException>(() => Read(cells));
        Assert.Contains("tiny.fits (HDU 1): no HEALPix cell centre at order 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_in_different_units_are_not_combined()
    {
        var a = WriteImage("a.fits", 8, 8, (_, _) => 1f, "Jy/beam");
        var b = WriteImage("b.fits", 8, 8, (_, _) => 1f, "K");
        var e = Assert.Throws<HealpixMapException>(() => new ConcatenatedCells([FitsImageCells.Open(a), FitsImageCells.Open(b)]));
        Assert.Contains("b.fits is in 'K', ", e.Message, StringComparison.Ordinal);
    }

    private static List<HealpixCell> Read(IHealpixCellSource source) => [.. source.ReadCells().SelectMany(c => c.Cells.ToArray())];

    // TAN at (150, 30), pixel Pixel, reference pixel at the image centre, RA increasing to the left.
    private static FitsHeaderBuilder Celestial(int width, int height) => new FitsHeaderBuilder()
        .Set("CTYPE1", "RA---TAN").Set("CTYPE2", "DEC--TAN").Set("CRVAL1", 150.0).Set("CRVAL2", 30.0)
        .Set("CRPIX1", (width + 1) / 2.0).Set("CRPIX2", (height + 1) / 2.0).Set("CDELT1", -Pixel).Set("CDELT2", Pixel);

    // The 1-based pixel x of a sky position under Celestial's TAN (to first order: the images here are small).
    private static double PixelX(SkyPoint p, int width)
    {
        var v = p.ToVector();
        var c = new SkyPoint(150, 30).ToVector();
        var east = Vector3.Cross(new Vector3(0, 0, 1), c).Normalized();
        return ((width + 1) / 2.0) - (Vector3.Dot(v, east) / Vector3.Dot(v, c) * (180 / Math.PI) / Pixel);
    }

    private static bool Inside(SkyPoint p, int width, int height)
    {
        var v = p.ToVector();
        var c = new SkyPoint(150, 30).ToVector();
        var east = Vector3.Cross(new Vector3(0, 0, 1), c).Normalized();
        var north = Vector3.Cross(c, east);
        var x = Vector3.Dot(v, east) / Vector3.Dot(v, c) * (180 / Math.PI) / Pixel;
        var y = Vector3.Dot(v, north) / Vector3.Dot(v, c) * (180 / Math.PI) / Pixel;
        return Math.Abs(x) <= (width / 2.0) + 1e-6 && Math.Abs(y) <= (height / 2.0) + 1e-6;
    }

    private string WriteImage(string name, int width, int height, Func<int, int, float> value, string? bunit = null)
    {
        var data = new float[width * height];
        for (var j = 0; j < height; j++)
        {
            for (var i = 0; i < width; i++)
            {
                data[(j * width) + i] = value(i, j);
            }
        }

        var header = Celestial(width, height);
        if (bunit is not null)
        {
            header.Set("BUNIT", bunit);
        }

        var path = Path.Combine(_dir, name);
        Write(path, [width, height], data, header);
        return path;
    }

    private static void Write<T>(string path, long[] axes, T[] data, FitsHeaderBuilder? header)
        where T : unmanaged
    {
        using var writer = new FitsWriter(File.Create(path));
        writer.WriteImage<T>(axes, data, header);
    }
}

using VoServices.Demo;
using VoServices.Fits;
using VoServices.Ingest;
using VoServices.Products;
using VoServices.Preview;
using VoServices.Core.Tests.Demo;

namespace VoServices.Core.Tests.Preview;

public sealed class CubePreviewTests(DemoDirectory demo) : IClassFixture<DemoDirectory>, IDisposable
{
    private readonly PreviewTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static void Freq(FitsHeaderBuilder h) =>
        h.Set("CTYPE3", "FREQ").Set("CRVAL3", 1.42e9).Set("CDELT3", 1e5).Set("CRPIX3", 1.0).Set("CUNIT3", "Hz");

    /// <summary>Σ over channels of the finite values of pixel (x, y), NaN when none is finite; data NAXIS1 fastest.</summary>
    private static double BruteForceSum(Func<long, double> value, int nx, int ny, int nz, int x, int y)
    {
        var sum = 0.0;
        var any = false;
        for (var z = 0; z < nz; z++)
        {
            var v = value(x + (nx * (y + ((long)ny * z))));
            if (double.IsFinite(v))
            {
                sum += v;
                any = true;
            }
        }

        return any ? sum : double.NaN;
    }

    private static async Task<DecodedPng> RenderAsync(string path, ProductKind kind)
    {
        using var png = new MemoryStream();
        var type = await new PreviewRenderer().RenderAsync(path, kind, png, CancellationToken.None);
        Assert.Equal("image/png", type);
        return PngDecoder.Decode(png.ToArray());
    }

    [Fact]
    public void Moment_zero_is_the_sum_of_the_finite_channels_of_each_pixel()
    {
        const int nx = 5, ny = 4, nz = 6;
        var data = new float[nx * ny * nz];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(((i % 7) * 1.25) - (i % 3));
        }

        for (var z = 0; z < nz; z++)
        {
            data[2 + (nx * 1) + (nx * ny * z)] = float.NaN; // pixel (2, 1): blank in every channel
        }

        data[0 + (nx * ny * 3)] = float.NaN; // pixel (0, 0): blank in channel 3 only
        var path = _files.WriteImage("cube.fits", [nx, ny, nz], data, h => { PreviewTestFiles.Tan(h, nx, ny); Freq(h); });

        var plane = CubePreview.MomentZero(path, CancellationToken.None);

        Assert.Equal((nx, ny), (plane.Width, plane.Height));
        for (var y = 0; y < ny; y++)
        {
            for (var x = 0; x < nx; x++)
            {
                var expected = BruteForceSum(i => data[i], nx, ny, nz, x, y);
                Assert.Equal(expected, plane[x, y], 1e-12);
            }
        }

        Assert.True(double.IsNaN(plane[2, 1]));
        Assert.True(double.IsFinite(plane[0, 0]));
    }

    [Fact]
    public void Moment_zero_of_scaled_integers_applies_BSCALE_BZERO_and_skips_BLANK()
    {
        const int nx = 4, ny = 3, nz = 5;
        const short blank = short.MinValue;
        var raw = new short[nx * ny * nz];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = (short)((i * 37 % 200) - 100);
        }

        raw[1 + (nx * 2) + (nx * ny * 0)] = blank;
        raw[1 + (nx * 2) + (nx * ny * 4)] = blank;
        for (var z = 0; z < nz; z++)
        {
            raw[3 + (nx * ny * z)] = blank; // pixel (3, 0) blank everywhere
        }

        var path = _files.WriteImage("int16.fits", [nx, ny, nz], raw, h =>
        {
            PreviewTestFiles.Tan(h, nx, ny);
            Freq(h);
            h.Set("BSCALE", 0.5).Set("BZERO", 10.0).Set("BLANK", (long)blank);
        });

        var plane = CubePreview.MomentZero(path, CancellationToken.None);

        double Physical(long i) => raw[i] == blank ? double.NaN : 10.0 + (0.5 * raw[i]);
        for (var y = 0; y < ny; y++)
        {
            for (var x = 0; x < nx; x++)
            {
                Assert.Equal(BruteForceSum(Physical, nx, ny, nz, x, y), plane[x, y], 1e-12);
            }
        }

        Assert.True(double.IsNaN(plane[3, 0]));
        Assert.Equal(Enumerable.Range(1, 3).Sum(z => Physical(1 + (nx * 2) + (nx * ny * z))), plane[1, 2], 1e-12);
    }

    [Fact]
    public void Stokes_cube_integrates_only_the_I_plane()
    {
        // Stokes axis in the order V, U, Q, I (values 4 … 1): I is the last pixel, not the first.
        const int nx = 3, ny = 2, nz = 4, ns = 4;
        var data = new float[nx * ny * nz * ns];
        for (var i = 0; i < data.Length; i++)
        {
            var s = i / (nx * ny * nz);
            data[i] = s == 3 ? i % 11 : 1e6f * (s + 1);
        }

        var path = _files.WriteImage("iquv.fits", [nx, ny, nz, ns], data, h =>
        {
            PreviewTestFiles.Tan(h, nx, ny);
            Freq(h);
            h.Set("CTYPE4", "STOKES").Set("CRVAL4", 1.0).Set("CDELT4", -1.0).Set("CRPIX4", 4.0);
        });

        var plane = CubePreview.MomentZero(path, CancellationToken.None);

        var iPlane = nx * ny * nz * 3;
        for (var y = 0; y < ny; y++)
        {
            for (var x = 0; x < nx; x++)
            {
                Assert.Equal(BruteForceSum(i => data[iPlane + i], nx, ny, nz, x, y), plane[x, y], 1e-9);
            }
        }
    }

    [Fact]
    public void A_two_dimensional_image_is_shown_as_it_is()
    {
        var data = Enumerable.Range(0, 6 * 5).Select(i => i == 7 ? float.NaN : i * 0.5f).ToArray();
        var path = _files.WriteImage("image.fits", [6, 5], data, h => PreviewTestFiles.Tan(h, 6, 5));

        var plane = CubePreview.MomentZero(path, CancellationToken.None);

        Assert.Equal(data.Select(v => (double)v), plane.Values);
    }

    [Fact]
    public void A_cube_without_a_spectral_axis_shows_its_first_plane()
    {
        var data = Enumerable.Range(0, 4 * 3 * 3).Select(i => (float)i).ToArray();
        var path = _files.WriteImage("planes.fits", [4, 3, 3], data, h =>
        {
            PreviewTestFiles.Tan(h, 4, 3);
            h.Set("CTYPE3", "PLANE").Set("CRVAL3", 1.0).Set("CDELT3", 1.0).Set("CRPIX3", 1.0);
        });

        var plane = CubePreview.MomentZero(path, CancellationToken.None);

        Assert.Equal(data.Take(12).Select(v => (double)v), plane.Values);
    }

    [Fact]
    public async Task Pixel_1_N_is_the_top_left_of_the_PNG_and_pixel_N_1_the_bottom_right()
    {
        const int n = 32;
        var data = new float[n * n];
        data[0 + (n * (n - 1))] = 100; // FITS (1, 32)
        data[(n - 1) + 0] = 3; // FITS (32, 1)
        var path = _files.WriteImage("corner.fits", [n, n], data, h => PreviewTestFiles.Tan(h, n, n));

        var png = await RenderAsync(path, ProductKind.Cube);

        Assert.Equal((256, 256), (png.Width, png.Height)); // 32 px replicated 8 times
        Assert.Equal(0, png.ColorType);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(255, png.Channel(i, i, 0)); // the top-left 8 × 8 block
        }

        Assert.Equal(0, png.Channel(8, 0, 0));
        Assert.Equal(0, png.Channel(0, 8, 0));
        Assert.Equal(0, png.Channel(0, 255, 0)); // bottom left: FITS (1, 1)
        Assert.InRange(png.Channel(255, 255, 0), 1, 254); // bottom right: FITS (32, 1), between the limits
        Assert.Equal(png.Channel(248, 248, 0), png.Channel(255, 255, 0));
    }

    [Fact]
    public async Task Blank_and_NaN_pixels_are_transparent()
    {
        const int n = 32;
        const short blank = -999;
        var raw = Enumerable.Range(0, n * n).Select(i => (short)(i % 50)).ToArray();
        raw[3 + (n * 4)] = blank; // FITS (4, 5)
        var path = _files.WriteImage("blank.fits", [n, n], raw, h => h.Set("BLANK", (long)blank));

        var png = await RenderAsync(path, ProductKind.Cube);

        Assert.Equal(6, png.ColorType);
        var top = (n - 1 - 4) * 8;
        Assert.Equal(0, png.Alpha(3 * 8, top));
        Assert.Equal(0, png.Alpha((3 * 8) + 7, top + 7));
        Assert.Equal(255, png.Alpha((3 * 8) + 8, top));
        Assert.Equal(255, png.Alpha(0, 0));
        Assert.Equal((256 * 256 * 255) - (64 * 255), Enumerable.Range(0, 256).Sum(r => Enumerable.Range(0, 256).Sum(x => png.Alpha(x, r))));
    }

    [Fact]
    public async Task A_large_image_is_block_averaged_to_at_most_512_pixels()
    {
        var data = Enumerable.Range(0, 1030 * 260).Select(i => (float)(i % 1030)).ToArray();
        var path = _files.WriteImage("wide.fits", [1030, 260], data);

        var png = await RenderAsync(path, ProductKind.Cube);

        Assert.Equal((344, 87), (png.Width, png.Height)); // factor ceil(1030 / 512) = 3
        Assert.True(png.Channel(0, 0, 0) < png.Channel(343, 0, 0)); // the ramp grows to the right
    }

    [Fact]
    public void Block_averaging_skips_blank_pixels_and_keeps_all_blank_blocks_blank()
    {
        double[] values =
        [
            1, 3, double.NaN, double.NaN, 5, 6,
            5, 7, double.NaN, double.NaN, 7, 8,
            2, double.NaN, 1, 1, 9, 9,
        ];
        var plane = new PreviewPlane(6, 3, values);

        var fitted = plane.Fit(maxSide: 3, minSide: 1);

        Assert.Equal((3, 2), (fitted.Width, fitted.Height));
        Assert.Equal(4, fitted[0, 0]);
        Assert.True(double.IsNaN(fitted[1, 0]));
        Assert.Equal(6.5, fitted[2, 0]);
        Assert.Equal([2, 1, 9], new[] { fitted[0, 1], fitted[1, 1], fitted[2, 1] });
    }

    [Fact]
    public async Task Every_demo_cube_renders_a_usable_quick_look()
    {
        foreach (var product in demo.Products.Where(p => p.Kind is DemoProductKind.VelocityCube or DemoProductKind.FrequencyCube or DemoProductKind.StokesCube or DemoProductKind.GalacticCube))
        {
            var png = await RenderAsync(demo.File(product.RelativePath), ProductKind.Cube);

            Assert.InRange(Math.Max(png.Width, png.Height), 256, 512);
            var greys = png.Rows.SelectMany((r, y) => Enumerable.Range(0, png.Width).Where(x => png.Alpha(x, y) == 255).Select(x => png.Channel(x, y, 0))).ToList();
            // Stretched between robust limits: something near black, something near white, and levels between.
            Assert.True(greys.Min() <= 10 && greys.Max() >= 245, $"{product.RelativePath}: greys {greys.Min()}–{greys.Max()}");
            Assert.True(greys.Distinct().Count() >= 10, $"{product.RelativePath}: {greys.Distinct().Count()} grey levels");
        }
    }
}

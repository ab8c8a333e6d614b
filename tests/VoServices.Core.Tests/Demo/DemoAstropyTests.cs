using System.Globalization;
using VoServices.Demo;
using VoServices.Fits;
using VoServices.Core.Tests.Wcs;
using VoServices.Fits.Wcs;

namespace VoServices.Core.Tests.Demo;

/// <summary>
/// Every demo cube's corners and spectral range, computed by WcsTransform, agree with astropy
/// reading the same file: the criterion ingest is held to (1e-6° and 1e-6 relative; we ask 1e-9).
/// </summary>
public sealed class DemoAstropyTests(DemoDirectory demo) : IClassFixture<DemoDirectory>
{
    [Fact]
    public void Demo_cube_corners_and_wavelengths_agree_with_astropy()
    {
        var cubes = demo.Products
            .Where(p => p.Kind is DemoProductKind.VelocityCube or DemoProductKind.FrequencyCube or DemoProductKind.StokesCube or DemoProductKind.GalacticCube)
            .Select(p =>
            {
                var path = demo.File(p.RelativePath);
                var hdu = FitsReader.ReadHdus(path)[0];
                var (nx, ny, nz) = (hdu.Axes[0], hdu.Axes[1], hdu.Axes[2]);
                // Pixel corners of the outer edges (…0.5) on the first and last spectral planes; axis 4 (Stokes) at 1.
                double[][] pts = [[0.5, 0.5, 1], [nx + 0.5, 0.5, 1], [nx + 0.5, ny + 0.5, nz], [0.5, ny + 0.5, nz]];
                var flat = pts.SelectMany(q => q.Concat(Enumerable.Repeat(1.0, hdu.Axes.Length - 3))).ToArray();
                return (p.RelativePath, Path: path, Hdu: hdu, Flat: flat);
            })
            .ToList();

        // One Python process for all cubes: two output lines (native world, then wavelength) per cube.
        var list = string.Join(",\n    ", cubes.Select(c => $"('{c.Path}', {c.Hdu.Axes.Length}, [{string.Join(",", c.Flat.Select(WcsTransformTests.Inv))}])"));
        var lines = Astropy.Run($$"""
            from astropy.io import fits
            from astropy.wcs import WCS
            import numpy as np
            for path, n, flat in [
                {{list}}]:
                pix = np.array(flat).reshape(-1, n)
                w = WCS(fits.getheader(path))
                print(' '.join(repr(float(v)) for v in w.wcs_pix2world(pix, 1).ravel()))
                w.wcs.sptr('WAVE-???')
                w.wcs.set()
                print(' '.join(repr(float(v)) for v in w.wcs_pix2world(pix, 1).ravel()))
            """).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 * cubes.Count, lines.Length);

        for (var k = 0; k < cubes.Count; k++)
        {
            var (name, _, hdu, flat) = cubes[k];
            using var w = WcsTransform.FromHeader(hdu.Header);
            using var wave = w.WithSpectralAxisAs("WAVE-???");
            var n = w.NAxis;
            var ours = new double[flat.Length];
            var oursWave = new double[flat.Length];
            w.PixelToWorld(flat, ours);
            wave.PixelToWorld(flat, oursWave);
            var theirs = Parse(lines[2 * k]);
            var theirsWave = Parse(lines[(2 * k) + 1]);
            for (var i = 0; i < flat.Length; i++)
            {
                var axis = i % n;
                if (axis < 2)
                {
                    Assert.True(Math.Abs(ours[i] - theirs[i]) < 1e-9, $"{name} [{i}] ours {ours[i]} astropy {theirs[i]}");
                }
                else if (axis == 2)
                {
                    Assert.True(Math.Abs(ours[i] - theirs[i]) <= 1e-10 * Math.Abs(theirs[i]), $"{name} spectral [{i}] ours {ours[i]} astropy {theirs[i]}");
                    Assert.True(Math.Abs(oursWave[i] - theirsWave[i]) <= 1e-10 * Math.Abs(theirsWave[i]), $"{name} wave [{i}] ours {oursWave[i]} astropy {theirsWave[i]}");
                }
            }
        }
    }

    private static double[] Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
}

using System.Globalization;
using VoServices.Fits;
using VoServices.Soda;
using VoServices.Core.Tests.Demo;
using VoServices.Core.Tests.Wcs;
using static VoServices.Core.Tests.Soda.Cutouts;

namespace VoServices.Core.Tests.Soda;

/// <summary>
/// astropy reads the cutouts: they pass fits verify('exception'), their data equal numpy slices of the
/// source (scaled int16 with BLANK included), and astropy's WCS of cutout and source agree voxel for voxel.
/// </summary>
public sealed class SodaAstropyTests(DemoDirectory demo) : IClassFixture<DemoDirectory>
{
    [Fact]
    public async Task Astropy_reads_cube_cutouts_with_the_source_data_and_wcs()
    {
        (string Product, (string, string)[] Filters)[] cases =
        [
            ("cubes/oh/UOri_OH1612.fits", [("CIRCLE", "88.955 20.175 0.01"), ("BAND", "0.185924 0.185926")]),
            ("cubes/continuum/3C286_IQUV.fits", [("POL", "I"), ("POL", "V"), ("CIRCLE", "202.784533 30.509155 0.01")]),
            ("cubes/hi/WLM_HI.fits", [("CIRCLE", "359.9 -15.4 0.3")]),
            ("cubes/galactic/W51_13CO.fits", [("POS", "RANGE 290.9 290.93 14.5 14.53")]),
            ("cubes/hi/NGC3172_HI.fits", [("CIRCLE", "0 90 0.5")]),
        ];
        var dir = Directory.CreateTempSubdirectory("vo-soda-astropy-").FullName;
        try
        {
            var lines = new List<string>();
            for (var i = 0; i < cases.Length; i++)
            {
                var source = demo.File(cases[i].Product);
                var plan = await PlanOverlapAsync(source, cases[i].Filters);
                Assert.True(plan.PixelRanges.Aggregate(1L, (n, r) => n * r.Count) < FitsReader.ReadHdus(source)[0].ElementCount, "a real cutout");
                var output = Path.Combine(dir, $"cut{i}.fits");
                await File.WriteAllBytesAsync(output, await WriteAsync(plan));
                // numpy indexes the last FITS axis first; 0-based start, exclusive stop, step.
                var slices = string.Join(", ", plan.PixelRanges.Reverse().Select(r => $"slice({r.First - 1}, {r.Last}, {r.Step})"));
                var firsts = string.Join(", ", plan.PixelRanges.Select(r => Inv(r.First - 1)));
                var steps = string.Join(", ", plan.PixelRanges.Select(r => Inv(r.Step)));
                lines.Add($"('{source}', '{output}', ({slices},), [{firsts}], [{steps}])");
            }

            var results = Astropy.Run($$"""
                from astropy.io import fits
                from astropy.wcs import WCS
                import numpy as np
                for src, cut, slices, firsts, steps in [
                    {{string.Join(",\n    ", lines)}}]:
                    with fits.open(cut) as c:
                        c.verify('exception')
                        data = c[0].data
                        wc = WCS(c[0].header)
                    with fits.open(src) as s:
                        expected = s[0].data[slices]
                        ws = WCS(s[0].header)
                    same = expected.shape == data.shape and np.array_equal(expected, data, equal_nan=True)
                    n = data.ndim
                    shape = data.shape[::-1]
                    pix = np.array([[0] * n, [k - 1 for k in shape], [k // 2 for k in shape]], dtype=float)
                    src_pix = pix * np.array(steps) + np.array(firsts)
                    diff = np.nanmax(np.abs(wc.wcs_pix2world(pix, 0) - ws.wcs_pix2world(src_pix, 0)))
                    print(int(same), repr(float(diff)), 'x'.join(str(k) for k in shape))
                """).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(cases.Length, results.Length);
            for (var i = 0; i < cases.Length; i++)
            {
                var parts = results[i].Split(' ');
                Assert.True(parts[0] == "1", $"{cases[i].Product}: astropy sees other data ({results[i]})");
                Assert.True(double.Parse(parts[1], CultureInfo.InvariantCulture) < 1e-9, $"{cases[i].Product}: WCS differs by {parts[1]}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Astropy_reads_an_rss_cutout_as_the_selected_rows_and_columns()
    {
        var source = demo.File("rss/lvmCFrame-00012345.fits");
        var plan = await PlanOverlapAsync(source, ("CIRCLE", "270.9042 -24.3867 0.02"), ("BAND", "4.8e-7 5.1e-7"));
        var dir = Directory.CreateTempSubdirectory("vo-soda-astropy-").FullName;
        try
        {
            var output = Path.Combine(dir, "rss.fits");
            await File.WriteAllBytesAsync(output, await WriteAsync(plan));
            var w = plan.PixelRanges[0];
            var result = Astropy.Run($$"""
                from astropy.io import fits
                import numpy as np
                rows = np.array([{{string.Join(", ", plan.Fibres!.Select(f => Inv(f - 1)))}}])
                cols = slice({{w.First - 1}}, {{w.Last}})
                with fits.open('{{output}}') as c, fits.open('{{source}}') as s:
                    c.verify('exception')
                    ok = [h.name for h in c] == [h.name for h in s]
                    for name in ['FLUX', 'IVAR', 'MASK', 'LSF']:
                        ok = ok and np.array_equal(c[name].data, s[name].data[rows][:, cols], equal_nan=True)
                    ok = ok and np.array_equal(c['WAVE'].data, s['WAVE'].data[cols])
                    ok = ok and all(np.array_equal(c['SLITMAP'].data[k], s['SLITMAP'].data[k][rows]) for k in s['SLITMAP'].columns.names)
                    print(int(ok), len(c['SLITMAP'].data))
                """).Trim();
            Assert.Equal($"1 {plan.Fibres!.Count}", result);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);
}

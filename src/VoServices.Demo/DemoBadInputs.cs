using VoServices.Fits;

namespace VoServices.Demo;

/// <summary>Deliberately broken files for ingest's bad-input tests.</summary>
internal static class DemoBadInputs
{
    public static IReadOnlyList<(BadInput Input, byte[] Content)> Files()
    {
        var good = SmallCube(1f, "RA---SIN", "DEC--SIN", withWcs: true);
        return
        [
            (new BadInput("truncated-data.fits", BadInputKind.TruncatedData), good[..(2880 + 1000)]),
            (new BadInput("truncated-header.fits", BadInputKind.TruncatedHeader), good[..1200]),
            (new BadInput("not-fits.fits", BadInputKind.NotFits), "This is a text file that only pretends to be FITS.\n"u8.ToArray()),
            (new BadInput("all-nan.fits", BadInputKind.AllNaN), SmallCube(float.NaN, "RA---SIN", "DEC--SIN", withWcs: true)),
            (new BadInput("unknown-ctype.fits", BadInputKind.UnknownCType), SmallCube(1f, "RA---XYZ", "DEC--XYZ", withWcs: true)),
            (new BadInput("no-wcs.fits", BadInputKind.NoWcs), SmallCube(1f, string.Empty, string.Empty, withWcs: false)),
        ];
    }

    /// <summary>A 16 × 16 × 8 float cube (4 data blocks after a one-block header) filled with <paramref name="value"/>.</summary>
    private static byte[] SmallCube(float value, string ctype1, string ctype2, bool withWcs)
    {
        var h = new FitsHeaderBuilder().Set("OBJECT", "BAD INPUT").Set("BUNIT", "Jy/beam").Set("DATE-OBS", "2020-01-01T00:00:00");
        if (withWcs)
        {
            h.Set("CTYPE1", ctype1).Set("CRVAL1", 150.0).Set("CDELT1", -0.001).Set("CRPIX1", 8.5)
                .Set("CTYPE2", ctype2).Set("CRVAL2", 2.0).Set("CDELT2", 0.001).Set("CRPIX2", 8.5)
                .Set("CTYPE3", "FREQ").Set("CRVAL3", 1.42e9).Set("CDELT3", 1e5).Set("CRPIX3", 1.0).Set("CUNIT3", "Hz");
        }

        var data = Enumerable.Repeat(value, 16 * 16 * 8).ToArray();
        return DemoCubes.Write(w => w.WriteImage<float>([16, 16, 8], data, h));
    }
}

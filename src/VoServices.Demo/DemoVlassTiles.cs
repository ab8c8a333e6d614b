using VoServices.Fits;

namespace VoServices.Demo;

/// <summary>
/// A VLASS-like tile set for bulk cutouts: four overlapping image cubes in a 2 × 2 grid (SIN, 2″ pixels, 16 FREQ
/// channels over 2–4 GHz, Stokes I, Q, U), each pixel's value telling its tile, position, channel and Stokes plane, so
/// a cutout shows where it came from. Written on demand (tests, benchmarks), not part of the default demo collection.
/// </summary>
public static class DemoVlassTiles
{
    public const double CentreRa = 150.0;
    public const double CentreDec = 2.0;
    public const double PixelArcsec = 2.0;
    public const int Channels = 16;
    public const int Stokes = 3;

    /// <summary>Tile centres are this far (degrees) from the set's centre in RA·cos(Dec) and Dec: side − offset·2 overlap.</summary>
    public static double OffsetDeg(int width) => (width * PixelArcsec / 3600 / 2) - (60.0 / 3600 / 2);

    /// <summary>The relative file names, in tile order.</summary>
    public static IReadOnlyList<string> Files { get; } = [.. Enumerable.Range(1, 4).Select(n => $"vlass/VLASS_T{n}.fits")];

    /// <summary>Writes the four tiles (<paramref name="width"/>² pixels each) under <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(string directory, int width, CancellationToken cancellationToken)
    {
        var offset = OffsetDeg(width);
        for (var t = 0; t < 4; t++)
        {
            var (sx, sy) = (t % 2 == 0 ? -1 : 1, t < 2 ? -1 : 1);
            var dec = CentreDec + (sy * offset);
            var ra = CentreRa + (sx * offset / Math.Cos(CentreDec * Math.PI / 180));
            var h = new FitsHeaderBuilder().Set("BUNIT", "Jy/beam", "brightness (pixel) unit");
            DemoCubes.Beam(h, 2.5, 2.5, 0.0);
            DemoCubes.Celestial(h, "SIN", ra, dec, PixelArcsec, (width / 2.0) + 0.5, (width / 2.0) + 0.5);
            h.Set("RADESYS", "ICRS");
            h.Remove("EQUINOX");
            h.Set("CTYPE3", "FREQ").Set("CRVAL3", 2.0625e9, "[Hz]").Set("CDELT3", 1.25e8, "[Hz]").Set("CRPIX3", 1.0).Set("CUNIT3", "Hz")
                .Set("CTYPE4", "STOKES").Set("CRVAL4", 1.0, "1 = I").Set("CDELT4", 1.0).Set("CRPIX4", 1.0).Set("CUNIT4", "")
                .Set("SPECSYS", "TOPOCENT")
                .Set("TILENAME", $"T{t + 1}", "VLASS-like tile");
            DemoCubes.Observation(h, $"VLASS T{t + 1}", "VLA", "VLA", "2019-04-14T05:30:00.0", 5.0);
            h.Set("ORIGIN", "VoServices demo-data", "synthetic data").Set("DATE", "2024-01-01T00:00:00", "fixed so the file is byte-identical");
            var data = new float[width * width * Channels * Stokes];
            for (var s = 0; s < Stokes; s++)
            {
                for (var k = 0; k < Channels; k++)
                {
                    for (var j = 0; j < width; j++)
                    {
                        for (var i = 0; i < width; i++)
                        {
                            data[i + (width * (j + (width * (k + (Channels * s)))))] = ((t + 1) * 1000) + (s * 100) + k + (i * 1e-3f) + (j * 1e-6f);
                        }
                    }
                }
            }

            var path = Path.Combine(directory, Files[t]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var file = File.Create(path);
            using var writer = new FitsWriter(file, leaveOpen: true);
            await writer.WriteImageAsync<float>([width, width, Channels, Stokes], data, h, cancellationToken);
        }
    }
}

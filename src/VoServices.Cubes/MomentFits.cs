using System.Text.RegularExpressions;
using VoServices.Fits;

namespace VoServices.Cubes;

/// <summary>
/// Writes moment maps as FITS: one image HDU per map (the first one primary), BITPIX −32, the cube's celestial
/// WCS with the spectral and Stokes axes' keywords removed, BUNIT derived, beam (BMAJ/BMIN/BPA) and the cube's
/// other keywords kept, and provenance (source ID, channels and velocities used, convention, clip).
/// </summary>
public static partial class MomentFits
{
    /// <summary>
    /// BUNIT of a map made of a cube in <paramref name="cubeUnit"/>, in the FITS standard's unit syntax (what astropy
    /// writes and reads back): M0 of Jy/beam is `Jy km s-1/beam` — `Jy/beam.km/s` would be read by astropy as
    /// Jy / (beam km s) —, velocities `km s-1`, the second moment `km2 s-2`.
    /// </summary>
    public static string? Unit(MomentKind kind, string? cubeUnit)
    {
        var unit = string.IsNullOrWhiteSpace(cubeUnit) ? null : cubeUnit.Trim();
        return kind switch
        {
            MomentKind.Zero => unit is null ? "km s-1" : unit.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash
                ? unit[..slash] + " km s-1" + unit[slash..]
                : unit + " km s-1",
            MomentKind.One or MomentKind.Sigma or MomentKind.Fwhm or MomentKind.VPeak => "km s-1",
            MomentKind.Two => "km2 s-2",
            _ => unit,
        };
    }

    public static async Task WriteAsync(MomentMaps maps, CubeFile cube, MomentRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(request);
        await using var writer = new FitsWriter(output, leaveOpen: true);
        var pixels = new float[maps.Width * maps.Height];
        foreach (var (kind, map) in maps.Maps)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (float)map[i];
            }

            await writer.WriteImageAsync<float>([maps.Width, maps.Height], pixels, Header(kind, maps, cube, request), cancellationToken);
        }
    }

    /// <summary>The header of one map.</summary>
    public static FitsHeaderBuilder Header(MomentKind kind, MomentMaps maps, CubeFile cube, MomentRequest request)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(request);
        var source = cube.Header;
        var kept = source.CardImages.Where((_, i) => !Dropped(source.Cards[i].Keyword));
        var header = FitsHeaderBuilder.FromHeader(new FitsHeader(kept));
        header.Remove("BUNIT");
        if (source.Contains("WCSAXES"))
        {
            header.Set("WCSAXES", 2);
        }

        if (Unit(kind, source.GetString("BUNIT")) is { } unit)
        {
            header.Set("BUNIT", unit);
        }

        var name = MomentRequest.Name(kind);
        var (v0, v1) = (maps.Axis.Velocity[maps.FirstChannel], maps.Axis.Velocity[maps.LastChannel]);
        header.Set("EXTNAME", "MOMENT" + name.ToUpperInvariant())
            .Set("MOMENT", name, "what this map is (vo /cube/moment)")
            .Set("SRCDID", Fit(request.Id), "obs_publisher_did of the cube")
            .Set("CHAN1", maps.FirstChannel + 1, "first channel used (1-based)")
            .Set("CHAN2", maps.LastChannel + 1, "last channel used (1-based)")
            .Set("VEL1", Math.Min(v0, v1), "km/s, lowest channel centre used")
            .Set("VEL2", Math.Max(v0, v1), "km/s, highest channel centre used")
            .Set("VELDEF", VelocityAxis.Name(maps.Axis.Definition), "velocity convention");
        if (request.RestFrequency is { } nu)
        {
            header.Set("RESTFRQ", nu, "Hz, as the request gave it");
        }

        if (maps.X0 != 0 || maps.Y0 != 0)
        {
            // The maps begin at (X0, Y0) of the cube: the same sky at pixel p − X0, in every WCS the header carries.
            foreach (var card in source.Cards.Where(c => CelestialReferencePixel().IsMatch(c.Keyword)))
            {
                header.Set(card.Keyword, source.GetDouble(card.Keyword, 0.0) - (card.Keyword[5] == '1' ? maps.X0 : maps.Y0));
            }
        }

        if (request.Region is not null)
        {
            header.Set("SUBX1", maps.X0 + 1, "first cube column mapped (1-based; the region's box)")
                .Set("SUBY1", maps.Y0 + 1, "first cube row mapped (1-based)");
        }

        if (maps.ClipLevel is { } level)
        {
            header.Set("CLIP", level, "voxels below this value were left out");
            if (maps.Noise is { } noise)
            {
                header.Set("CLIPSIG", request.Clip!.Value, "CLIP is this many sigma")
                    .Set("NOISE", noise.Sigma, "sigma: 1.4826 MAD of the sampled voxels")
                    .Set("NOISEN", noise.Samples, "voxels the noise was estimated from")
                    .Set("NOISECH", noise.LineFree ? "line-free" : "all", "channels sampled: outside the range, or all")
                    .Set("NOISESTP", noise.ChannelStride, "every n-th of those channels was read")
                    .Set("NOISEPIX", noise.PixelStride, "every n-th row and column was read");
            }
        }

        if (maps.EmptyPixels > 0)
        {
            header.Set("NODATA", maps.EmptyPixels, "pixels with no voxel kept: NaN");
            if (maps.EmptyPixels == (long)maps.Width * maps.Height)
            {
                header.AddComment("WARNING: no voxel was kept (all NaN, BLANK or below CLIP): every pixel is NaN.");
            }
        }

        if (kind == MomentKind.Two && maps.NegativeVariance > 0)
        {
            header.Set("NEGVAR", maps.NegativeVariance, "pixels whose second moment is negative");
        }

        header.AddHistory($"Moment {name} of {Fit(request.Id)} over channels {maps.FirstChannel + 1}-{maps.LastChannel + 1},")
            .AddHistory($"each weighted by its own width |dv| from WCSLIB; {Fit(maps.Axis.Note)}.");
        return header;
    }

    // Keywords of axes 3 and up (the spectral and Stokes axes), and of the pixel encoding the float output replaces.
    private static bool Dropped(string keyword) =>
        keyword is "BSCALE" or "BZERO" or "BLANK" or "DATAMIN" or "DATAMAX" or "EXTNAME" || HigherAxis().IsMatch(keyword);

    private static string Fit(string text) => text.Length <= 68 ? text : text[..68];

    [GeneratedRegex(@"^CRPIX[12][A-Z]?$")]
    private static partial Regex CelestialReferencePixel();

    [GeneratedRegex(@"^((CTYPE|CRVAL|CDELT|CRPIX|CUNIT|CROTA|CNAME|CRDER|CSYER|CPERI|SPEC)[3-9][A-Z]?|(PC|CD)0*[0-9]+_0*[3-9][A-Z]?|(PC|CD)0*[3-9]_0*[0-9]+[A-Z]?|P[VS][3-9]_[0-9]+[A-Z]?)$")]
    private static partial Regex HigherAxis();
}

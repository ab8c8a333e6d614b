using System.Text.RegularExpressions;
using VoServices.Fits;

namespace VoServices.Cubes;

/// <summary>
/// Writes channel maps as one 3-D FITS image (BITPIX −32): the cube's celestial WCS, the spectral axis rebinned —
/// CDELT3 (or CD3_3) × NBIN and CRPIX3 moved so that pixel b is the centre of bin b — which is exact for every
/// spectral algorithm, linear or not, since WCSLIB's pixel → intermediate step is linear. BUNIT is the cube's times
/// km s-1 (as moment 0), the beam and other keywords kept, Stokes axis keywords removed, provenance added.
/// </summary>
public static partial class ChannelMapFits
{
    public static async Task WriteAsync(ChannelMapSet maps, CubeFile cube, ChannelMapRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(maps);
        await using var writer = new FitsWriter(output, leaveOpen: true);
        await writer.WriteImageAsync<float>([maps.Width, maps.Height, maps.Bins], maps.Data, Header(maps, cube, request), cancellationToken);
    }

    public static FitsHeaderBuilder Header(ChannelMapSet maps, CubeFile cube, ChannelMapRequest request)
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
            header.Set("WCSAXES", 3);
        }

        if (MomentFits.Unit(MomentKind.Zero, source.GetString("BUNIT")) is { } unit)
        {
            header.Set("BUNIT", unit);
        }

        var n = maps.ChannelsPerBin;
        // Old pixel (1-based) of new pixel q: first + (n + 1)/2 + (q − 1)·n, so the old CRPIX3 falls on this new pixel.
        var crpix = 1 + ((source.GetDouble("CRPIX3", 0.0) - maps.FirstChannel - ((n + 1) / 2.0)) / n);
        header.Set("CRPIX3", crpix);
        if (source.GetDouble("CD3_3") is { } cd)
        {
            header.Set("CD3_3", cd * n);
        }
        else
        {
            header.Set("CDELT3", source.GetDouble("CDELT3", 1.0) * n);
        }

        var last = maps.FirstChannel + (maps.Bins * n) - 1;
        var (v0, v1) = (maps.Axis.Velocity[maps.FirstChannel], maps.Axis.Velocity[last]);
        header.Set("EXTNAME", "CHANNELS")
            .Set("SRCDID", Fit(request.Id), "obs_publisher_did of the cube")
            .Set("CHAN1", maps.FirstChannel + 1, "first channel used (1-based)")
            .Set("CHAN2", last + 1, "last channel used (1-based)")
            .Set("NBIN", n, "channels summed into each map")
            .Set("CHANDROP", maps.Dropped, "channels at the range's end filling no bin")
            .Set("VEL1", Math.Min(v0, v1), "km/s, lowest channel centre used")
            .Set("VEL2", Math.Max(v0, v1), "km/s, highest channel centre used")
            .Set("VELDEF", VelocityAxis.Name(maps.Axis.Definition), "velocity convention of widths and range");
        if (cube.StokesAxis is not null)
        {
            header.Set("POL", request.Pol, "Stokes plane summed");
        }

        header.AddHistory($"Channel maps of {Fit(request.Id)}: each plane is sum(I |dv|) over {n} channels,")
            .AddHistory($"each channel's own width from WCSLIB; {Fit(maps.Axis.Note)}.");
        return header;
    }

    // Keywords of axes 4 and up (the Stokes axis, now chosen), and of the pixel encoding the float output replaces.
    private static bool Dropped(string keyword) =>
        keyword is "BSCALE" or "BZERO" or "BLANK" or "DATAMIN" or "DATAMAX" or "EXTNAME" or "CHECKSUM" or "DATASUM" || HigherAxis().IsMatch(keyword);

    private static string Fit(string text) => text.Length <= 68 ? text : text[..68];

    [GeneratedRegex(@"^((CTYPE|CRVAL|CDELT|CRPIX|CUNIT|CROTA|CNAME|CRDER|CSYER|CPERI)[4-9][A-Z]?|(PC|CD)0*[0-9]+_0*[4-9][A-Z]?|(PC|CD)0*[4-9]_0*[0-9]+[A-Z]?|P[VS][4-9]_[0-9]+[A-Z]?)$")]
    private static partial Regex HigherAxis();
}

using System.Globalization;
using System.Text.RegularExpressions;
using VoServices.Fits;
using VoServices.Fits.Wcs;

namespace VoServices.Cubes;

/// <summary>
/// Writes a PV slice as FITS: a primary 2-D image (BITPIX −32), axis 1 OFFSET in degrees along the path, axis 2 the
/// cube's spectral axis (its keywords renumbered 3 → 2, CRPIX shifted to the first channel kept, a PC/CD scale
/// folded into CDELT), BUNIT and the beam kept, provenance; then a BINTABLE (EXTNAME POSITIONS) with each column's
/// offset, sky position in the cube's frame and cube pixel.
/// </summary>
public static partial class PvFits
{
    public static async Task WriteAsync(PvSlice slice, CubeFile cube, PvRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        // The table writer is synchronous and ASP.NET refuses synchronous body writes: the answer (points × channels
        // floats) is small, so it is made in memory and copied.
        using var memory = new MemoryStream();
        using (var writer = new FitsWriter(memory, leaveOpen: true))
        {
            writer.WriteImage<float>([slice.Points, slice.LastChannel - slice.FirstChannel + 1], slice.Data, Header(slice, cube, request));
            var (lon, lat) = AxisNames(cube);
            writer.WriteBinTable(
                [
                    FitsTableColumn.Float64("OFFSET", slice.Offset, "deg"),
                    FitsTableColumn.Float64(lon, slice.Position.Select(p => p.Ra).ToArray(), "deg"),
                    FitsTableColumn.Float64(lat, slice.Position.Select(p => p.Dec).ToArray(), "deg"),
                    FitsTableColumn.Float64("PIXX", slice.PixelX, "pix"),
                    FitsTableColumn.Float64("PIXY", slice.PixelY, "pix"),
                ],
                new FitsHeaderBuilder().Set("EXTNAME", "POSITIONS")
                    .Set("FRAME", Frame(cube), "frame of the positions (the cube's own)")
                    .AddComment("PIXX, PIXY: 1-based FITS pixel coordinates on the cube's axes 1 and 2."));
        }

        memory.Position = 0;
        await memory.CopyToAsync(output, cancellationToken);
    }

    /// <summary>The primary header: the OFFSET and spectral axes, the cube's other keywords, provenance.</summary>
    public static FitsHeaderBuilder Header(PvSlice slice, CubeFile cube, PvRequest request)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(request);
        var source = cube.Header;
        var kept = source.CardImages.Where((_, i) => !Dropped(source.Cards[i].Keyword));
        var header = FitsHeaderBuilder.FromHeader(new FitsHeader(kept));
        header.Set("CTYPE1", "OFFSET", "angular offset along the path")
            .Set("CUNIT1", "deg")
            .Set("CRPIX1", 1.0)
            .Set("CRVAL1", slice.Offset[0], request.FromCenter ? "offset from the path's centre" : "offset from the path's start")
            .Set("CDELT1", slice.Spacing);
        SpectralAxis(header, source, slice.FirstChannel);
        var (v0, v1) = slice.Axis is { } axis ? (axis.Velocity[slice.FirstChannel], axis.Velocity[slice.LastChannel]) : (double.NaN, double.NaN);
        header.Set("EXTNAME", "PV")
            .Set("SRCDID", Fit(request.Id), "obs_publisher_did of the cube")
            .Set("CHAN1", slice.FirstChannel + 1, "first channel used (1-based)")
            .Set("CHAN2", slice.LastChannel + 1, "last channel used (1-based)")
            .Set("PVORIGIN", request.FromCenter ? "center" : "start", "where OFFSET counts from")
            .Set("PVINTERP", request.Interpolation.ToString().ToLowerInvariant(), "interpolation on each channel plane")
            .Set("PVSPACE", slice.Spacing, "deg between samples along the path")
            .Set("PVWIDTH", request.Width ?? slice.PixelScale, "deg averaged across the path")
            .Set("PVNCROSS", slice.CrossSamples, "samples averaged across the path")
            .Set("PVNVERT", request.Vertices.Count, "vertices of the path (HISTORY)")
            .Set("PVFRAME", request.Native ? Frame(cube) : "ICRS", "frame the path was given in");
        if (cube.StokesAxis is not null)
        {
            header.Set("POL", request.Pol, "Stokes plane sliced");
        }

        if (double.IsFinite(v0))
        {
            header.Set("VEL1", Math.Min(v0, v1), "km/s, lowest channel centre used")
                .Set("VEL2", Math.Max(v0, v1), "km/s, highest channel centre used")
                .Set("VELDEF", VelocityAxis.Name(slice.Axis!.Definition), "velocity convention of VLOW/VHIGH");
        }

        header.AddHistory($"PV slice of {Fit(request.Id)} along great circles through ({(request.Native ? "cube frame" : "ICRS")}, deg):");
        foreach (var v in request.Vertices)
        {
            header.AddHistory(string.Create(CultureInfo.InvariantCulture, $"  {v.Ra:R} {v.Dec:R}"));
        }

        return header;
    }

    // Axis 3's keywords as axis 2, the channel axis cut to the channels kept; CD3_3 or PC3_3 × CDELT3 becomes CDELT2
    // (a spectral axis has no cross terms with the sky).
    private static void SpectralAxis(FitsHeaderBuilder header, FitsHeader source, int first)
    {
        var cdelt = source.GetDouble("CD3_3") ?? (source.GetDouble("CDELT3", 1.0) * source.GetDouble("PC3_3", 1.0));
        header.Set("CTYPE2", source.GetString("CTYPE3") ?? "")
            .Set("CRPIX2", source.GetDouble("CRPIX3", 0.0) - first)
            .Set("CRVAL2", source.GetDouble("CRVAL3", 0.0))
            .Set("CDELT2", cdelt);
        foreach (var key in (string[])["CUNIT", "CNAME", "CRDER", "CSYER"])
        {
            if (source.GetString(key + "3") is { } text)
            {
                header.Set(key + "2", text);
            }
            else if (source.GetDouble(key + "3") is { } number)
            {
                header.Set(key + "2", number);
            }
        }

        foreach (var card in source.Cards)
        {
            if (SpectralParameter().Match(card.Keyword) is { Success: true } m && source.GetDouble(card.Keyword) is { } value)
            {
                header.Set("PV2_" + m.Groups[1].Value, value);
            }
        }
    }

    private static (string Lon, string Lat) AxisNames(CubeFile cube) => Kind(cube) switch
    {
        CelestialFrameKind.Galactic => ("GLON", "GLAT"),
        CelestialFrameKind.Ecliptic => ("ELON", "ELAT"),
        _ => ("RA", "DEC"),
    };

    private static CelestialFrameKind Kind(CubeFile cube)
    {
        using var wcs = CubeFile.Wcs(cube.Header);
        return wcs.Frame?.Kind ?? CelestialFrameKind.Other;
    }

    private static string Frame(CubeFile cube)
    {
        using var wcs = CubeFile.Wcs(cube.Header);
        return wcs.Frame?.Name ?? "unknown";
    }

    // Every axis's WCS keywords (they are made anew for OFFSET and the spectral axis), alternate WCSs, and the pixel
    // encoding the float output replaces.
    private static bool Dropped(string keyword) =>
        keyword is "BSCALE" or "BZERO" or "BLANK" or "DATAMIN" or "DATAMAX" or "EXTNAME" or "CHECKSUM" or "DATASUM" or "LONPOLE" or "LATPOLE"
            || AnyAxis().IsMatch(keyword);

    private static string Fit(string text) => text.Length <= 68 ? text : text[..68];

    [GeneratedRegex(@"^((CTYPE|CRVAL|CDELT|CRPIX|CUNIT|CROTA|CNAME|CRDER|CSYER|CPERI)[0-9]+[A-Z]?|(PC|CD)0*[0-9]+_0*[0-9]+[A-Z]?|P[VS][0-9]+_[0-9]+[A-Z]?|WCSAXES[A-Z]?|LONPOLE[A-Z]|LATPOLE[A-Z]|WCSNAME[A-Z]?)$")]
    private static partial Regex AnyAxis();

    [GeneratedRegex(@"^PV3_([0-9]+)$")]
    private static partial Regex SpectralParameter();
}

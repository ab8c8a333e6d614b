using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VoServices.Dali;
using VoServices.Fits;

namespace VoServices.Hips2Fits;

/// <summary>
/// Reads a hips2fits request from its parameters (names case-insensitive), as CDS's hips2fits and astroquery's
/// client send them, plus the LVM cutout service's aliases `pa` (rotation_angle), `min` and `max` (the cuts).
/// Every refusal names its parameter (<see cref="Hips2FitsException.Parameter"/>).
/// </summary>
public static partial class Hips2FitsParameters
{
    /// <summary>The celestial projection codes WCSLIB implements without extra PVi_m parameters.</summary>
    public static IReadOnlyList<string> Projections { get; } =
        ["AZP", "SZP", "TAN", "STG", "SIN", "ARC", "ZEA", "AIR", "CYP", "CEA", "CAR", "MER", "SFL", "PAR", "MOL", "AIT", "PCO", "TSC", "CSC", "QSC", "HPX", "XPH"];

    public static IReadOnlyList<string> CoordinateSystems { get; } = ["icrs", "galactic"];

    public static Hips2FitsRequest Parse(DaliParameters parameters, string? hipsFromPath = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var hips = hipsFromPath ?? Single(parameters, "hips");
        if (string.IsNullOrWhiteSpace(hips))
        {
            throw Hips2FitsException.Parameter("hips", "Give the HiPS to cut from: hips=<collection>/<name> as /hipslist lists it, or its creator_did");
        }

        var wcs = Single(parameters, "wcs") is { } json ? FromJson(json) : FromCentre(parameters);
        var format = Single(parameters, "format")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "fits" => CutoutFormat.Fits,
            "png" => CutoutFormat.Png,
            "jpg" or "jpeg" => CutoutFormat.Jpeg,
            var other => throw Hips2FitsException.Parameter("format", $"'{DaliParameters.Shorten(other)}' is not fits, png or jpg"),
        };
        var interp = Single(parameters, "interp")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "bilinear" => CutoutInterpolation.Bilinear,
            "nearest" => CutoutInterpolation.Nearest,
            var other => throw Hips2FitsException.Parameter("interp", $"'{DaliParameters.Shorten(other)}' is not bilinear or nearest"),
        };
        var stretch = Single(parameters, "stretch") is { Length: > 0 } s
            ? CutoutStretches.Parse(s) ?? throw Hips2FitsException.Parameter("stretch", $"'{DaliParameters.Shorten(s)}' is not one of {string.Join(", ", CutoutStretches.Names)}")
            : CutoutStretch.Linear;
        var cmap = Single(parameters, "cmap") is { Length: > 0 } c ? c.Trim() : CutoutDisplay.Default.ColorMap;
        if (CutoutColorMaps.Table(cmap) is null)
        {
            throw Hips2FitsException.Parameter("cmap", $"'{DaliParameters.Shorten(cmap)}' is not a colour map here; these are: {string.Join(", ", CutoutColorMaps.Names)}");
        }

        var min = Cut(parameters, "min_cut", "min") ?? CutoutCut.DefaultMin;
        var max = Cut(parameters, "max_cut", "max") ?? CutoutCut.DefaultMax;
        if (min.IsPercentile == max.IsPercentile && min.Value >= max.Value)
        {
            throw Hips2FitsException.Parameter("min_cut", $"min_cut {min} must be below max_cut {max}");
        }

        var inverted = Single(parameters, "inverted")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "false" or "0" or "no" => false,
            "true" or "1" or "yes" => true,
            var other => throw Hips2FitsException.Parameter("inverted", $"'{DaliParameters.Shorten(other)}' is not true or false"),
        };
        return new Hips2FitsRequest(hips.Trim(), wcs, format, interp, new CutoutDisplay(stretch, cmap, min, max, inverted));
    }

    // ra, dec, fov, width, height, projection, coordsys, rotation_angle: the reference pixel at the image centre,
    // (w + 1) / 2, (h + 1) / 2 in FITS pixels, square pixels of fov / max(w, h), north up before rotation.
    private static CutoutWcs FromCentre(DaliParameters parameters)
    {
        var width = Side(parameters, "width");
        var height = Side(parameters, "height");
        CheckArea(width, height);
        var ra = Number(parameters, "ra", required: true)!.Value;
        var dec = Number(parameters, "dec", required: true)!.Value;
        if (dec is < -90 or > 90)
        {
            throw Hips2FitsException.Parameter("dec", $"{Format(dec)} is not a latitude from -90 to 90 degrees");
        }

        var fov = Number(parameters, "fov", required: true)!.Value;
        if (fov is <= 0 or > Hips2FitsLimits.MaxFov)
        {
            throw Hips2FitsException.Parameter("fov", $"{Format(fov)} degrees is not in (0, {Hips2FitsLimits.MaxFov}]");
        }

        var projection = (Single(parameters, "projection") is { Length: > 0 } p ? p.Trim() : "TAN").ToUpperInvariant();
        if (!Projections.Contains(projection))
        {
            throw Hips2FitsException.Parameter("projection", $"'{DaliParameters.Shorten(projection)}' is not one of {string.Join(", ", Projections)}");
        }

        var coordsys = (Single(parameters, "coordsys") is { Length: > 0 } f ? f.Trim() : "icrs").ToLowerInvariant();
        if (!CoordinateSystems.Contains(coordsys))
        {
            throw Hips2FitsException.Parameter("coordsys", $"'{DaliParameters.Shorten(coordsys)}' is not icrs or galactic");
        }

        var rotation = Number(parameters, "rotation_angle", required: false) ?? Number(parameters, "pa", required: false) ?? 0;
        var scale = fov / Math.Max(width, height);
        var galactic = coordsys == "galactic";
        var (lonType, latType) = galactic ? ("GLON-", "GLAT-") : ("RA---", "DEC--");
        // rotation_angle is CROTA2: the image turns counter-clockwise on the sky by that angle (north towards east).
        var theta = rotation * Math.PI / 180;
        var (cos, sin) = (Math.Cos(theta), Math.Sin(theta));
        var cards = new FitsHeaderBuilder()
            .Set("WCSAXES", 2)
            .Set("CTYPE1", lonType + projection)
            .Set("CTYPE2", latType + projection)
            .Set("CUNIT1", "deg")
            .Set("CUNIT2", "deg")
            .Set("CRPIX1", (width + 1) / 2.0, "the image centre")
            .Set("CRPIX2", (height + 1) / 2.0, "the image centre")
            .Set("CRVAL1", ((ra % 360) + 360) % 360)
            .Set("CRVAL2", dec)
            .Set("CDELT1", -scale)
            .Set("CDELT2", scale)
            .Set("PC1_1", Clean(cos))
            .Set("PC1_2", Clean(sin))
            .Set("PC2_1", Clean(-sin))
            .Set("PC2_2", Clean(cos));
        if (!galactic)
        {
            cards.Set("RADESYS", "ICRS");
        }

        return new CutoutWcs(width, height, [.. cards.CardImages()]);
    }

    // `wcs`: a JSON object of FITS keywords (astropy's WCS.to_header() plus NAXIS1, NAXIS2), as astroquery sends it.
    private static CutoutWcs FromJson(string json)
    {
        if (json.Length > Hips2FitsLimits.MaxWcsChars)
        {
            throw Hips2FitsException.Parameter("wcs", $"the header is longer than {Hips2FitsLimits.MaxWcsChars} characters");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Hips2FitsException.Parameter("wcs", $"not a JSON object of FITS keywords ({e.Message})");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Hips2FitsException.Parameter("wcs", "not a JSON object of FITS keywords, e.g. {\"NAXIS1\": 500, \"NAXIS2\": 500, \"CTYPE1\": \"RA---TAN\", …}");
        }

        var cards = new FitsHeaderBuilder();
        int? width = null, height = null;
        var count = 0;
        foreach (var property in root.EnumerateObject())
        {
            if (++count > Hips2FitsLimits.MaxWcsKeywords)
            {
                throw Hips2FitsException.Parameter("wcs", $"more than {Hips2FitsLimits.MaxWcsKeywords} keywords");
            }

            var key = property.Name.Trim().ToUpperInvariant();
            if (!KeywordName().IsMatch(key))
            {
                throw Hips2FitsException.Parameter("wcs", $"'{DaliParameters.Shorten(property.Name)}' is not a FITS keyword");
            }

            var value = property.Value;
            if (key is "NAXIS1" or "NAXIS2")
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n) || n < 1 || n > Hips2FitsLimits.MaxSide)
                {
                    throw Hips2FitsException.Parameter("wcs", $"{key} must be an integer from 1 to {Hips2FitsLimits.MaxSide}");
                }

                if (key == "NAXIS1")
                {
                    width = n;
                }
                else
                {
                    height = n;
                }

                continue;
            }

            if (FitsHeaderBuilder.IsStructural(key) || key is "COMMENT" or "HISTORY" or "END")
            {
                continue;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    if (value.TryGetInt64(out var integer))
                    {
                        cards.Set(key, integer);
                    }
                    else
                    {
                        cards.Set(key, value.GetDouble());
                    }

                    break;
                case JsonValueKind.String:
                    var text = value.GetString()!;
                    if (text.Length > 68 || text.Any(ch => ch is < ' ' or > '~'))
                    {
                        throw Hips2FitsException.Parameter("wcs", $"{key}: a FITS string value has at most 68 printable ASCII characters");
                    }

                    cards.Set(key, text);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    cards.Set(key, value.GetBoolean());
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    throw Hips2FitsException.Parameter("wcs", $"{key}: a value must be a number, a string or a boolean");
            }
        }

        if (width is not { } w || height is not { } h)
        {
            throw Hips2FitsException.Parameter("wcs", "the header needs NAXIS1 and NAXIS2, the size of the image");
        }

        CheckArea(w, h);
        return new CutoutWcs(w, h, [.. cards.CardImages()]);
    }

    private static CutoutCut? Cut(DaliParameters parameters, string name, string alias)
    {
        var (used, text) = Single(parameters, name) is { } t ? (name, t) : (alias, Single(parameters, alias));
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        if (!double.TryParse(percent ? trimmed[..^1] : trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Hips2FitsException.Parameter(used, $"'{DaliParameters.Shorten(text)}' is neither a number nor a percentile such as 0.5%");
        }

        if (percent && value is < 0 or > 100)
        {
            throw Hips2FitsException.Parameter(used, $"{Format(value)}% is not a percentile from 0 to 100");
        }

        return new CutoutCut(value, percent);
    }

    private static int Side(DaliParameters parameters, string name)
    {
        var text = Single(parameters, name) ?? throw Hips2FitsException.Parameter(name, $"{name} is required (pixels, 1 to {Hips2FitsLimits.MaxSide}), unless wcs gives the geometry");
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1 || n > Hips2FitsLimits.MaxSide)
        {
            throw Hips2FitsException.Parameter(name, $"'{DaliParameters.Shorten(text)}' is not a whole number of pixels from 1 to {Hips2FitsLimits.MaxSide}");
        }

        return n;
    }

    private static void CheckArea(int width, int height)
    {
        if ((long)width * height > Hips2FitsLimits.MaxPixels)
        {
            throw new Hips2FitsException("Image too large",
                $"{width} × {height} pixels is more than the {Hips2FitsLimits.MaxPixels:N0} pixels one cutout may have", 413);
        }
    }

    private static double? Number(DaliParameters parameters, string name, bool required)
    {
        var text = Single(parameters, name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return required ? throw Hips2FitsException.Parameter(name, $"{name} (degrees) is required, unless wcs gives the geometry") : null;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Hips2FitsException.Parameter(name, $"'{DaliParameters.Shorten(text)}' is not a finite number of degrees");
        }

        return value;
    }

    private static string? Single(DaliParameters parameters, string name)
    {
        var all = parameters.GetAll(name);
        return all.Count switch
        {
            0 => null,
            1 => all[0],
            _ => throw Hips2FitsException.Parameter(name, $"{name} is given {all.Count} times; give it once"),
        };
    }

    // An exact 0 rather than 6e-17, so an unrotated image has a clean PC matrix.
    private static double Clean(double v) => Math.Abs(v) < 1e-15 ? 0 : v;

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Z0-9_-]{1,8}$")]
    private static partial Regex KeywordName();
}

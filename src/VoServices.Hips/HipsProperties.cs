using System.Globalization;
using System.Text;

namespace VoServices.Hips;

/// <summary>
/// The `properties` file of a built image HiPS: the HiPS 1.0 mandatory keywords plus the technical ones we know.
/// <see cref="Aggregation"/> goes out as `hips_tile_aggregation`, a keyword of ours: neither HiPS 1.0 nor
/// hipsgen names how lower orders are made (the 2.0 draft only has the free-text `hips_processing`), and
/// clients ignore keywords they do not know (hipsgen's LINT lists it as "unreferenced", not an error).
/// The combination of repeated cells is the standard's `hips_overlay` ("pixel composition method").
/// </summary>
public sealed record HipsProperties(
    string CreatorDid,
    string ObsTitle,
    DateTimeOffset ReleaseDate,
    int Order,
    int OrderMin,
    HipsFrame Frame,
    int TileWidth,
    double DataMin,
    double DataMax,
    long TileCount,
    double SkyFraction,
    string Builder)
{
    public IReadOnlyList<string> TileFormats { get; init; } = ["fits"];

    public (double Low, double High)? PixelCut { get; init; }

    /// <summary>`hips_pixel_function`: the PNG tiles' stretch.</summary>
    public string? PixelFunction { get; init; }

    public string? Bunit { get; init; }

    public (double Ra, double Dec, double Fov)? InitialView { get; init; }

    public string? Creator { get; init; }

    public HipsCombine Overlay { get; init; } = HipsCombine.Mean;

    public HipsAggregation Aggregation { get; init; } = HipsAggregation.Mean;

    /// <summary>`keyword = value` lines, LF-terminated, in the order the standard lists them.</summary>
    public string Render()
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var lines = new List<(string Key, string? Value)>
        {
            ("creator_did", CreatorDid),
            ("obs_title", ObsTitle),
            ("dataproduct_type", "image"),
            ("hips_version", "1.4"),
            ("hips_release_date", ReleaseDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)),
            ("hips_status", "public master clonableOnce"),
            ("hips_tile_format", string.Join(' ', TileFormats)),
            ("hips_order", Order.ToString(CultureInfo.InvariantCulture)),
            ("hips_frame", Frame.PropertyValue()),
            ("hips_order_min", OrderMin.ToString(CultureInfo.InvariantCulture)),
            ("hips_tile_width", TileWidth.ToString(CultureInfo.InvariantCulture)),
            ("hips_pixel_bitpix", "-32"),
            // Empty maps have no range; the keyword is optional.
            ("hips_data_range", DataMin <= DataMax ? $"{N(DataMin)} {N(DataMax)}" : null),
            ("hips_pixel_cut", PixelCut is var (low, high) ? $"{N(low)} {N(high)}" : null),
            ("hips_pixel_function", PixelFunction),
            ("hips_bunit", Bunit),
            ("hips_initial_ra", InitialView is { } v ? N(v.Ra) : null),
            ("hips_initial_dec", InitialView is { } d ? N(d.Dec) : null),
            ("hips_initial_fov", InitialView is { } f ? N(f.Fov) : null),
            ("hips_nb_tiles", TileCount.ToString(CultureInfo.InvariantCulture)),
            ("moc_sky_fraction", N(SkyFraction)),
            ("hips_overlay", Overlay.Name()),
            ("hips_tile_aggregation", Aggregation.Name()),
            ("hips_creator", Creator),
            ("hips_builder", Builder),
        };

        var text = new StringBuilder();
        foreach (var (key, value) in lines)
        {
            if (value is null)
            {
                continue;
            }

            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new ArgumentException($"properties value of {key} must be one line.");
            }

            text.Append(CultureInfo.InvariantCulture, $"{key,-20} = {value}\n");
        }

        return text.ToString();
    }
}

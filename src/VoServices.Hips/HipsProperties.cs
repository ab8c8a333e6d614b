using System.Globalization;
using System.Text;

namespace VoServices.Hips;

/// <summary>The `properties` file of a built image HiPS: the HiPS 1.0 mandatory keywords plus the technical ones we know.</summary>
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
    /// <summary>`keyword = value` lines, LF-terminated, in the order the standard lists them.</summary>
    public string Render()
    {
        var lines = new List<(string Key, string Value)>
        {
            ("creator_did", CreatorDid),
            ("obs_title", ObsTitle),
            ("dataproduct_type", "image"),
            ("hips_version", "1.4"),
            ("hips_release_date", ReleaseDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)),
            ("hips_status", "public master clonableOnce"),
            ("hips_tile_format", "fits"),
            ("hips_order", Order.ToString(CultureInfo.InvariantCulture)),
            ("hips_frame", Frame.PropertyValue()),
            ("hips_order_min", OrderMin.ToString(CultureInfo.InvariantCulture)),
            ("hips_tile_width", TileWidth.ToString(CultureInfo.InvariantCulture)),
            ("hips_pixel_bitpix", "-32"),
            ("hips_nb_tiles", TileCount.ToString(CultureInfo.InvariantCulture)),
            ("moc_sky_fraction", SkyFraction.ToString("R", CultureInfo.InvariantCulture)),
            ("hips_builder", Builder),
        };
        if (DataMin <= DataMax)
        {
            // Empty maps have no range; the keyword is optional.
            lines.Insert(12, ("hips_data_range", string.Create(CultureInfo.InvariantCulture, $"{DataMin:R} {DataMax:R}")));
        }

        var text = new StringBuilder();
        foreach (var (key, value) in lines)
        {
            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new ArgumentException($"properties value of {key} must be one line.");
            }

            text.Append(CultureInfo.InvariantCulture, $"{key,-20} = {value}\n");
        }

        return text.ToString();
    }
}

using System.Globalization;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Products;
using VoServices.Fits.Wcs;

namespace VoServices.Ingest;

/// <summary>
/// ObsCore values of a HiPS survey from its `properties` file (HiPS 1.0 keywords) and, when present,
/// its MOC (Moc.fits, MOC 2.0 NUNIQ): the footprint is the convex hull of the MOC's cell corners.
/// An all-sky or hemisphere-sized survey has no s_region (a pgsphere polygon cannot hold it).
/// </summary>
public static class HipsMapper
{
    public static ObsCoreRowBuilder Map(string directory, IReadOnlyDictionary<string, string> properties)
    {
        double? Number(string key)
        {
            if (!properties.TryGetValue(key, out var text))
            {
                return null;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v
                : throw new ProductRejectedException($"properties: {key} = '{text}' is not a number");
        }

        string? Text(string key) => properties.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

        var frame = Text("hips_frame") ?? "equatorial";
        var celestial = frame switch
        {
            "equatorial" => new CelestialFrame(CelestialFrameKind.Icrs, null, "ICRS"),
            "galactic" => new CelestialFrame(CelestialFrameKind.Galactic, null, "GALACTIC"),
            "ecliptic" => new CelestialFrame(CelestialFrameKind.Ecliptic, 2000, "ECLIPTIC"),
            _ => throw new ProductRejectedException($"properties: hips_frame '{frame}' is not a celestial frame"),
        };

        var row = new ObsCoreRowBuilder()
            .Set("dataproduct_type", "image")
            .Set("dataproduct_subtype", "hips")
            .Set("calib_level", (short)3) // resampled onto the HEALPix grid: an enhanced product
            .Set("obs_title", Text("obs_title"))
            .Set("obs_creator_name", Text("creator"))
            .Set("bib_reference", Text("bib_reference"))
            .Set("publisher_id", Text("publisher_id"))
            .Set("em_min", Number("em_min"))
            .Set("em_max", Number("em_max"))
            .Set("t_min", Number("t_min"))
            .Set("t_max", Number("t_max"))
            .Set("facility_name", Text("obs_collection"));

        // hips_pixel_scale is in degrees (HiPS 1.0 §4.4); s_pixel_scale, if the survey states it, is the original data's.
        if ((Number("s_pixel_scale") ?? Number("hips_pixel_scale")) is { } scale)
        {
            row.Set("s_pixel_scale", scale * 3600).Set("s_resolution", scale * 3600);
        }

        var moc = Path.Combine(directory, "Moc.fits");
        var region = File.Exists(moc) ? FootprintFromMoc(moc) : null;
        if (region is not null)
        {
            var centre = region.Centroid();
            row.Set("s_region", region).Set("s_ra", centre.Ra).Set("s_dec", centre.Dec).Set("s_fov", region.EnclosingDiameter(centre));
        }
        else if (Number("hips_initial_ra") is { } ra && Number("hips_initial_dec") is { } dec)
        {
            var (icrsRa, icrsDec) = SkyFrames.ToIcrs(celestial, ra, dec);
            var fraction = Number("moc_sky_fraction");
            row.Set("s_ra", ((icrsRa % 360) + 360) % 360).Set("s_dec", icrsDec)
               .Set("s_fov", fraction is >= 0.5 ? 360 : Number("hips_initial_fov"));
        }

        return row;
    }

    /// <summary>The MOC's footprint (MOCs are ICRS by definition), or null when it spans too much sky.</summary>
    internal static SkyPolygon? FootprintFromMoc(string path)
    {
        try
        {
            var hdus = FitsReader.ReadHdus(path);
            var hdu = hdus.FirstOrDefault(h => h.IsBinTable) ?? throw new ProductRejectedException("Moc.fits has no binary table");
            using var table = FitsBinTable.Open(path, hdu);
            var column = table.Columns.FirstOrDefault() ?? throw new ProductRejectedException("Moc.fits has no column");
            var corners = new List<SkyPoint>();
            foreach (var nuniq in table.ReadDoubles(column))
            {
                var (order, ipix) = Healpix.FromNuniq((long)nuniq);
                corners.AddRange(Healpix.Corners(order, ipix));
            }

            return SkyHull.Around(corners);
        }
        catch (FitsFormatException e)
        {
            throw new ProductRejectedException($"Moc.fits: {e.Message}", e);
        }
    }
}

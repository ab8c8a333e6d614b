using VoServices.Dali;
using VoServices.Fits.Wcs;

namespace VoServices.Soda;

/// <summary>
/// SODA's spatial subset (one CIRCLE, POLYGON or POS, ICRS degrees) for every service that cuts the sky as SODA does:
/// one reading of the parameters and one pixel box, so a moment map of a region covers the pixels its cutout would.
/// </summary>
public static class SodaSpatialSubset
{
    /// <summary>
    /// The region given, or null. CIRCLE, POLYGON and POS together name one region: more than one of them, or one
    /// repeated with different values, is SODA's MultiValuedParamNotSupported; a polygon too large to have a
    /// well-defined inside is an error naming its parameter. Empty values count as absent (HTML forms send them).
    /// </summary>
    public static DaliShape? Read(DaliParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var given = new List<(string Name, string Value)>();
        foreach (var name in new[] { "CIRCLE", "POLYGON", "POS" })
        {
            foreach (var value in SodaRequest.Distinct(parameters.GetAll(name)))
            {
                given.Add((name, value));
            }
        }

        if (given.Count > 1)
        {
            var names = given.Select(g => g.Name).Distinct(StringComparer.Ordinal).ToArray();
            var what = names.Length == 1 ? $"{names[0]} was given {given.Count} times" : $"{string.Join(" and ", names)} were all given";
            throw SodaErrors.MultiValued(names[0], $"{what}; this service cuts one region per request: give a single CIRCLE, POLYGON or POS");
        }

        if (given.Count == 0)
        {
            return null;
        }

        var (n, v) = given[0];
        DaliShape shape = n switch
        {
            "CIRCLE" => DaliValues.ParseCircle(n, v),
            "POLYGON" => DaliValues.ParsePolygon(n, v),
            _ => DaliValues.ParsePos(n, v),
        };
        _ = SodaRegion.Create(shape, n);
        return shape;
    }

    /// <summary>
    /// 0-based inclusive pixel bounds, on the longitude and latitude axes of <paramref name="wcs"/>, of the pixels whose
    /// footprint meets <paramref name="shape"/> (the box a SODA cutout keeps), or null when none does.
    /// </summary>
    public static (long Lon1, long Lon2, long Lat1, long Lat2)? PixelBox(WcsTransform wcs, IReadOnlyList<long> axes, DaliShape shape)
    {
        ArgumentNullException.ThrowIfNull(wcs);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(shape);
        if (wcs.LongitudeAxis is null || wcs.LatitudeAxis is null)
        {
            throw new ArgumentException("The WCS has no celestial axes.", nameof(wcs));
        }

        var refPixel = Enumerable.Range(0, wcs.NAxis).Select(a => a < axes.Count ? (axes[a] + 1) / 2.0 : 1.0).ToArray();
        return SpatialSelection.Select(wcs, axes, SodaRegion.Create(shape, "POS"), refPixel);
    }
}

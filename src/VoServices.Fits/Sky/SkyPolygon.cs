using System.Globalization;
using System.Text;

namespace VoServices.Fits.Sky;

/// <summary>
/// A spherical polygon (great-circle edges) in ICRS degrees: the ObsCore s_region. Vertex order is
/// free (pgsphere's spoly has no orientation); every edge must be shorter than 180°.
/// </summary>
public sealed record SkyPolygon
{
    public SkyPolygon(IReadOnlyList<SkyPoint> vertices)
    {
        if (vertices.Count < 3)
        {
            throw new ArgumentException("a polygon needs at least 3 vertices", nameof(vertices));
        }

        Vertices = vertices;
    }

    public IReadOnlyList<SkyPoint> Vertices { get; }

    /// <summary>The pgsphere spoly literal, in radians with round-trip precision.</summary>
    public string ToPgSphere()
    {
        var sb = new StringBuilder("{");
        foreach (var v in Vertices)
        {
            if (sb.Length > 1)
            {
                sb.Append(',');
            }

            sb.Append('(').Append((v.Ra * Math.PI / 180).ToString("R", CultureInfo.InvariantCulture))
              .Append(',').Append((v.Dec * Math.PI / 180).ToString("R", CultureInfo.InvariantCulture)).Append(')');
        }

        return sb.Append('}').ToString();
    }

    /// <summary>STC-S, as ObsCore's s_region is shown to users (e.g. in logs and the CLI).</summary>
    public string ToStcs() =>
        "Polygon ICRS " + string.Join(' ', Vertices.Select(v =>
            v.Ra.ToString("R", CultureInfo.InvariantCulture) + " " + v.Dec.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>The mean direction of the vertices: the footprint centre for s_ra/s_dec where no better one exists.</summary>
    public SkyPoint Centroid()
    {
        var sum = new Vector3(0, 0, 0);
        foreach (var v in Vertices)
        {
            sum += v.ToVector();
        }

        return SkyPoint.FromVector(sum.Normalized());
    }

    /// <summary>Diameter of the circle about <paramref name="centre"/> that encloses every vertex (ObsCore s_fov).</summary>
    public double EnclosingDiameter(SkyPoint centre) => 2 * Vertices.Max(centre.DistanceTo);
}

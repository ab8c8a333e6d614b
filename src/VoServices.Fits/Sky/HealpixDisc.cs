namespace VoServices.Fits.Sky;

/// <summary>
/// The NESTED cells at one order whose centres lie within a disc on the sphere — the cells
/// healpy's <c>query_disc(nside, vec, radius, inclusive=False, nest=True)</c> returns — found by
/// descending the HEALPix tree from the 12 base cells: a cell is dropped when even its farthest point
/// is outside the disc, taken whole when even its farthest point is inside, and split otherwise;
/// at the target order each centre is tested exactly. The work grows with the disc's perimeter in
/// cells, not with its area, and vectors make the poles and RA 0/360 ordinary places.
/// </summary>
public static class HealpixDisc
{
    /// <summary>The largest radius accepted, in degrees: point measurements are spread over discs of a few arcseconds to degrees.</summary>
    public const double MaxRadiusDegrees = 10;

    // Rounding of dot products of unit vectors (~1e-16) is ~1.5e-8 rad in angle: pruning and whole-cell
    // decisions keep this margin so that they never decide a cell the exact centre test would not.
    private const double Margin = 1e-7;

    /// <summary>
    /// The largest angular distance (radians) from a cell's centre to its boundary at <paramref name="order"/>:
    /// the centre-to-corner distance of the cells touching the polar cap boundary (z = 2/3) next to the
    /// pole-side corner, which HEALPix's own max_pixrad also uses; checked against sampled cell boundaries.
    /// </summary>
    public static double MaxCellRadius(int order)
    {
        ValidateOrder(order);
        double nside = 1L << order;
        var a = FromZPhi(2.0 / 3.0, Math.PI / (4 * nside));
        var t = 1 - (1 / nside);
        var b = FromZPhi(1 - (t * t / 3), 0);
        return Angle(a, b);
    }

    /// <summary>About how many cells at <paramref name="order"/> a disc of <paramref name="radius"/> radians covers (its area over a cell's).</summary>
    public static double EstimatedCells(int order, double radius) =>
        2 * Math.PI * (1 - Math.Cos(radius)) / (4 * Math.PI / (12.0 * Math.Pow(4, order)));

    /// <summary>
    /// Appends to <paramref name="cells"/>, in ascending order, the NESTED indices at <paramref name="order"/>
    /// of the cells whose centres are within <paramref name="radius"/> radians (at most <see cref="MaxRadiusDegrees"/>)
    /// of the unit vector <paramref name="centre"/>.
    /// </summary>
    public static void Query(int order, Vector3 centre, double radius, List<long> cells)
    {
        ValidateOrder(order);
        ArgumentNullException.ThrowIfNull(cells);
        if (!(radius >= 0) || radius > MaxRadiusDegrees * Math.PI / 180)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, $"the disc radius must be from 0 to {MaxRadiusDegrees}°");
        }

        // Chord length² of the radius: exact at small angles, where 1 − cos r loses digits.
        var s = Math.Sin(radius / 2);
        var search = new Search(order, centre, radius, 4 * s * s, cells);
        for (var face = 0; face < 12; face++)
        {
            search.Visit(0, face);
        }
    }

    private static void ValidateOrder(int order)
    {
        if (order is < 0 or > Healpix.MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"HEALPix orders run from 0 to {Healpix.MaxOrder}");
        }
    }

    private static Vector3 FromZPhi(double z, double phi)
    {
        var sinTheta = Math.Sqrt((1 - z) * (1 + z));
        return new Vector3(sinTheta * Math.Cos(phi), sinTheta * Math.Sin(phi), z);
    }

    private static double Angle(Vector3 a, Vector3 b) => Math.Atan2(Vector3.Cross(a, b).Length, Vector3.Dot(a, b));

    private sealed class Search(int order, Vector3 centre, double radius, double chord2, List<long> cells)
    {
        // Per coarse order: cos of (radius + cell radius) below which a cell is dropped, and cos of
        // (radius − cell radius) above which it lies wholly inside (2 = never).
        private readonly double[] _drop = Thresholds(order, radius, +1);
        private readonly double[] _whole = Thresholds(order, radius, -1);

        public void Visit(int k, long ipix)
        {
            var c = Healpix.CentreVector(k, ipix);
            if (k == order)
            {
                var d = c - centre;
                if (Vector3.Dot(d, d) <= chord2)
                {
                    cells.Add(ipix);
                }

                return;
            }

            var dot = Vector3.Dot(c, centre);
            if (dot < _drop[k])
            {
                return;
            }

            if (dot > _whole[k])
            {
                var shift = 2 * (order - k);
                for (long i = ipix << shift, end = (ipix + 1) << shift; i < end; i++)
                {
                    cells.Add(i);
                }

                return;
            }

            for (var child = 0; child < 4; child++)
            {
                Visit(k + 1, (ipix << 2) | (uint)child);
            }
        }

        private static double[] Thresholds(int order, double radius, int sign)
        {
            var t = new double[order];
            for (var k = 0; k < order; k++)
            {
                var a = radius + (sign * ((MaxCellRadius(k) * (1 + 1e-9)) + Margin));
                t[k] = sign > 0 ? (a >= Math.PI ? -2 : Math.Cos(a)) : (a <= 0 ? 2 : Math.Cos(a));
            }

            return t;
        }
    }
}

namespace VoServices.Fits.Sky;

/// <summary>
/// Bilinear interpolation on a HEALPix map: the four cells around a direction and their weights, found on the two
/// iso-latitude rings either side of it, as HEALPix C++'s get_interpol (so healpy's get_interp_weights and
/// astropy-healpix's interpolate_bilinear, which reproject uses, give the same weights). The weights sum to 1.
/// </summary>
public static class HealpixInterpolation
{
    private const double Deg = Math.PI / 180;

    /// <summary>
    /// Fills <paramref name="cells"/> (NESTED indices at <paramref name="order"/>) and <paramref name="weights"/>, four
    /// each, for (<paramref name="lon"/>, <paramref name="lat"/>) in degrees.
    /// </summary>
    public static void Weights(int order, double lon, double lat, Span<long> cells, Span<double> weights)
    {
        if (cells.Length < 4 || weights.Length < 4)
        {
            throw new ArgumentException("cells and weights need four elements each.");
        }

        var nside = 1L << order;
        var npix = 12 * nside * nside;
        var theta = (90 - lat) * Deg;
        var phi = ((lon % 360) + 360) % 360 * Deg;
        var above = RingAbove(nside, Math.Cos(theta));
        var below = above + 1;
        double thetaAbove = 0, thetaBelow = 0;
        if (above > 0)
        {
            thetaAbove = Neighbours(nside, above, phi, cells[..2], weights[..2]);
        }

        if (below < 4 * nside)
        {
            thetaBelow = Neighbours(nside, below, phi, cells[2..], weights[2..]);
        }

        if (above == 0)
        {
            // Above the first ring: the four cells of that ring around the pole share the polar part.
            var t = theta / thetaBelow;
            var polar = (1 - t) / 4;
            weights[0] = polar;
            weights[1] = polar;
            weights[2] = (weights[2] * t) + polar;
            weights[3] = (weights[3] * t) + polar;
            cells[0] = (cells[2] + 2) & 3;
            cells[1] = (cells[3] + 2) & 3;
        }
        else if (below == 4 * nside)
        {
            var t = (theta - thetaAbove) / (Math.PI - thetaAbove);
            var polar = t / 4;
            weights[0] = (weights[0] * (1 - t)) + polar;
            weights[1] = (weights[1] * (1 - t)) + polar;
            weights[2] = polar;
            weights[3] = polar;
            cells[2] = ((cells[0] + 2) & 3) + npix - 4;
            cells[3] = ((cells[1] + 2) & 3) + npix - 4;
        }
        else
        {
            var t = (theta - thetaAbove) / (thetaBelow - thetaAbove);
            weights[0] *= 1 - t;
            weights[1] *= 1 - t;
            weights[2] *= t;
            weights[3] *= t;
        }

        for (var i = 0; i < 4; i++)
        {
            cells[i] = Healpix.RingToNested(order, cells[i]);
        }
    }

    // The ring (1 … 4·nside − 1, 0 above the first) whose colatitude is the largest not beyond z = cos θ.
    private static long RingAbove(long nside, double z)
    {
        var az = Math.Abs(z);
        if (az <= 2.0 / 3)
        {
            return (long)(nside * (2 - (1.5 * z)));
        }

        var ring = (long)(nside * Math.Sqrt(3 * (1 - az)));
        return z > 0 ? ring : (4 * nside) - ring - 1;
    }

    // The two RING cells of `ring` either side of phi and their linear weights; returns the ring's colatitude.
    private static double Neighbours(long nside, long ring, double phi, Span<long> cells, Span<double> weights)
    {
        var npix = 12 * nside * nside;
        var north = ring > 2 * nside ? (4 * nside) - ring : ring;
        double theta;
        long first, count;
        bool shifted;
        if (north < nside)
        {
            var tmp = north * north * 4.0 / npix;
            theta = Math.Atan2(Math.Sqrt(tmp * (2 - tmp)), 1 - tmp);
            count = 4 * north;
            shifted = true;
            first = 2 * north * (north - 1);
        }
        else
        {
            theta = Math.Acos((2 * nside - north) * 2.0 / (3 * nside));
            count = 4 * nside;
            shifted = ((north - nside) & 1) == 0;
            first = (2 * nside * (nside - 1)) + ((north - nside) * count);
        }

        if (north != ring)
        {
            theta = Math.PI - theta;
            first = npix - first - count;
        }

        var step = 2 * Math.PI / count;
        var half = shifted ? 0.5 : 0;
        var position = (phi / step) - half;
        var left = position < 0 ? (long)position - 1 : (long)position;
        var fraction = (phi - ((left + half) * step)) / step;
        var right = left + 1;
        if (left < 0)
        {
            left += count;
        }

        if (right >= count)
        {
            right -= count;
        }

        cells[0] = first + left;
        cells[1] = first + right;
        weights[0] = 1 - fraction;
        weights[1] = fraction;
        return theta;
    }
}

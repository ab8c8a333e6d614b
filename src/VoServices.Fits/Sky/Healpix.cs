using System.Runtime.InteropServices;

namespace VoServices.Fits.Sky;

/// <summary>HEALPix cell geometry through chealpix (Debian's libchealpix0), for HiPS MOC footprints.</summary>
public static partial class Healpix
{
    public const int MaxOrder = 29;

    /// <summary>The centre of nested cell <paramref name="ipix"/> at <paramref name="order"/>.</summary>
    public static SkyPoint Centre(int order, long ipix)
    {
        pix2ang_nest64(1L << order, ipix, out var theta, out var phi);
        return new SkyPoint(phi * 180 / Math.PI, 90 - (theta * 180 / Math.PI));
    }

    /// <summary>
    /// The four corners of a nested cell, as the centres of its corner descendants at order 29 (within
    /// 0.4 milliarcsec of the true corners): in the nested scheme a descendant's index appends two bits
    /// per order, x in the even bits and y in the odd ones, so the corners are all-zero, all-x, all-y and all-one suffixes.
    /// </summary>
    public static SkyPoint[] Corners(int order, long ipix)
    {
        var depth = MaxOrder - order;
        var first = ipix << (2 * depth);
        var all = (1L << (2 * depth)) - 1;
        var xBits = all & 0x5555_5555_5555_5555L;
        var yBits = all & unchecked((long)0xAAAA_AAAA_AAAA_AAAAUL);
        return [Centre(MaxOrder, first), Centre(MaxOrder, first | xBits), Centre(MaxOrder, first | all), Centre(MaxOrder, first | yBits)];
    }

    /// <summary>The nested index at <paramref name="order"/> of the cell containing (<paramref name="lon"/>, <paramref name="lat"/>) in degrees.</summary>
    public static long Index(int order, double lon, double lat)
    {
        ang2pix_nest64(1L << order, (90 - lat) * Math.PI / 180, ((lon % 360) + 360) % 360 * Math.PI / 180, out var ipix);
        return ipix;
    }

    /// <summary>(order, nested index) → MOC 2.0 NUNIQ (4·4^order + index).</summary>
    public static long ToNuniq(int order, long ipix) => (4L << (2 * order)) + ipix;

    /// <summary>MOC 2.0 NUNIQ → (order, nested index).</summary>
    public static (int Order, long Ipix) FromNuniq(long nuniq)
    {
        if (nuniq < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(nuniq), nuniq, "NUNIQ values start at 4");
        }

        var order = ((63 - long.LeadingZeroCount(nuniq)) / 2) - 1;
        return ((int)order, nuniq - (4L << (2 * (int)order)));
    }

    /// <summary>The HEALPix order of <paramref name="nside"/>, or null when it is not a power of two from 1 to 2^29.</summary>
    public static int? OrderOf(long nside) =>
        nside > 0 && long.IsPow2(nside) && long.Log2(nside) <= MaxOrder ? (int)long.Log2(nside) : null;

    /// <summary>
    /// The nested index of the cell that has RING index <paramref name="ring"/> at <paramref name="order"/>: through the
    /// cell's base face and (x, y) within it (Górski et al. 2005), in managed code because bilinear interpolation
    /// calls it four times per cutout pixel (chealpix's ring2nest64 through P/Invoke cost 3× as much; the tests
    /// compare the two).
    /// </summary>
    public static long RingToNested(int order, long ring)
    {
        var nside = 1L << order;
        var ncap = 2 * nside * (nside - 1);
        var npix = 12 * nside * nside;
        long iring, iphi, kshift, nr;
        int face;
        if (ring < ncap)
        {
            iring = (1 + SquareRoot(1 + (2 * ring))) >> 1;
            iphi = ring + 1 - (2 * iring * (iring - 1));
            kshift = 0;
            nr = iring;
            face = (int)((iphi - 1) / nr);
        }
        else if (ring < npix - ncap)
        {
            var ip = ring - ncap;
            var tmp = ip >> (order + 2);
            iring = tmp + nside;
            iphi = ip - (tmp * 4 * nside) + 1;
            kshift = (iring + nside) & 1;
            nr = nside;
            var ire = tmp + 1;
            var irm = (2 * nside) + 2 - ire;
            var ifm = (iphi - (ire >> 1) + nside - 1) >> order;
            var ifp = (iphi - (irm >> 1) + nside - 1) >> order;
            face = (int)(ifp == ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8);
        }
        else
        {
            var ip = npix - ring;
            iring = (1 + SquareRoot((2 * ip) - 1)) >> 1;
            iphi = (4 * iring) + 1 - (ip - (2 * iring * (iring - 1)));
            kshift = 0;
            nr = iring;
            iring = (4 * nside) - iring;
            face = (int)((iphi - 1) / nr) + 8;
        }

        var irt = iring - ((2 + (face >> 2)) * nside) + 1;
        var ipt = (2 * iphi) - (FaceLongitude[face] * nr) - kshift - 1;
        if (ipt >= 2 * nside)
        {
            ipt -= 8 * nside;
        }

        var x = (ipt - irt) >> 1;
        var y = (-ipt - irt) >> 1;
        return ((long)face << (2 * order)) + Spread(x) + (Spread(y) << 1);
    }

    /// <summary>chealpix's own ring → nested, the reference <see cref="RingToNested"/> is tested against.</summary>
    internal static long RingToNestedChealpix(int order, long ring)
    {
        ring2nest64(1L << order, ring, out var nested);
        return nested;
    }

    // The longitude index (in units of π/4) of each base face's centre.
    private static readonly long[] FaceLongitude = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];

    private static long SquareRoot(long v)
    {
        var r = (long)Math.Sqrt(v);
        while (r * r > v)
        {
            r--;
        }

        while ((r + 1) * (r + 1) <= v)
        {
            r++;
        }

        return r;
    }

    // The bits of v spread to the even bit positions (x of a nested index).
    private static long Spread(long v)
    {
        v &= 0xFFFF_FFFFL;
        v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFFL;
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FFL;
        v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0FL;
        v = (v | (v << 2)) & 0x3333_3333_3333_3333L;
        v = (v | (v << 1)) & 0x5555_5555_5555_5555L;
        return v;
    }

    [LibraryImport("libchealpix.so.0")]
    private static partial void ring2nest64(long nside, long ipring, out long ipnest);

    [LibraryImport("libchealpix.so.0")]
    private static partial void ang2pix_nest64(long nside, double theta, double phi, out long ipix);

    [LibraryImport("libchealpix.so.0")]
    private static partial void pix2ang_nest64(long nside, long ipix, out double theta, out double phi);
}

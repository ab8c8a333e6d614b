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

    /// <summary>The nested index of the cell that has RING index <paramref name="ring"/> at <paramref name="order"/>.</summary>
    public static long RingToNested(int order, long ring)
    {
        ring2nest64(1L << order, ring, out var nested);
        return nested;
    }

    [LibraryImport("libchealpix.so.0")]
    private static partial void ring2nest64(long nside, long ipring, out long ipnest);

    [LibraryImport("libchealpix.so.0")]
    private static partial void ang2pix_nest64(long nside, double theta, double phi, out long ipix);

    [LibraryImport("libchealpix.so.0")]
    private static partial void pix2ang_nest64(long nside, long ipix, out double theta, out double phi);
}

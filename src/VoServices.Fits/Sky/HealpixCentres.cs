using System.Runtime.Intrinsics.X86;

namespace VoServices.Fits.Sky;

public static partial class Healpix
{
    // Ring number (in units of NSIDE) of each base cell's southern corner, and its longitude (units of π/4).
    private static ReadOnlySpan<byte> FaceRing => [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];

    private static ReadOnlySpan<byte> FacePhi => [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];

    /// <summary>
    /// The unit vector of the centre of NESTED cell <paramref name="ipix"/> at <paramref name="order"/>,
    /// computed here rather than by chealpix: the disc search calls it hundreds of times per point, and in
    /// the polar caps sin θ comes from 1 − z directly, keeping full precision next to the poles.
    /// (Górski et al. 2005: the face's x/y bits give the ring and the position along it.)
    /// </summary>
    public static Vector3 CentreVector(int order, long ipix)
    {
        var (z, sinTheta, phi) = CentreZPhi(order, ipix);
        var (sin, cos) = Math.SinCos(phi);
        return new Vector3(sinTheta * cos, sinTheta * sin, z);
    }

    /// <summary>
    /// The centre of NESTED cell <paramref name="ipix"/> at <paramref name="order"/> as (longitude, latitude) in degrees,
    /// longitude in [0, 360): <see cref="CentreVector"/>'s arithmetic without the vector, for callers that need angles.
    /// </summary>
    public static (double Lon, double Lat) CentreLonLat(int order, long ipix)
    {
        var (z, sinTheta, phi) = CentreZPhi(order, ipix);
        return (phi * (180 / Math.PI), Math.Atan2(z, sinTheta) * (180 / Math.PI));
    }

    private static (double Z, double SinTheta, double Phi) CentreZPhi(int order, long ipix)
    {
        long nside = 1L << order;
        var face = (int)(ipix >> (2 * order));
        var inFace = ipix & ((1L << (2 * order)) - 1);
        var ix = Compact(inFace);
        var iy = Compact(inFace >> 1);
        var ring = (FaceRing[face] * nside) - ix - iy - 1; // 1 … 4·NSIDE − 1 from the north pole
        long nr;
        double z, sinTheta;
        long shift = 0;
        if (ring < nside || ring > 3 * nside)
        {
            // Polar caps: ring nr has 4·nr cells, 1 − |z| = nr² / (3·NSIDE²).
            nr = ring < nside ? ring : (4 * nside) - ring;
            var t = nr * (double)nr / (3.0 * nside * nside);
            z = ring < nside ? 1 - t : t - 1;
            sinTheta = Math.Sqrt(t * (2 - t));
        }
        else
        {
            nr = nside;
            z = (2 * nside - ring) * 2.0 / (3.0 * nside);
            sinTheta = Math.Sqrt((1 - z) * (1 + z));
            shift = (ring - nside) & 1;
        }

        var jp = ((FacePhi[face] * nr) + ix - iy + 1 + shift) / 2;
        if (jp > 4 * nside)
        {
            jp -= 4 * nside;
        }
        else if (jp < 1)
        {
            jp += 4 * nside;
        }

        var phi = (jp - ((shift + 1) * 0.5)) * (Math.PI / 2 / nr);
        return (z, sinTheta, phi);
    }

    // The even bits of v, packed: the x coordinate of a NESTED index (y is Compact(v >> 1)).
    private static long Compact(long v)
    {
        if (Bmi2.X64.IsSupported)
        {
            return (long)Bmi2.X64.ParallelBitExtract((ulong)v, 0x5555_5555_5555_5555UL);
        }

        var x = (ulong)v & 0x5555_5555_5555_5555UL;
        x = (x | (x >> 1)) & 0x3333_3333_3333_3333UL;
        x = (x | (x >> 2)) & 0x0F0F_0F0F_0F0F_0F0FUL;
        x = (x | (x >> 4)) & 0x00FF_00FF_00FF_00FFUL;
        x = (x | (x >> 8)) & 0x0000_FFFF_0000_FFFFUL;
        x = (x | (x >> 16)) & 0x0000_0000_FFFF_FFFFUL;
        return (long)x;
    }
}

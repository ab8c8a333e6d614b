namespace VoServices.Fits.Sky;

/// <summary>A position on the sky in ICRS degrees; RA normalised to [0, 360).</summary>
public readonly record struct SkyPoint(double Ra, double Dec)
{
    public static SkyPoint FromVector(in Vector3 v)
    {
        var ra = Math.Atan2(v.Y, v.X) * (180 / Math.PI);
        var dec = Math.Atan2(v.Z, Math.Sqrt((v.X * v.X) + (v.Y * v.Y))) * (180 / Math.PI);
        return new SkyPoint(ra < 0 ? ra + 360 : ra, dec);
    }

    public Vector3 ToVector()
    {
        var ra = Ra * (Math.PI / 180);
        var dec = Dec * (Math.PI / 180);
        return new Vector3(Math.Cos(dec) * Math.Cos(ra), Math.Cos(dec) * Math.Sin(ra), Math.Sin(dec));
    }

    /// <summary>Great-circle distance in degrees (haversine-free atan2 form: exact at small and large angles).</summary>
    public double DistanceTo(SkyPoint other)
    {
        var a = ToVector();
        var b = other.ToVector();
        return Math.Atan2(Vector3.Cross(a, b).Length, Vector3.Dot(a, b)) * (180 / Math.PI);
    }
}

/// <summary>A 3-vector for spherical geometry (unit vectors for sky positions).</summary>
public readonly record struct Vector3(double X, double Y, double Z)
{
    public double Length => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    public Vector3 Normalized() => this * (1 / Length);

    public static Vector3 operator +(Vector3 a, Vector3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vector3 operator -(Vector3 a, Vector3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vector3 operator *(Vector3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public static double Dot(Vector3 a, Vector3 b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    public static Vector3 Cross(Vector3 a, Vector3 b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));
}

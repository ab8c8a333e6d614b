using System.Globalization;
using System.Numerics;

namespace VoServices.Adql.Units;

/// <summary>
/// An exact scale factor to SI, Numerator/Denominator × π^PiPower: every unit of the table is one
/// (deg is π/180 rad, pc is 648000/π AU), so ratios such as deg/arcsec come out as exactly 3600.
/// </summary>
internal readonly record struct Scale(BigInteger Numerator, BigInteger Denominator, int PiPower)
{
    public static readonly Scale One = new(1, 1, 0);

    public static Scale Of(BigInteger numerator, BigInteger denominator, int piPower = 0)
    {
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return new(numerator / gcd, denominator / gcd, piPower);
    }

    /// <summary>10^exponent.</summary>
    public static Scale Decade(int exponent) =>
        exponent >= 0 ? new(BigInteger.Pow(10, exponent), 1, 0) : new(1, BigInteger.Pow(10, -exponent), 0);

    public static Scale operator *(Scale a, Scale b) =>
        Of(a.Numerator * b.Numerator, a.Denominator * b.Denominator, a.PiPower + b.PiPower);

    public static Scale operator /(Scale a, Scale b) =>
        Of(a.Numerator * b.Denominator, a.Denominator * b.Numerator, a.PiPower - b.PiPower);

    public Scale Power(int n) => n >= 0
        ? new(BigInteger.Pow(Numerator, n), BigInteger.Pow(Denominator, n), PiPower * n)
        : new(BigInteger.Pow(Denominator, -n), BigInteger.Pow(Numerator, -n), PiPower * n);

    /// <summary>The nearest double (the rational part rounded once, then one rounding per factor of π).</summary>
    public double ToDouble()
    {
        // 25 significant digits of the quotient, then the runtime's correctly rounded parse.
        var digits = (int)Math.Ceiling(BigInteger.Log10(Denominator) - BigInteger.Log10(Numerator)) + 25;
        var shift = Math.Max(digits, 0);
        var quotient = Numerator * BigInteger.Pow(10, shift) / Denominator;
        var value = double.Parse(quotient.ToString(CultureInfo.InvariantCulture) + "E-" + shift.ToString(CultureInfo.InvariantCulture),
            NumberStyles.Float, CultureInfo.InvariantCulture);
        return value * Math.Pow(Math.PI, PiPower);
    }
}

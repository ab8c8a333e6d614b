using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace VoServices.Adql.Units;

/// <summary>
/// The unit symbols IN_UNIT knows (VOUnit 1.0 names), each an exact scale to SI, and the SI prefixes.
/// A symbol is looked up whole first, so Pa is the pascal and not a peta-year, cd the candela, mas the
/// milliarcsecond; only then as prefix + symbol, for symbols that take prefixes.
/// </summary>
internal static class UnitTable
{
    private sealed record Entry(Scale Scale, Dimension Dimension, bool Prefixes, bool BinaryPrefixes = false);

    private static readonly Dimension Angle = new(Angle: 1);
    private static readonly Dimension Length = new(Length: 1);
    private static readonly Dimension Time = new(Time: 1);
    private static readonly Dimension Information = new(Information: 1);

    private static Scale Ratio(BigInteger n, BigInteger d, int pi = 0) => Scale.Of(n, d, pi);

    private static readonly BigInteger AstronomicalUnit = 149_597_870_700; // m, IAU 2012 (exact)
    private static readonly BigInteger JulianYear = 31_557_600; // s, 365.25 d

    private static readonly Dictionary<string, Entry> Units = new(StringComparer.Ordinal)
    {
        // SI base units (kg through g), and angle and information as their own dimensions.
        ["m"] = new(Scale.One, Length, true),
        ["g"] = new(Ratio(1, 1000), new(Mass: 1), true),
        ["s"] = new(Scale.One, Time, true),
        ["A"] = new(Scale.One, new(Current: 1), true),
        ["K"] = new(Scale.One, new(Temperature: 1), true),
        ["mol"] = new(Scale.One, new(Amount: 1), true),
        ["cd"] = new(Scale.One, new(Luminosity: 1), true),
        ["rad"] = new(Scale.One, Angle, true),
        ["sr"] = new(Scale.One, new(Angle: 2), true),

        // Angles: pi/180 rad per degree.
        ["deg"] = new(Ratio(1, 180, 1), Angle, false),
        ["arcmin"] = new(Ratio(1, 180 * 60, 1), Angle, false),
        ["arcsec"] = new(Ratio(1, 180 * 3600, 1), Angle, false),
        ["mas"] = new(Ratio(1, 180L * 3600 * 1000, 1), Angle, false),
        ["uas"] = new(Ratio(1, 180L * 3600 * 1000_000, 1), Angle, false),

        // Time: the Julian year, as VOUnit and IAU define a and yr.
        ["min"] = new(Ratio(60, 1), Time, false),
        ["h"] = new(Ratio(3600, 1), Time, false),
        ["d"] = new(Ratio(86_400, 1), Time, false),
        ["a"] = new(Ratio(JulianYear, 1), Time, true),
        ["yr"] = new(Ratio(JulianYear, 1), Time, true),
        ["Hz"] = new(Scale.One, Dimension.Frequency, true),

        // Lengths.
        ["Angstrom"] = new(Ratio(1, BigInteger.Pow(10, 10)), Length, false),
        ["angstrom"] = new(Ratio(1, BigInteger.Pow(10, 10)), Length, false),
        ["AU"] = new(Ratio(AstronomicalUnit, 1), Length, false),
        ["au"] = new(Ratio(AstronomicalUnit, 1), Length, false),
        ["pc"] = new(Ratio(648_000 * AstronomicalUnit, 1, -1), Length, true), // 648000/pi AU (IAU 2015)
        ["lyr"] = new(Ratio(299_792_458 * JulianYear, 1), Length, false), // c times a Julian year
        ["solRad"] = new(Ratio(695_700_000, 1), Length, false), // IAU 2015 nominal solar radius

        // Mechanics, energy, flux.
        ["N"] = new(Scale.One, new(Length: 1, Mass: 1, Time: -2), true),
        ["Pa"] = new(Scale.One, new(Length: -1, Mass: 1, Time: -2), true),
        ["J"] = new(Scale.One, Dimension.Energy, true),
        ["W"] = new(Scale.One, new(Length: 2, Mass: 1, Time: -3), true),
        ["erg"] = new(Ratio(1, 10_000_000), Dimension.Energy, false),
        ["eV"] = new(Ratio(1_602_176_634, BigInteger.Pow(10, 28)), Dimension.Energy, true), // exact since SI 2019
        ["Jy"] = new(Ratio(1, BigInteger.Pow(10, 26)), new(Mass: 1, Time: -2), true), // 1e-26 W m-2 Hz-1

        ["byte"] = new(Scale.One, Information, true, BinaryPrefixes: true),
        ["bit"] = new(Ratio(1, 8), Information, true, BinaryPrefixes: true),
    };

    private static readonly Dictionary<string, int> Prefixes = new(StringComparer.Ordinal)
    {
        ["y"] = -24, ["z"] = -21, ["a"] = -18, ["f"] = -15, ["p"] = -12, ["n"] = -9, ["u"] = -6, ["m"] = -3,
        ["c"] = -2, ["d"] = -1, ["da"] = 1, ["h"] = 2, ["k"] = 3, ["M"] = 6, ["G"] = 9, ["T"] = 12, ["P"] = 15,
        ["E"] = 18, ["Z"] = 21, ["Y"] = 24,
    };

    private static readonly Dictionary<string, int> BinaryPrefixes = new(StringComparer.Ordinal)
    {
        ["Ki"] = 10, ["Mi"] = 20, ["Gi"] = 30, ["Ti"] = 40, ["Pi"] = 50, ["Ei"] = 60,
    };

    private static readonly HashSet<string> Logarithmic = new(StringComparer.Ordinal) { "mag", "dex", "dB", "mmag" };

    public static bool TryResolve(string symbol, out Scale scale, out Dimension dimension, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (Units.TryGetValue(symbol, out var whole))
        {
            (scale, dimension) = (whole.Scale, whole.Dimension);
            return true;
        }

        for (var length = Math.Min(2, symbol.Length - 1); length >= 1; length--)
        {
            if (!Units.TryGetValue(symbol[length..], out var unit) || !unit.Prefixes)
            {
                continue;
            }

            var prefix = symbol[..length];
            if (Prefixes.TryGetValue(prefix, out var decade))
            {
                (scale, dimension) = (Scale.Decade(decade) * unit.Scale, unit.Dimension);
                return true;
            }

            if (unit.BinaryPrefixes && BinaryPrefixes.TryGetValue(prefix, out var bits))
            {
                (scale, dimension) = (Scale.Of(BigInteger.Pow(2, bits), 1) * unit.Scale, unit.Dimension);
                return true;
            }
        }

        (scale, dimension) = (Scale.One, Dimension.None);
        error = Logarithmic.Contains(symbol)
            ? $"'{symbol}' is a logarithmic unit; IN_UNIT converts only by a factor"
            : $"unknown unit '{symbol}' (known: m, g, s, A, K, mol, cd, rad, sr, deg, arcmin, arcsec, mas, uas, min, h, d, a, yr, Hz, "
              + "Angstrom, AU, pc, lyr, solRad, N, Pa, J, W, erg, eV, Jy, byte, bit, most with SI prefixes such as k, M, m, u)";
        return false;
    }
}

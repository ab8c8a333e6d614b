namespace VoServices.Adql.Units;

/// <summary>
/// Exponents of the base quantities of a unit. Angle and information count as dimensions of their own
/// (SI calls them dimensionless), so that deg and m, or byte and s, never convert into each other.
/// </summary>
public readonly record struct Dimension(
    int Length = 0,
    int Mass = 0,
    int Time = 0,
    int Current = 0,
    int Temperature = 0,
    int Amount = 0,
    int Luminosity = 0,
    int Angle = 0,
    int Information = 0)
{
    public static Dimension operator *(Dimension a, Dimension b) => new(
        a.Length + b.Length, a.Mass + b.Mass, a.Time + b.Time, a.Current + b.Current, a.Temperature + b.Temperature,
        a.Amount + b.Amount, a.Luminosity + b.Luminosity, a.Angle + b.Angle, a.Information + b.Information);

    public Dimension Power(int n) => new(
        Length * n, Mass * n, Time * n, Current * n, Temperature * n, Amount * n, Luminosity * n, Angle * n, Information * n);

    internal static readonly Dimension None = default;
    internal static readonly Dimension Len = new(Length: 1);
    internal static readonly Dimension Frequency = new(Time: -1);
    internal static readonly Dimension Energy = new(Length: 2, Mass: 1, Time: -2);

    /// <summary>A name users know ("angle", "spectral flux density"), else the SI form such as "m**2.s**-1".</summary>
    public override string ToString()
    {
        if (Names.TryGetValue(this, out var name))
        {
            return name;
        }

        var parts = new List<string>();
        void Add(string symbol, int exponent)
        {
            if (exponent != 0)
            {
                parts.Add(exponent == 1 ? symbol : $"{symbol}**{exponent}");
            }
        }

        Add("m", Length);
        Add("kg", Mass);
        Add("s", Time);
        Add("A", Current);
        Add("K", Temperature);
        Add("mol", Amount);
        Add("cd", Luminosity);
        Add("rad", Angle);
        Add("byte", Information);
        return string.Join('.', parts);
    }

    private static readonly Dictionary<Dimension, string> Names = new()
    {
        [None] = "dimensionless",
        [new(Angle: 1)] = "angle",
        [new(Angle: 2)] = "solid angle",
        [Len] = "length",
        [new(Length: 2)] = "area",
        [new(Time: 1)] = "time",
        [Frequency] = "frequency",
        [new(Mass: 1)] = "mass",
        [new(Length: 1, Time: -1)] = "velocity",
        [new(Mass: 1, Time: -2)] = "spectral flux density",
        [Energy] = "energy",
        [new(Length: 2, Mass: 1, Time: -3)] = "power",
        [new(Mass: 1, Time: -3)] = "flux",
        [new(Temperature: 1)] = "temperature",
        [new(Information: 1)] = "information",
    };
}

namespace VoServices.Demo;

/// <summary>
/// A seeded, platform-independent pseudo-random source (SplitMix64) so demo files are identical
/// on every run and every .NET version (System.Random's seeded sequence is not a documented contract).
/// </summary>
internal sealed class DemoRandom(ulong seed)
{
    private ulong _state = seed;
    private double? _spare;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal deviate (Box–Muller).</summary>
    public double NextGaussian()
    {
        if (_spare is { } s)
        {
            _spare = null;
            return s;
        }

        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }
}

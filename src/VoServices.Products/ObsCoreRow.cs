using System.Collections.Immutable;
using System.Text.RegularExpressions;

using VoServices.Fits.Sky;

namespace VoServices.Products;

/// <summary>
/// One row of ivoa.obscore: column name → value (string, short, long, double, DateTime (UTC) or
/// <see cref="SkyPolygon"/>); absent columns are NULL. Built by the product mappers, checked against
/// the table's constraints before it is written, so a batch never fails on a bad row.
/// </summary>
public sealed partial record ObsCoreRow(ImmutableDictionary<string, object> Values)
{
    private static readonly ImmutableHashSet<string> ProductTypes =
        ["image", "cube", "spectrum", "sed", "timeseries", "visibility", "event", "measurements"];

    public string PublisherDid => (string)Values["obs_publisher_did"];

    public object? this[string column] => Values.GetValueOrDefault(column);

    public T? Get<T>(string column) where T : struct => Values.TryGetValue(column, out var v) ? (T)v : null;

    public string? GetString(string column) => Values.GetValueOrDefault(column) as string;

    public SkyPolygon? Region => Values.GetValueOrDefault("s_region") as SkyPolygon;

    /// <summary>The reasons this row would violate ivoa.obscore's constraints; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var required in (string[])["obs_publisher_did", "obs_id", "obs_collection", "calib_level"])
        {
            if (!Values.ContainsKey(required))
            {
                problems.Add($"{required} is missing");
            }
        }

        if (Get<short>("calib_level") is { } level && level is < 0 or > 4)
        {
            problems.Add($"calib_level {level} is outside 0..4");
        }

        if (GetString("dataproduct_type") is { } type && !ProductTypes.Contains(type))
        {
            problems.Add($"dataproduct_type '{type}' is not an ObsCore term");
        }

        if (GetString("pol_states") is { } pol && !PolStatesSyntax().IsMatch(pol))
        {
            problems.Add($"pol_states '{pol}' is not of the form /I/Q/U/");
        }

        if (Get<double>("em_min") is { } emMin && Get<double>("em_max") is { } emMax && emMin > emMax)
        {
            problems.Add($"em_min {emMin} exceeds em_max {emMax}");
        }

        if (Get<double>("t_min") is { } tMin && Get<double>("t_max") is { } tMax && tMin > tMax)
        {
            problems.Add($"t_min {tMin} exceeds t_max {tMax}");
        }

        foreach (var (name, value) in Values)
        {
            if (value is double d && !double.IsFinite(d))
            {
                problems.Add($"{name} is not finite");
            }
        }

        return problems;
    }

    [GeneratedRegex("^(/(I|Q|U|V|RR|LL|RL|LR|XX|YY|XY|YX|POLI|POLA))+/$")]
    private static partial Regex PolStatesSyntax();
}

/// <summary>Collects a row's values with their column types checked as they are set.</summary>
public sealed class ObsCoreRowBuilder
{
    private readonly ImmutableDictionary<string, object>.Builder _values =
        ImmutableDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);

    public ObsCoreRowBuilder Set(string column, object? value)
    {
        var col = ObsCoreColumns.Find(column) ?? throw new ArgumentException($"ivoa.obscore has no column '{column}'", nameof(column));
        if (value is null)
        {
            _values.Remove(col.Name);
            return this;
        }

        _values[col.Name] = (col.Kind, value) switch
        {
            (ObsCoreColumnKind.Text, string s) => s,
            (ObsCoreColumnKind.Short, short s) => s,
            (ObsCoreColumnKind.Short, int i) => checked((short)i),
            (ObsCoreColumnKind.Short, long l) => checked((short)l),
            (ObsCoreColumnKind.Long, long l) => l,
            (ObsCoreColumnKind.Long, int i) => (long)i,
            (ObsCoreColumnKind.Double, double d) => d,
            (ObsCoreColumnKind.Double, int i) => (double)i,
            (ObsCoreColumnKind.Double, long l) => (double)l,
            // ObsCore timestamps are UTC in a timestamp-without-zone column: stored as plain (unspecified) values.
            (ObsCoreColumnKind.Timestamp, DateTime t) => DateTime.SpecifyKind(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t, DateTimeKind.Unspecified),
            (ObsCoreColumnKind.Region, SkyPolygon p) => p,
            _ => throw new ArgumentException($"{col.Name} ({col.Kind}) cannot hold a {value.GetType().Name}", nameof(value)),
        };
        return this;
    }

    public bool Has(string column) => _values.ContainsKey(column);

    public ObsCoreRow Build() => new(_values.ToImmutable());
}

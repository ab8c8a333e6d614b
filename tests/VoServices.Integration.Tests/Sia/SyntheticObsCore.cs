using System.Globalization;
using System.Text;
using Npgsql;

namespace VoServices.Integration.Tests.Sia;

/// <summary>
/// A few thousand generated ObsCore rows for brute-force comparisons: convex footprints of every size all
/// over the sky (across RA 0, around both poles, some larger than 30°), bands from the UV to the radio,
/// times, and every constrained column sometimes NULL. Deterministic for a seed. Inserted with COPY.
/// </summary>
public static class SyntheticObsCore
{
    public const string Collection = "synthetic";

    private static readonly string?[] Types = ["image", "image", "image", "cube", "cube", "cube", "spectrum", "timeseries", null];
    private static readonly string?[] Pols = ["/I/", "/I/Q/U/V/", "/POLI/POLA/", "/XX/YY/", "/RR/LL/RL/LR/", "/Q/", null, null];
    private static readonly string?[] Facilities = ["ALMA", "VLT", "Vlt", null];
    private static readonly string?[] Instruments = ["MUSE", "NIRSPEC", null];
    private static readonly string?[] Targets = ["M31", "m31", "NGC 253", null];
    private static readonly string?[] Formats = ["image/fits", "application/x-votable+xml;content=datalink", null];
    private static readonly string[] Collections = [Collection, Collection, "Synthetic"];

    private const string Columns =
        "dataproduct_type, calib_level, obs_collection, obs_id, obs_publisher_did, access_url, access_format, target_name, s_ra, s_dec, s_fov, " +
        "s_region, s_resolution, t_min, t_max, t_exptime, t_resolution, em_min, em_max, em_res_power, pol_states, facility_name, instrument_name";

    public static async Task InsertAsync(string connectionString, int count, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            AppendRow(sb, random, i);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var writer = await connection.BeginTextImportAsync($"COPY ivoa.obscore ({Columns}) FROM STDIN"))
        {
            await writer.WriteAsync(sb.ToString());
        }

        await using var analyze = new NpgsqlCommand("ANALYZE ivoa.obscore", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static void AppendRow(StringBuilder sb, Random random, int i)
    {
        T Pick<T>(T[] values) => values[random.Next(values.Length)];
        double? Sometimes(double value, double nullFraction = 0.1) => random.NextDouble() < nullFraction ? null : value;

        // Footprint centres: uniform on the sphere, with extra ones near RA 0 and near the poles.
        var kind = random.Next(10);
        var ra = kind == 0 ? (random.NextDouble() * 6) - 3 : random.NextDouble() * 360;
        ra = ((ra % 360) + 360) % 360;
        var dec = kind == 1 ? (random.Next(2) == 0 ? 1 : -1) * (85 + (random.NextDouble() * 5)) : Math.Asin((2 * random.NextDouble()) - 1) * 180 / Math.PI;
        var radius = random.Next(20) switch
        {
            0 => 10 + (random.NextDouble() * 30),
            < 5 => 1 + (random.NextDouble() * 5),
            _ => 0.02 + random.NextDouble(),
        };

        // Vertices on a small circle at increasing bearings (no gap of 170° or more): a convex polygon containing the centre.
        var n = 3 + random.Next(5);
        double[] bearings;
        do
        {
            var start = random.NextDouble() * 360;
            bearings = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 360).Order().Select(b => (b + start) % 360).ToArray();
        }
        while (Enumerable.Range(0, n).Any(k => (((bearings[(k + 1) % n] - bearings[k]) % 360) + 360) % 360 is >= 170 or < 1));

        var vertices = bearings.Select(b => Sphere.Destination(ra, dec, b, radius)).ToArray();
        var region = random.NextDouble() < 0.08 ? null
            : "{" + string.Join(',', vertices.Select(v => $"({F(v.Lon)}d,{F(v.Lat)}d)")) + "}";

        // Wavelengths log-uniform from 100 nm to 1 m; widths from a line to a decade.
        var emMin = Math.Pow(10, -7 + (random.NextDouble() * 7));
        var emMax = emMin * Math.Pow(10, random.NextDouble() * (random.Next(2) == 0 ? 0.01 : 1));
        var hasBand = random.NextDouble() >= 0.1;
        var tMin = 50000 + (random.NextDouble() * 10000);
        var tMax = tMin + (random.NextDouble() * (random.Next(2) == 0 ? 0.1 : 30));
        var hasTime = random.NextDouble() >= 0.1;

        var did = $"ivo://synthetic.test/sia?row-{i}";
        if (i % 7 == 0)
        {
            did = did.ToUpperInvariant(); // IVOIDs compare case-insensitively
        }

        var fields = new[]
        {
            Pick(Types), random.Next(5).ToString(CultureInfo.InvariantCulture), Pick(Collections), $"synthetic/{i}.fits", did,
            $"http://data.test/synthetic/{i}.fits", Pick(Formats), Pick(Targets), F(ra), F(dec), N(Sometimes(2 * radius, 0.05)),
            region, N(Sometimes(0.01 * Math.Pow(10, random.NextDouble() * 4))),
            hasTime ? F(tMin) : null, hasTime ? F(tMax) : null, N(Sometimes(Math.Pow(10, random.NextDouble() * 4))),
            N(Sometimes(Math.Pow(10, random.NextDouble() * 3))), hasBand ? F(emMin) : null, hasBand ? F(emMax) : null,
            N(Sometimes(Math.Pow(10, random.NextDouble() * 5))), Pick(Pols), Pick(Facilities), Pick(Instruments),
        };
        sb.AppendJoin('\t', fields.Select(f => f ?? "\\N")).Append('\n');
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string? N(double? value) => value is { } v ? F(v) : null;
}

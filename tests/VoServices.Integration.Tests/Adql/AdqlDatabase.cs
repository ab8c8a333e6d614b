using Npgsql;
using VoServices.Adql;
using VoServices.Adql.Metadata;

namespace VoServices.Integration.Tests.Adql;

/// <summary>
/// A migrated database of its own (other tests cannot change its rows) with the tables of the ADQL
/// test catalog (tests/VoServices.Adql.Tests/Corpus/catalog.json): cat.stars, cat.spectra and rows in
/// ivoa.obscore. Made once per test run from a fixed random seed; the data are also kept in memory
/// for brute-force comparisons.
/// </summary>
internal sealed class AdqlDatabase
{
    private static readonly SemaphoreSlim Lock = new(1, 1);
    private static AdqlDatabase? _instance;

    private AdqlDatabase(string connectionString, IReadOnlyList<Star> stars, IReadOnlyList<Obs> observations)
    {
        ConnectionString = connectionString;
        Stars = stars;
        Observations = observations;
    }

    public string ConnectionString { get; }

    public IReadOnlyList<Star> Stars { get; }

    public IReadOnlyList<Obs> Observations { get; }

    public static SchemaCatalog Catalog { get; } = SchemaJson.Parse(File.ReadAllText(
        Path.Combine(RepoPaths.Root, "tests", "VoServices.Adql.Tests", "Corpus", "catalog.json")));

    public sealed record Star(long Id, double Ra, double Dec, float Mag);

    public sealed record Obs(long Id, double Ra, double Dec, double Size);

    public static async Task<AdqlDatabase> GetAsync(PgFixture pg)
    {
        await Lock.WaitAsync();
        try
        {
            return _instance ??= await CreateAsync(pg);
        }
        finally
        {
            Lock.Release();
        }
    }

    private static async Task<AdqlDatabase> CreateAsync(PgFixture pg)
    {
        var (_, connectionString) = await pg.CreateDatabaseAsync("adql");
        var random = new Random(20261121);
        var stars = new List<Star>();
        for (var i = 1; i <= 4000; i++)
        {
            double ra, dec;
            switch (i % 4)
            {
                case 0:
                    // Uniform on the sphere.
                    ra = random.NextDouble() * 360;
                    dec = Math.Asin(2 * random.NextDouble() - 1) * 180 / Math.PI;
                    break;
                case 1:
                    ra = 10 + (random.NextDouble() - 0.5) * 6;
                    dec = 20 + (random.NextDouble() - 0.5) * 6;
                    break;
                case 2:
                    // Across the 0/360 seam.
                    ra = (360 + (random.NextDouble() - 0.5) * 4) % 360;
                    dec = (random.NextDouble() - 0.5) * 4;
                    break;
                default:
                    // Around the north pole.
                    ra = random.NextDouble() * 360;
                    dec = 87 + random.NextDouble() * 3;
                    break;
            }

            stars.Add(new Star(i, ra, dec, (float)Math.Round(random.NextDouble() * 15, 2)));
        }

        var observations = new List<Obs>();
        for (var i = 1; i <= 300; i++)
        {
            observations.Add(new Obs(i, 10 + (random.NextDouble() - 0.5) * 10, 20 + (random.NextDouble() - 0.5) * 10,
                0.1 + random.NextDouble()));
        }

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using (var ddl = new NpgsqlCommand(Ddl, db))
        {
            await ddl.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand(InsertStars, db))
        {
            insert.Parameters.AddWithValue("id", stars.Select(s => s.Id).ToArray());
            insert.Parameters.AddWithValue("ra", stars.Select(s => s.Ra).ToArray());
            insert.Parameters.AddWithValue("dec", stars.Select(s => s.Dec).ToArray());
            insert.Parameters.AddWithValue("mag", stars.Select(s => s.Mag).ToArray());
            await insert.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand(InsertObscore, db))
        {
            insert.Parameters.AddWithValue("id", observations.Select(o => o.Id).ToArray());
            insert.Parameters.AddWithValue("ra", observations.Select(o => o.Ra).ToArray());
            insert.Parameters.AddWithValue("dec", observations.Select(o => o.Dec).ToArray());
            insert.Parameters.AddWithValue("size", observations.Select(o => o.Size).ToArray());
            await insert.ExecuteNonQueryAsync();
        }

        return new AdqlDatabase(connectionString, stars, observations);
    }

    private const string Ddl = """
        CREATE SCHEMA cat;
        CREATE TABLE cat.stars (id bigint PRIMARY KEY, ra double precision, dec double precision, mag real, name text,
                                pos spoint, flags integer, obs_time timestamp);
        CREATE INDEX stars_point ON cat.stars USING gist (spoint(radians(ra), radians(dec)));
        CREATE TABLE cat.spectra (id bigint PRIMARY KEY, star_id bigint, ra double precision, dec double precision,
                                  snr double precision, footprint spoly, aperture scircle);
        GRANT USAGE ON SCHEMA cat TO vo_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA cat TO vo_reader;
        """;

    private const string InsertStars = """
        INSERT INTO cat.stars (id, ra, dec, mag, name, pos, flags, obs_time)
        SELECT id, ra, dec, mag, 'star ' || id, spoint(radians(ra), radians(dec)), (id % 256)::integer,
               timestamp '2020-01-01' + id * interval '1 hour'
        FROM unnest(@id, @ra, @dec, @mag) AS u(id, ra, dec, mag);
        INSERT INTO cat.spectra (id, star_id, ra, dec, snr, footprint, aperture)
        SELECT id, id, ra, dec, (id % 50) + 0.5, adql_box(ra, least(dec, 88), 0.2, 0.2), scircle(spoint(radians(ra), radians(dec)), radians(0.05))
        FROM cat.stars WHERE id % 8 = 1;
        """;

    private const string InsertObscore = """
        INSERT INTO ivoa.obscore (dataproduct_type, calib_level, obs_collection, obs_id, obs_publisher_did, target_name,
                                  s_ra, s_dec, s_fov, s_region, em_min, em_max, t_min, t_max, access_estsize, obs_creation_date)
        SELECT CASE WHEN id % 2 = 0 THEN 'image' ELSE 'cube' END, (id % 4)::smallint,
               CASE WHEN id % 3 = 0 THEN 'demo' ELSE 'other' END, 'obs-' || id, 'ivo://test/adql?' || id,
               CASE id % 4 WHEN 0 THEN 'Orion Nebula' WHEN 1 THEN 'M31 Andromeda' WHEN 2 THEN NULL ELSE 'NGC 1234' END,
               ra, dec, size, adql_box(ra, dec, size, size),
               5e-7 + (id % 10) * 1e-8, 6e-7 + (id % 10) * 1e-8, 59000 + id, 59000.5 + id, id * 10,
               timestamp '2021-01-01' + id * interval '1 day'
        FROM unnest(@id, @ra, @dec, @size) AS u(id, ra, dec, size);
        """;

    /// <summary>Runs translated SQL as a TAP query would: read-only, as the reader role.</summary>
    public async Task<List<object?[]>> QueryAsync(string adql, long? rowLimit = null)
    {
        var translation = AdqlTranslator.Translate(adql, Catalog, new AdqlTranslationOptions { RowLimit = rowLimit });
        Assert.True(translation.Succeeded, translation.Error?.ToString());
        return await RunSqlAsync(translation.Sql);
    }

    public async Task<List<object?[]>> RunSqlAsync(string sql)
    {
        await using var db = new NpgsqlConnection(ConnectionString);
        await db.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await using (var setup = new NpgsqlCommand("SET TRANSACTION READ ONLY; SET LOCAL ROLE vo_reader; SET LOCAL statement_timeout = '30s'", db, tx))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(sql, db, tx);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Great-circle distance in degrees (haversine), the brute-force reference.</summary>
    public static double Distance(double ra1, double dec1, double ra2, double dec2)
    {
        static double R(double d) => d * Math.PI / 180;
        var s = Math.Pow(Math.Sin(R(dec2 - dec1) / 2), 2) + Math.Cos(R(dec1)) * Math.Cos(R(dec2)) * Math.Pow(Math.Sin(R(ra2 - ra1) / 2), 2);
        return 2 * Math.Asin(Math.Min(1, Math.Sqrt(s))) * 180 / Math.PI;
    }
}

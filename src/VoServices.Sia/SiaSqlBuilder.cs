using System.Globalization;
using System.Text;
using Npgsql;
using VoServices.Dali;

using VoServices.Database;

namespace VoServices.Sia;

/// <summary>
/// The WHERE condition of a SIA query over ivoa.obscore (unqualified column names) and its positional
/// parameters (<c>$1</c>, <c>$2</c>, ...): every value from the request is a parameter, never SQL text.
/// </summary>
public sealed record SiaSql(string Where, IReadOnlyList<NpgsqlParameter> Parameters)
{
    /// <summary>
    /// The full statement: <paramref name="selectFrom"/> (a SELECT ... FROM ivoa.obscore with no WHERE),
    /// this condition, and LIMIT <paramref name="rowLimit"/> as the next parameter. Returns fresh
    /// parameter objects so a command may own them.
    /// </summary>
    public (string Sql, NpgsqlParameter[] Parameters) Statement(string selectFrom, long rowLimit)
    {
        ArgumentNullException.ThrowIfNull(selectFrom);
        var parameters = Parameters.Select(p => new NpgsqlParameter { Value = p.Value }).Append(new NpgsqlParameter { Value = rowLimit }).ToArray();
        return (string.Create(CultureInfo.InvariantCulture, $"{selectFrom} WHERE {Where} LIMIT ${parameters.Length}"), parameters);
    }
}

/// <summary>
/// Turns a <see cref="SiaQuery"/> into SQL as SIA 2.0 §2 defines the matching: repeats of one parameter
/// OR-ed, parameters AND-ed, a NULL in a constrained column excludes the row, and only image and cube rows.
/// Each constraint is written so that an index serves it: POS as pgsphere <c>&amp;&amp;</c> on s_region (GiST),
/// ID as <c>lower(obs_publisher_did)</c> (the unique index), the others as plain comparisons.
/// </summary>
public static class SiaSqlBuilder
{
    /// <summary>SIA serves images and cubes; the table also holds spectra and other types.</summary>
    public const string DataProductCondition = "dataproduct_type IN ('image', 'cube')";

    public static SiaSql Build(SiaQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var b = new Builder();
        b.And(DataProductCondition);
        b.AnyOf(query.Pos, b.Pos);
        b.AnyOf(query.Band, i => b.Overlaps("em_min", "em_max", i));
        b.AnyOf(query.Time, i => b.Overlaps("t_min", "t_max", i));
        b.AnyOf(query.Fov, i => b.Within("s_fov", i));
        b.AnyOf(query.Spatres, i => b.Within("s_resolution", i));
        b.AnyOf(query.Exptime, i => b.Within("t_exptime", i));
        b.AnyOf(query.Timeres, i => b.Within("t_resolution", i));
        b.AnyOf(query.Specrp, i => b.Within("em_res_power", i));
        // pol_states is "/I/Q/U/V/": a state matches between slashes (so "I" does not match "/POLI/").
        b.AnyOf(query.Pol, s => $"strpos(pol_states, {b.Parameter("/" + s + "/")}) > 0");
        if (query.Id.Count > 0)
        {
            // lower() on both sides in SQL, so the comparison is exactly the unique index's expression.
            b.And($"lower(obs_publisher_did) = ANY (ARRAY(SELECT lower(v) FROM unnest({b.Parameter(query.Id.ToArray())}::text[]) AS v))");
        }

        b.In("obs_collection", query.Collection);
        b.In("facility_name", query.Facility);
        b.In("instrument_name", query.Instrument);
        b.In("dataproduct_type", query.DataProductType);
        b.In("target_name", query.Target);
        b.In("access_format", query.Format);
        if (query.Calib.Count > 0)
        {
            b.And($"calib_level = ANY ({b.Parameter(query.Calib.ToArray())}::smallint[])");
        }

        return new SiaSql(b.Where.ToString(), b.Parameters);
    }

    /// <summary>
    /// A statement that builds the polygon as the query will (pgsphere rejects self-crossing polygons and
    /// those larger than a hemisphere); run it first so such a POS is a usage error, not a failed query.
    /// </summary>
    public static (string Sql, NpgsqlParameter Parameter) PolygonCheck(DaliPolygon polygon)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        return ("SELECT public.adql_polygon($1::double precision[]) IS NOT NULL", new NpgsqlParameter { Value = Degrees(polygon) });
    }

    private static double[] Degrees(DaliPolygon polygon) => polygon.Vertices.SelectMany(v => new[] { v.Lon, v.Lat }).ToArray();

    private sealed class Builder
    {
        public StringBuilder Where { get; } = new();

        public List<NpgsqlParameter> Parameters { get; } = [];

        public void And(string condition)
        {
            if (Where.Length > 0)
            {
                Where.Append(" AND ");
            }

            Where.Append(condition);
        }

        public void AnyOf<T>(IReadOnlyList<T> values, Func<T, string> condition)
        {
            if (values.Count == 0)
            {
                return;
            }

            And(values.Count == 1 ? condition(values[0]) : "(" + string.Join(" OR ", values.Select(v => "(" + condition(v) + ")")) + ")");
        }

        public void In(string column, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                And($"{column} = ANY ({Parameter(values.ToArray())}::text[])");
            }
        }

        /// <summary>[lower, upper] overlaps [min, max]; infinities are bound as such (every non-NULL value passes them).</summary>
        public string Overlaps(string min, string max, DaliInterval interval)
        {
            var lower = Parameter(interval.Lower);
            var upper = Parameter(interval.Upper);
            return $"{min} <= {upper} AND {max} >= {lower}";
        }

        public string Within(string column, DaliInterval interval) =>
            $"{column} BETWEEN {Parameter(interval.Lower)} AND {Parameter(interval.Upper)}";

        public string Pos(DaliShape shape) => shape switch
        {
            DaliCircle { Radius: >= 180 } or DaliRange { IsWholeSky: true } => "s_region IS NOT NULL",
            DaliCircle { Radius: <= 90 } c =>
                $"s_region && scircle(spoint(radians({Parameter(c.Lon)}), radians({Parameter(c.Lat)})), radians({Parameter(c.Radius)}))",
            // pgsphere circles stop at 90°: a larger circle meets the region unless the region lies inside
            // the (open) circle of radius 180° - r around the antipode.
            DaliCircle c =>
                $"NOT (s_region <@ scircle(spoint(radians({Parameter((c.Lon + 180) % 360)}), radians({Parameter(-c.Lat)})), radians({Parameter(180 - c.Radius)})))",
            DaliRange r => Range(r),
            DaliPolygon p => $"s_region && public.adql_polygon({Parameter(Degrees(p))}::double precision[])",
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown POS shape"),
        };

        /// <summary>
        /// A RANGE is a box of meridians and parallels (not a polygon: great-circle edges would cut across the
        /// parallels). All the way round in longitude it is a band, or a cap at a pole: a region meets the band
        /// unless it lies wholly north or wholly south of it, which pgsphere circles around the poles decide
        /// exactly. Otherwise the GiST index preselects with polygons covering the box (<see cref="RangeCover"/>),
        /// rows meeting polygons inside the box are in, and <c>vo.sia_range_overlaps</c> decides the others
        /// (pgsphere's own sbox is wrong near the poles).
        /// </summary>
        private string Range(DaliRange r)
        {
            if (r.Lon2 - r.Lon1 >= 360)
            {
                var conditions = new List<string>();
                if (r.Lat2 < 90)
                {
                    // Some point at or south of lat2.
                    conditions.Add(r.Lat2 <= 0
                        ? $"s_region && scircle(spoint(0, radians(-90)), radians({Parameter(90 + r.Lat2)}))"
                        : $"NOT (s_region <@ scircle(spoint(0, radians(90)), radians({Parameter(90 - r.Lat2)})))");
                }

                if (r.Lat1 > -90)
                {
                    // Some point at or north of lat1.
                    conditions.Add(r.Lat1 >= 0
                        ? $"s_region && scircle(spoint(0, radians(90)), radians({Parameter(90 - r.Lat1)}))"
                        : $"NOT (s_region <@ scircle(spoint(0, radians(-90)), radians({Parameter(90 + r.Lat1)})))");
                }

                return string.Join(" AND ", conditions);
            }

            var cover = RangeCover.Polygons(r).Select(p => $"s_region && public.adql_polygon({Parameter(p)}::double precision[])").ToList();
            var (north, south) = RangeCover.ReachesPoles(r);
            foreach (var pole in (north ? [90.0] : Array.Empty<double>()).Concat(south ? [-90.0] : []))
            {
                cover.Add($"s_region && scircle(spoint(0, radians({Parameter(pole)})), radians({Parameter(RangeCover.PoleCapRadius)}))");
            }

            var inside = RangeCover.Inside(r).Select(p => $"s_region && public.adql_polygon({Parameter(p)}::double precision[])").ToList();
            var exact = $"vo.sia_range_overlaps(s_region, {Parameter(r.Lon1)}, {Parameter(r.Lon2)}, {Parameter(r.Lat1)}, {Parameter(r.Lat2)})";
            return (cover.Count == 1 ? cover[0] : "(" + string.Join(" OR ", cover) + ")")
                + " AND (" + string.Join(" OR ", inside.Append(exact)) + ")";
        }

        public string Parameter(object value)
        {
            Parameters.Add(new NpgsqlParameter { Value = value });
            return "$" + Parameters.Count.ToString(CultureInfo.InvariantCulture);
        }
    }
}

-- SQL functions the ADQL translator (src/VoServices.Adql) emits: geometry constructors with ADQL
-- semantics, serialisation of geometry results (DALI arrays in degrees, STC-S for regions), and the
-- IVOA user-defined functions the service declares. All degrees in, degrees out; pgsphere is radians.
-- CREATE OR REPLACE keeps the file re-runnable. They live in public, beside pgsphere, whatever the
-- migrating role's search_path (its "$user" schema may exist), so every role finds them unqualified.

-- Vertices of a polygon as {lon1, lat1, lon2, lat2, ...} in radians. pgsphere has no vertex accessor,
-- so this reads spoly's text form, in the default RAD output mode (or DEG, "d" suffix): nothing in
-- this service calls set_sphere_output.
CREATE OR REPLACE FUNCTION public.adql_spoly_radians(poly spoly) RETURNS double precision[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_agg(v ORDER BY n, k)
    FROM regexp_matches(poly::text,
             '\(\s*([-+0-9.eE]+)(d?)\s*,\s*([-+0-9.eE]+)(d?)\s*\)', 'g') WITH ORDINALITY AS m(g, n),
         LATERAL (VALUES
             (1, CASE WHEN g[2] = 'd' THEN radians(g[1]::double precision) ELSE g[1]::double precision END),
             (2, CASE WHEN g[4] = 'd' THEN radians(g[3]::double precision) ELSE g[3]::double precision END)) AS c(k, v)
$$;

-- Degrees for output: longitudes in [0, 360), rounded to 1e-10 degree (below pgsphere's text precision),
-- so that 10 degrees reads 10 and not 9.999999999999998.
CREATE OR REPLACE FUNCTION public.adql_out_degrees(rad double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT round(degrees(rad)::numeric, 10)::double precision
$$;

CREATE OR REPLACE FUNCTION public.adql_out_lon(rad double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN d >= 360 THEN d - 360 ELSE d END
    FROM (SELECT adql_out_degrees(rad) AS d) AS x
$$;

-- DALI serialisations (double arrays in degrees): point {lon, lat}, circle {lon, lat, r},
-- polygon {lon1, lat1, ...}.
CREATE OR REPLACE FUNCTION public.adql_dali_point(p spoint) RETURNS double precision[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY[adql_out_lon(long(p)), adql_out_degrees(lat(p))]
$$;

CREATE OR REPLACE FUNCTION public.adql_dali_circle(c scircle) RETURNS double precision[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY[adql_out_lon(long(center(c))), adql_out_degrees(lat(center(c))), adql_out_degrees(radius(c))]
$$;

CREATE OR REPLACE FUNCTION public.adql_dali_polygon(poly spoly) RETURNS double precision[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_agg(CASE WHEN i % 2 = 1 THEN adql_out_lon(v) ELSE adql_out_degrees(v) END ORDER BY i)
    FROM unnest(adql_spoly_radians(poly)) WITH ORDINALITY AS u(v, i)
$$;

-- STC-S for region-typed columns (xtype adql:region), e.g. "Polygon ICRS 10 20 11 20 11 21".
CREATE OR REPLACE FUNCTION public.adql_stcs(poly spoly) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 'Polygon ICRS ' || array_to_string(adql_dali_polygon(poly), ' ')
$$;

CREATE OR REPLACE FUNCTION public.adql_stcs(c scircle) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 'Circle ICRS ' || array_to_string(adql_dali_circle(c), ' ')
$$;

CREATE OR REPLACE FUNCTION public.adql_stcs(p spoint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 'Position ICRS ' || array_to_string(adql_dali_point(p), ' ')
$$;

-- POLYGON(...): vertices in order, great-circle edges (pgsphere's spoly aggregate).
CREATE OR REPLACE FUNCTION public.adql_polygon(points spoint[]) RETURNS spoly
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT spoly(p ORDER BY i) FROM unnest(points) WITH ORDINALITY AS u(p, i)
$$;

CREATE OR REPLACE FUNCTION public.adql_polygon(coords double precision[]) RETURNS spoly
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT adql_polygon(ARRAY(
        SELECT spoint(radians(coords[2 * i - 1]), radians(coords[2 * i]))
        FROM generate_series(1, cardinality(coords) / 2) AS i ORDER BY i))
$$;

-- BOX(lon, lat, width, height): corners at lon +- width/2, lat +- height/2 joined by great circles.
CREATE OR REPLACE FUNCTION public.adql_box(lon double precision, lat double precision,
                                    width double precision, height double precision) RETURNS spoly
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT adql_polygon(ARRAY[lon - width / 2, lat - height / 2, lon + width / 2, lat - height / 2,
                              lon + width / 2, lat + height / 2, lon - width / 2, lat + height / 2])
$$;

CREATE OR REPLACE FUNCTION public.adql_box(center spoint, width double precision, height double precision) RETURNS spoly
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT adql_box(degrees(long(center)), degrees(lat(center)), width, height)
$$;

-- CENTROID: the point itself, the circle's centre, or for a polygon the normalised mean of its
-- vertices' unit vectors (exact for symmetric shapes, close for small ones).
CREATE OR REPLACE FUNCTION public.adql_centroid(p spoint) RETURNS spoint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT p $$;

CREATE OR REPLACE FUNCTION public.adql_centroid(c scircle) RETURNS spoint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT center(c) $$;

CREATE OR REPLACE FUNCTION public.adql_centroid(poly spoly) RETURNS spoint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT spoint(atan2(y, x), atan2(z, sqrt(x * x + y * y)))
    FROM (SELECT sum(cos(v[2 * i]) * cos(v[2 * i - 1])) AS x,
                 sum(cos(v[2 * i]) * sin(v[2 * i - 1])) AS y,
                 sum(sin(v[2 * i])) AS z
          FROM (SELECT adql_spoly_radians(poly) AS v) AS r,
               generate_series(1, cardinality(r.v) / 2) AS i) AS s
$$;

-- CAST(text AS POINT | CIRCLE | POLYGON): DALI serialisations (space-separated degrees).
CREATE OR REPLACE FUNCTION public.adql_dali_numbers(s text) RETURNS double precision[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_split_to_array(btrim(s), '\s+')::double precision[]
$$;

CREATE OR REPLACE FUNCTION public.adql_point_from_dali(s text) RETURNS spoint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE v double precision[] := adql_dali_numbers(s);
BEGIN
    IF cardinality(v) <> 2 THEN
        RAISE EXCEPTION 'a DALI point is two numbers, lon lat: %', s USING ERRCODE = '22P02';
    END IF;
    RETURN spoint(radians(v[1]), radians(v[2]));
END
$$;

CREATE OR REPLACE FUNCTION public.adql_circle_from_dali(s text) RETURNS scircle
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE v double precision[] := adql_dali_numbers(s);
BEGIN
    IF cardinality(v) <> 3 THEN
        RAISE EXCEPTION 'a DALI circle is three numbers, lon lat radius: %', s USING ERRCODE = '22P02';
    END IF;
    RETURN scircle(spoint(radians(v[1]), radians(v[2])), radians(v[3]));
END
$$;

CREATE OR REPLACE FUNCTION public.adql_polygon_from_dali(s text) RETURNS spoly
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE v double precision[] := adql_dali_numbers(s);
BEGIN
    IF cardinality(v) < 6 OR cardinality(v) % 2 <> 0 THEN
        RAISE EXCEPTION 'a DALI polygon is at least three lon lat pairs: %', s USING ERRCODE = '22P02';
    END IF;
    RETURN adql_polygon(v);
END
$$;

-- IVOA user-defined functions (RegTAP 1.1 / DaCHS names), declared as TAPRegExt features-udf.
-- ivo_hasword: 1 if needle occurs in haystack as a word (or phrase), case-insensitively.
CREATE OR REPLACE FUNCTION public.ivo_hasword(haystack text, needle text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN to_tsvector('simple', haystack) @@ phraseto_tsquery('simple', needle) THEN 1 ELSE 0 END
$$;

-- ivo_nocasematch: 1 if value matches the LIKE pattern, ignoring case.
CREATE OR REPLACE FUNCTION public.ivo_nocasematch(value text, pattern text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN value ILIKE pattern ESCAPE '' THEN 1 ELSE 0 END
$$;

-- ivo_interval_overlaps: 1 if the closed intervals [l1, h1] and [l2, h2] share a point.
CREATE OR REPLACE FUNCTION public.ivo_interval_overlaps(l1 double precision, h1 double precision,
                                                 l2 double precision, h2 double precision) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN l1 <= h2 AND l2 <= h1 THEN 1 ELSE 0 END
$$;

-- ivo_healpix_index: the NESTED HEALPix index of a position at the given order.
CREATE OR REPLACE FUNCTION public.ivo_healpix_index(hpx_order integer, lon double precision, lat double precision) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT healpix_nest(hpx_order, spoint(radians(lon), radians(lat)))
$$;

CREATE OR REPLACE FUNCTION public.ivo_healpix_index(hpx_order integer, p spoint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT healpix_nest(hpx_order, p)
$$;

-- ivo_healpix_center: the centre of a NESTED HEALPix cell.
CREATE OR REPLACE FUNCTION public.ivo_healpix_center(hpx_order integer, hpx_index bigint) RETURNS spoint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT center_of_healpix_nest(hpx_order, hpx_index)
$$;

-- Serialising s_region cost about 470 us a row: adql_spoly_radians read pgsphere's text with a regular
-- expression. In the radian output mode this service always uses, the text is "{(lon , lat),...}", which
-- one string_to_array reads about fifteen times faster; other output modes ("d" suffixes) keep the general
-- reader. adql_stcs(spoly) loops once over the vertices instead of going through adql_dali_polygon's
-- unnest/array_agg. Output text is unchanged (degrees rounded to 1e-10, longitudes in [0, 360)).
CREATE OR REPLACE FUNCTION public.adql_spoly_radians(poly spoly) RETURNS double precision[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    t text := poly::text;
BEGIN
    IF position('d' IN t) = 0 THEN
        RETURN string_to_array(translate(t, '{}() ', ''), ',')::double precision[];
    END IF;
    RETURN (SELECT array_agg(v ORDER BY n, k)
            FROM regexp_matches(t, '\(\s*([-+0-9.eE]+)(d?)\s*,\s*([-+0-9.eE]+)(d?)\s*\)', 'g') WITH ORDINALITY AS m(g, n),
                 LATERAL (VALUES
                     (1, CASE WHEN g[2] = 'd' THEN radians(g[1]::double precision) ELSE g[1]::double precision END),
                     (2, CASE WHEN g[4] = 'd' THEN radians(g[3]::double precision) ELSE g[3]::double precision END)) AS c(k, v));
END
$$;

CREATE OR REPLACE FUNCTION public.adql_stcs(poly spoly) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    v double precision[] := public.adql_spoly_radians(poly);
    d double precision;
    result text := 'Polygon ICRS';
BEGIN
    FOR i IN 1..cardinality(v) LOOP
        d := round(degrees(v[i])::numeric, 10)::double precision;
        IF i % 2 = 1 AND d >= 360 THEN
            d := d - 360;
        END IF;
        result := result || ' ' || d::text;
    END LOOP;
    RETURN result;
END
$$;

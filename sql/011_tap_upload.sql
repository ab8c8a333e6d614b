-- TAP UPLOAD: DALI geometry arrays (degrees) of uploaded VOTables to pgsphere values (radians), used by
-- the service (not vo_reader) while it fills the per-query temporary TAP_UPLOAD tables.
CREATE FUNCTION vo.tap_upload_spoint(a double precision[]) RETURNS spoint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT spoint(radians(a[1]), radians(a[2])) $$;

CREATE FUNCTION vo.tap_upload_scircle(a double precision[]) RETURNS scircle
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT scircle(spoint(radians(a[1]), radians(a[2])), radians(a[3])) $$;

CREATE FUNCTION vo.tap_upload_spoly(a double precision[]) RETURNS spoly
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT spoly(spoint(radians(a[2 * i - 1]), radians(a[2 * i])) ORDER BY i)
          FROM generate_series(1, array_length(a, 1) / 2) AS i $$;

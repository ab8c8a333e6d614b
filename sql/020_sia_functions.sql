-- Functions of the SIA 2.0 query service (src/VoServices.Core/Sia).

-- SIA 2.0 POS=RANGE lon1 lon2 lat1 lat2: a box bounded by two meridians and two parallels.
-- pgsphere's sbox would be the natural type, but its overlap with a polygon is wrong for polygon edges
-- that pass near a pole (the latitude extremes of such an edge come out wrong, so the answer even
-- depends on the vertex order). So SIA preselects rows with the GiST index through polygons that cover
-- the box (pgsphere's polygon overlap is exact), and decides with this function.
--
-- True when the polygon shares at least one point with the box; degrees, 0 <= lon1 <= lon2 <= 360,
-- lon2 - lon1 < 360 (a full circle of longitude is a band, which SIA tests with circles),
-- -90 <= lat1 <= lat2 <= 90. Edges are great-circle arcs; the box sides are meridians and parallels.
-- The polygon and the box meet iff a vertex lies in the box, or a point of the box (a corner) lies in
-- the polygon, or an edge crosses a side of the box.
CREATE OR REPLACE FUNCTION vo.sia_range_overlaps(region spoly, lon1 double precision, lon2 double precision,
                                                 lat1 double precision, lat2 double precision) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    v double precision[] := public.adql_spoly_radians(region); -- {lon1, lat1, ...} in radians
    n integer := cardinality(v) / 2;
    l1 double precision := radians(lon1);
    l2 double precision := radians(lon2);
    b1 double precision := radians(lat1);
    b2 double precision := radians(lat2);
    twopi constant double precision := 2 * pi();
    x double precision[];
    y double precision[];
    z double precision[];
    j integer;
    lon double precision;
    side double precision;
    da double precision;
    db double precision;
    t double precision;
    px double precision;
    py double precision;
    pz double precision;
    s double precision;
    dx double precision;
    dy double precision;
    dz double precision;
    qa double precision;
    qb double precision;
    qc double precision;
    disc double precision;
    roots double precision[];
BEGIN
    -- 1. A vertex inside the box (at a pole every longitude is in range).
    FOR i IN 1..n LOOP
        lon := v[2 * i - 1];
        IF v[2 * i] BETWEEN b1 AND b2
           AND (abs(v[2 * i]) >= pi() / 2 - 1e-12 OR lon BETWEEN l1 AND l2 OR lon + twopi <= l2) THEN
            RETURN true;
        END IF;
        x[i] := cos(v[2 * i]) * cos(lon);
        y[i] := cos(v[2 * i]) * sin(lon);
        z[i] := sin(v[2 * i]);
    END LOOP;

    -- 2. A point of the box inside the polygon (covers a box lying wholly inside it).
    IF spoint(l1, b1) @ region THEN
        RETURN true;
    END IF;

    FOR i IN 1..n LOOP
        j := i % n + 1;
        dx := x[j] - x[i];
        dy := y[j] - y[i];
        dz := z[j] - z[i];

        -- 3. The edge crosses a meridian side: its chord passes through the meridian's plane on the
        -- meridian's half (not the opposite one) at a latitude between lat1 and lat2.
        FOREACH side IN ARRAY ARRAY[l1, l2] LOOP
            da := -sin(side) * x[i] + cos(side) * y[i];
            db := -sin(side) * x[j] + cos(side) * y[j];
            IF (da <= 0 AND db >= 0 OR da >= 0 AND db <= 0) AND da <> db THEN
                t := da / (da - db);
                px := x[i] + t * dx;
                py := y[i] + t * dy;
                pz := z[i] + t * dz;
                IF cos(side) * px + sin(side) * py >= 0
                   AND atan2(pz, sqrt(px * px + py * py)) BETWEEN b1 AND b2 THEN
                    RETURN true;
                END IF;
            END IF;
        END LOOP;

        -- 4. The edge crosses a parallel side: points a + t (b - a), 0 <= t <= 1, of the chord whose
        -- direction has z / |p| = sin(lat), i.e. a quadratic in t; the crossing must lie between lon1 and lon2.
        FOREACH side IN ARRAY ARRAY[b1, b2] LOOP
            CONTINUE WHEN abs(side) >= pi() / 2;
            s := sin(side);
            qa := dz * dz - s * s * (dx * dx + dy * dy + dz * dz);
            qb := 2 * (z[i] * dz - s * s * (x[i] * dx + y[i] * dy + z[i] * dz));
            qc := z[i] * z[i] - s * s * (x[i] * x[i] + y[i] * y[i] + z[i] * z[i]);
            IF s = 0 THEN
                -- The equator: z = 0 is linear in t (the quadratic would be a double root, lost to rounding).
                roots := CASE WHEN dz = 0 THEN ARRAY[]::double precision[] ELSE ARRAY[-z[i] / dz] END;
            ELSIF abs(qa) < 1e-18 THEN
                roots := CASE WHEN abs(qb) < 1e-18 THEN ARRAY[]::double precision[] ELSE ARRAY[-qc / qb] END;
            ELSE
                disc := qb * qb - 4 * qa * qc;
                CONTINUE WHEN disc < 0;
                roots := ARRAY[(-qb + sqrt(disc)) / (2 * qa), (-qb - sqrt(disc)) / (2 * qa)];
            END IF;
            FOREACH t IN ARRAY roots LOOP
                CONTINUE WHEN t < 0 OR t > 1;
                pz := z[i] + t * dz;
                CONTINUE WHEN pz * s < 0;  -- the squared equation also holds at -lat
                lon := atan2(y[i] + t * dy, x[i] + t * dx);
                IF lon < 0 THEN
                    lon := lon + twopi;
                END IF;
                IF lon BETWEEN l1 AND l2 OR lon + twopi <= l2 THEN
                    RETURN true;
                END IF;
            END LOOP;
        END LOOP;
    END LOOP;

    RETURN false;
END
$$;

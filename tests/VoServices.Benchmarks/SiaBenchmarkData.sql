-- 1,000,000 synthetic ObsCore rows for the SIA benchmark (collection 'bench', run by SiaBenchmarks /
-- SiaBenchmark.sh in a database of its own): small footprints (4-6 vertices, 0.02° to 0.5° across, in
-- any orientation) spread uniformly over the sky, images and cubes with bands and times. Deterministic
-- (setseed). The GiST index is rebuilt after the load, which is much faster than growing it row by row.
SELECT setseed(0.20261121);
DELETE FROM ivoa.obscore WHERE obs_collection = 'bench';
DROP INDEX IF EXISTS ivoa.obscore_s_region;
INSERT INTO ivoa.obscore (dataproduct_type, calib_level, obs_collection, obs_id, obs_publisher_did, access_url, access_format,
    s_ra, s_dec, s_fov, s_region, s_resolution, t_min, t_max, t_exptime, em_min, em_max, em_res_power, facility_name, instrument_name)
SELECT CASE WHEN i % 3 = 0 THEN 'cube' ELSE 'image' END, 2, 'bench', 'bench/' || i, 'ivo://bench.test/sia?' || i,
       'http://bench.test/data/' || i || '.fits', 'image/fits',
       ra, dec, 2 * r, poly::spoly, 1.0, 55000 + i / 100.0, 55000 + i / 100.0 + 0.01, 600, 5e-7, 6e-7 + (i % 10) * 1e-8, 2000,
       'BENCH', 'CAM' || (i % 4)
FROM (
    SELECT i, ra, dec, r,
           '{' || string_agg(format('(%sd,%sd)', mod((ra + dlon + 360)::numeric, 360), lat2), ',' ORDER BY k) || '}' AS poly
    FROM (
        SELECT i, ra, dec, r, k, lat2,
               degrees(atan2(sin(radians(b)) * sin(radians(r)) * cos(radians(dec)),
                             cos(radians(r)) - sin(radians(dec)) * sin(radians(lat2)))) AS dlon
        FROM (
        SELECT i, ra, dec, r, k, b,
               degrees(asin(sin(radians(dec)) * cos(radians(r)) + cos(radians(dec)) * sin(radians(r)) * cos(radians(b)))) AS lat2
        FROM (
            SELECT i, random() * 360 AS ra, degrees(asin(2 * random() - 1)) AS dec, 0.01 + random() * 0.24 AS r,
                   4 + (i % 3) AS n, random() * 360 AS turn
            FROM generate_series(1, 1000000) AS i
        ) AS c,
        LATERAL (SELECT k, turn + k * 360.0 / n AS b FROM generate_series(0, n - 1) AS k) AS v
        ) AS d
    ) AS p
    GROUP BY i, ra, dec, r
) AS f;
CREATE INDEX obscore_s_region ON ivoa.obscore USING gist (s_region);
ANALYZE ivoa.obscore;

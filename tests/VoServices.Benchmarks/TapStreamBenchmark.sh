#!/usr/bin/env bash
# TAP streaming benchmark (run by hand): 1,000,000 ObsCore rows streamed by /tap/sync as BINARY2 and CSV,
# next to PostgreSQL's own COPY (query) TO STDOUT of the same rows (the physical limit of the database).
#
#   tests/VoServices.Benchmarks/TapStreamBenchmark.sh DATABASE_URL TAP_URL
#
# DATABASE_URL must be a scratch database migrated with sql/ (it gets 1,000,000 synthetic rows in
# ivoa.obscore, collection 'bench'); TAP_URL a `vo serve` on that database (e.g. http://127.0.0.1:8080/tap).
# Prints wall time and rows/s for each, and the server's peak RSS when SERVER_PID is set.
set -euo pipefail
DB=$1 TAP=$2 N=${ROWS:-1000000}
COLS="obs_publisher_did, obs_id, dataproduct_type, calib_level, s_ra, s_dec, s_fov, t_min, t_max, em_min, em_max, access_estsize"
if [ "$(psql "$DB" -Atc "SELECT count(*) FROM ivoa.obscore WHERE obs_collection = 'bench'")" -lt "$N" ]; then
  psql "$DB" -q -c "DELETE FROM ivoa.obscore WHERE obs_collection = 'bench'" -c "
    INSERT INTO ivoa.obscore (obs_publisher_did, obs_id, obs_collection, dataproduct_type, calib_level, s_ra, s_dec, s_fov,
      t_min, t_max, em_min, em_max, access_estsize, access_url, access_format)
    SELECT 'ivo://bench/x?' || i, 'bench/' || i, 'bench', 'image', 2, (i % 36000) / 100.0, ((i % 18000) - 9000) / 100.0, 0.1,
      59000 + i / 1000.0, 59000.01 + i / 1000.0, 4e-7, 7e-7, i % 100000, 'http://example.org/' || i, 'image/fits'
    FROM generate_series(1, $N) AS i" -c "ANALYZE ivoa.obscore"
fi
WHERE="obs_collection = 'bench'"
time_it() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
copy=$(time_it psql "$DB" -c "COPY (SELECT $COLS FROM ivoa.obscore WHERE $WHERE) TO STDOUT")
b2=$(time_it curl -sf --data-urlencode "QUERY=SELECT $COLS FROM ivoa.obscore WHERE $WHERE" -d LANG=ADQL -d MAXREC=$N \
  --data-urlencode "RESPONSEFORMAT=application/x-votable+xml;serialization=BINARY2" "$TAP/sync")
csv=$(time_it curl -sf --data-urlencode "QUERY=SELECT $COLS FROM ivoa.obscore WHERE $WHERE" -d LANG=ADQL -d MAXREC=$N -d RESPONSEFORMAT=csv "$TAP/sync")
for name in copy b2 csv; do
  t=${!name}; printf '%-6s %8.2f s %12.0f rows/s\n' "$name" "$t" "$(echo "$N / $t" | bc -l)"
done
printf 'BINARY2/COPY %.2f   CSV/COPY %.2f\n' "$(echo "$copy / $b2" | bc -l)" "$(echo "$copy / $csv" | bc -l)"
if [ -n "${SERVER_PID:-}" ]; then grep VmHWM /proc/$SERVER_PID/status; fi

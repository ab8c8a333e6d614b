#!/usr/bin/env bash
# The load test of issue 11, run by hand (not part of ./vo test): wrk on the small TAP cone query at 32, 128
# and 512 connections against a running `./vo demo`, while sampling the server's RSS, the PostgreSQL
# connections and whether an admin psql still gets in. Needs wrk (apt-get install wrk).
#   ./vo demo &                      # in another shell, or VO_SYNC_PER_CLIENT=0 ./vo demo (wrk is one client)
#   deploy/load/run.sh [BASE_URL]    # default http://127.0.0.1:8080; DURATION=30s, CONNECTIONS="32 128 512"
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BASE=${1:-http://127.0.0.1:8080}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-"32 128 512"}
PGPORT=${VO_PG_PORT:-54329}
command -v wrk >/dev/null || { echo "load test: wrk is needed (apt-get install wrk)" >&2; exit 1; }
PSQL=(psql -X -q -t -A -h 127.0.0.1 -p "$PGPORT" -U vo -d voservices)
[ -x "$(command -v psql)" ] || PSQL=("$(ls /usr/lib/postgresql/*/bin/psql | head -1)" "${PSQL[@]:1}")
QUERY="SELECT obs_id, s_ra, s_dec FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 114.2, 65.6, 1))"
URL="$BASE/tap/sync?LANG=ADQL&QUERY=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$QUERY")"
SERVER_PID=$(pgrep -f 'vo.dll serve' | head -1 || true)
[ -n "$SERVER_PID" ] || { echo "load test: no running 'vo serve' (start ./vo demo first)" >&2; exit 1; }
curl -fsS -o /dev/null "$URL" || { echo "load test: the query fails at $BASE" >&2; exit 1; }

for c in $CONNECTIONS; do
  samples=$(mktemp)
  ( while sleep 1; do
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
      conns=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'voservices' AND backend_type = 'client backend'" 2>&1 || echo "psql-refused")
      echo "$rss $conns"
    done > "$samples" ) &
  sampler=$!
  # A probe beside wrk: wrk's percentiles mix the fast refusals in; the probe's 200s are admitted requests.
  probe=$(mktemp)
  ( while sleep 0.05; do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$URL"; done > "$probe" ) &
  prober=$!
  echo "== $c connections, $DURATION"
  wrk -t4 -c"$c" -d"$DURATION" --timeout 30s -s "$ROOT/deploy/load/statuses.lua" "$URL" | grep -E '^(status|socket|latency|Requests/sec)'
  kill "$sampler" "$prober"; wait "$sampler" "$prober" 2>/dev/null || true
  awk '$1 == 200 { print $2 * 1000 }' "$probe" | sort -n | awk '{ v[NR] = $1 } END { if (NR) { i = int(NR * 0.99) + 1; if (i > NR) i = NR; printf "admitted (probe) p50 %.1f ms, p99 %.1f ms over %d requests\n", v[int(NR * 0.5) + 1], v[i], NR } }'
  awk '$1 != 200 { n++ } END { printf "probe answers other than 200: %d\n", n + 0 }' "$probe"
  rm -f "$probe"
  awk '{ if ($1 > rss) rss = $1; if ($2 ~ /^[0-9]+$/) { if ($2 > pg) pg = $2 } else refused++ }
       END { printf "server RSS max %.0f MB; PostgreSQL connections max %d (incl. this psql); admin psql refused %d times\n", rss / 1024, pg, refused }' "$samples"
  rm -f "$samples"
  sleep 5
done

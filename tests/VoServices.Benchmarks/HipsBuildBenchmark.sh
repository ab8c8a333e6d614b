#!/usr/bin/env bash
# HiPS build benchmark (run by hand): one order-16 partial HEALPix map built by `vo hips build` and by CDS's
# hipsgen (`aladin -hipsgen in=MAP.fits out=DIR creator_did=... MAPTILES`, Debian's aladin package), each
# under /usr/bin/time -v; prints their wall time and peak RSS side by side.
#
#   tests/VoServices.Benchmarks/HipsBuildBenchmark.sh [ROWS] [WORKDIR]
#
# The map: ROWS (default 10,000,000) distinct cells of one compact region (PIXTYPE HEALPIX, ORDERING NESTED,
# INDXSCHM EXPLICIT, OBJECT PARTIAL, NSIDE 65536; columns pixel K and value D: 16 bytes a row, 1.6 GB at 10^8),
# written streaming with numpy, not in NESTED order: blocks of 2^20 consecutive cells in random order, each
# shuffled. WORKDIR (default a new temporary directory) holds the map and both HiPS and is deleted at the end
# unless KEEP=1. VO_ARGS adds `vo hips build` options (e.g. "--memory-limit 512MB"); HIPSGEN=0 skips hipsgen.
# Debian's `aladin` runs Java with -Xmx1024m, too little for hipsgen at 10^8 rows (OutOfMemoryError):
# HIPSGEN_HEAP=4g runs the same jar as `java -Xmx4g -jar /usr/share/java/aladin.jar` instead.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROWS=${1:-10000000}
WORK=${2:-$(mktemp -d /tmp/hips-bench-XXXXXX)}
mkdir -p "$WORK"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
MAP=$WORK/map.fits

/usr/bin/python3 - "$ROWS" "$MAP" <<'EOF'
import sys
import numpy as np
from astropy.io import fits
rows, path = int(sys.argv[1]), sys.argv[2]
table = fits.BinTableHDU.from_columns([fits.Column(name="pixel", format="K"), fits.Column(name="value", format="D")], nrows=0)
for key, value in [("PIXTYPE", "HEALPIX"), ("ORDERING", "NESTED"), ("INDXSCHM", "EXPLICIT"), ("OBJECT", "PARTIAL"),
                   ("NSIDE", 65536), ("COORDSYS", "C"), ("NAXIS2", rows)]:
    table.header[key] = value
rng = np.random.default_rng(12)
first = 4 * 4**16 + 123 * 4**9  # in base cell 4, order-7 tile 4·4^7 + 123 onwards
block = 1 << 20
record = np.empty(block, dtype=[("pixel", ">i8"), ("value", ">f8")])
with open(path, "wb") as f:
    f.write(fits.PrimaryHDU().header.tostring().encode())
    f.write(table.header.tostring().encode())
    for b in rng.permutation((rows + block - 1) // block):
        n = min(block, rows - b * block)
        pixel = first + b * block + rng.permutation(n)
        r = record[:n]
        r["pixel"] = pixel
        r["value"] = np.sin(pixel * 1e-7) + 0.1 * rng.standard_normal(n)
        f.write(r.tobytes())
    f.write(b"\0" * (-(rows * 16) % 2880))
EOF
sync "$MAP"   # its dirty pages written out now, not during the timed builds
echo "map: $ROWS rows, $(($(stat -c %s "$MAP") / 1000000)) MB ($MAP); $(nproc) cores"

"$ROOT/vo" hips --help > /dev/null   # builds the CLI first, outside the timing
# Runs a command under /usr/bin/time -v; sets WALL (seconds), RSS (MB) and TILES (FITS tiles written).
measure() {
  local name=$1 report=$WORK/$1.time
  shift
  if ! /usr/bin/time -v "$@" > "$WORK/$name.log" 2> "$report"; then
    tail -n 20 "$WORK/$name.log" "$report" >&2
    echo "$name failed" >&2
    exit 1
  fi
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$report")
  RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$report")
  TILES=$(find "$WORK/$name" -name 'Npix*.fits' | wc -l)
}

measure vo "$ROOT/vo" hips build "$MAP" --out "$WORK/vo" --column value --creator-did ivo://test/bench ${VO_ARGS:-}
vo_wall=$WALL vo_rss=$RSS
tail -1 "$WORK/vo.log"
printf '%-16s %8s %12s %7s\n' tool "wall s" "peak RSS MB" tiles
printf '%-16s %8.2f %12d %7d\n' "vo hips build" "$vo_wall" "$vo_rss" "$TILES"
if [ "${HIPSGEN:-1}" != 0 ]; then
  hipsgen=(aladin)
  [ -z "${HIPSGEN_HEAP:-}" ] || hipsgen=(java "-Xmx$HIPSGEN_HEAP" -jar /usr/share/java/aladin.jar)
  measure hipsgen "${hipsgen[@]}" -hipsgen in="$MAP" out="$WORK/hipsgen" creator_did=ivo://test/bench MAPTILES
  printf '%-16s %8.2f %12d %7d\n' "hipsgen${HIPSGEN_HEAP:+ -Xmx$HIPSGEN_HEAP}" "$WALL" "$RSS" "$TILES"
  printf 'vo / hipsgen: wall %.2f, peak RSS %.2f\n' "$(echo "$vo_wall / $WALL" | bc -l)" "$(echo "$vo_rss / $RSS" | bc -l)"
fi

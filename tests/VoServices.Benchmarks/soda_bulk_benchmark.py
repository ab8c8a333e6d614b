"""Bulk cutouts end to end (run by hand, issue 15's speed goal), on `./vo demo` (collection vlass, four 512² tiles):

    ./vo demo &                      # wait for "Now listening"
    /usr/bin/python3 tests/VoServices.Benchmarks/soda_bulk_benchmark.py http://127.0.0.1:8080 10000

N targets at random inside the tile set, each a 64 × 64-pixel circle (radius 64″, 2″ pixels) × 16 channels × 3 Stokes.
Prints: the bulk job (POST → COMPLETED, then the archive downloaded), the same cutouts as N sequential sync requests on
one kept-alive connection, their ratio, and the bytes involved next to one sequential read of the tiles (page cache).
"""
import csv, io, os, random, sys, tarfile, time
import requests
from astropy.io.votable import parse_single_table

base, n = sys.argv[1].rstrip("/"), int(sys.argv[2])
radius = 64 / 3600
random.seed(15)
offset = 512 * 2 / 3600 / 2 - 30 / 3600
targets = [(150 + random.uniform(-1.6, 1.6) * offset, 2 + random.uniform(-1.6, 1.6) * offset) for _ in range(n)]
text = io.StringIO()
w = csv.writer(text)
w.writerow(["id", "ra", "dec", "radius"])
for i, (ra, dec) in enumerate(targets):
    w.writerow([f"t{i + 1}", f"{ra:.7f}", f"{dec:.7f}", radius])

s = requests.Session()
t0 = time.perf_counter()
job = s.post(base + "/soda/async", allow_redirects=False, data={"UPLOAD": "targets,param:t", "COLLECTION": "vlass", "PHASE": "RUN"},
             files={"t": ("targets.csv", text.getvalue())}).headers["Location"]
while True:
    phase = s.get(job + "/phase").text
    if phase not in ("QUEUED", "EXECUTING", "PENDING"):
        break
    s.get(job + "?WAIT=5")
t_job = time.perf_counter() - t0
assert phase == "COMPLETED", s.get(job + "/error").text
archive = 0
with s.get(job + "/results/archive", stream=True) as r:
    for chunk in r.iter_content(1 << 20):
        archive += len(chunk)
t_bulk = time.perf_counter() - t0
table = parse_single_table(io.BytesIO(s.get(job + "/results/manifest").content)).to_table()
ok = table[table["status"] == "OK"]
total = int(sum(ok["content_length"]))
print(f"bulk: {len(targets)} targets, {len(ok)} cutouts, {total / 1e9:.2f} GB; job {t_job:.1f} s, with the archive ({archive / 1e9:.2f} GB) {t_bulk:.1f} s")

t0 = time.perf_counter()
got = 0
for row in ok:
    ra, dec = targets[int(row["target"]) - 1]
    r = s.get(base + "/soda/sync", params={"ID": str(row["obs_publisher_did"]), "CIRCLE": f"{ra:.7f} {dec:.7f} {radius}"})
    got += len(r.content)
t_sync = time.perf_counter() - t0
print(f"sync: {len(ok)} sequential requests, {got / 1e9:.2f} GB, {t_sync:.1f} s; bulk/sync = {t_bulk / t_sync:.2f}")

tiles = [os.path.join(".vo", "vlass-data", "vlass", f"VLASS_T{i}.fits") for i in range(1, 5)]
t0 = time.perf_counter()
read = 0
for path in tiles:
    with open(path, "rb", buffering=0) as f:
        while chunk := f.read(1 << 20):
            read += len(chunk)
t_read = time.perf_counter() - t0
print(f"read: the tiles ({read / 1e9:.2f} GB) sequentially in {t_read:.2f} s = {read / t_read / 1e9:.2f} GB/s: "
      f"the cutouts' {total / 1e9:.2f} GB at that rate take {total / (read / t_read):.1f} s")

"""pyVO (Debian python3-pyvo) follows a HiPS's DataLink document to its hips2fits service descriptor.

  pyvo_hips2fits.py LINKS_URL RA DEC
      the #cutout row's service_def names an adhoc:service resource; SodaQuery.from_resource fills its fixed
      hips input, we add the geometry, and the stream is a FITS image astropy opens. Exits 1 on failure.
"""
import io, json, sys
from astropy.io import fits
from pyvo.dal.adhoc import DatalinkResults, SodaQuery

links_url, ra, dec = sys.argv[1], sys.argv[2], sys.argv[3]
links = DatalinkResults.from_result_url(links_url)
row = next(links.bysemantics("#cutout", include_narrower=False))  # no vocabulary fetch from www.ivoa.net
resource = links.get_adhocservice_by_id(row.service_def)
query = SodaQuery.from_resource(row, resource)
# pyVO keeps parameter names upper-case (DALI names are case-insensitive): set them so, or they are sent twice.
for name, value in {"RA": ra, "DEC": dec, "FOV": "2", "WIDTH": "40", "HEIGHT": "30"}.items():
    query[name] = value
data = query.execute_stream().read()
if not data.startswith(b"SIMPLE"):
    print(json.dumps({"sent": {k: str(v) for k, v in query.items()}, "answer": data[:300].decode("latin-1")}))
    sys.exit(1)
with fits.open(io.BytesIO(data)) as hdul:
    shape = hdul[0].data.shape
print(json.dumps({"hips": query.get("HIPS"), "shape": list(shape)}))
sys.exit(0 if shape == (30, 40) else 1)

"""pyVO (Debian python3-pyvo) follows a cube's DataLink document to its PV slice service (#proc, pv-N) and calls it.

  pyvo_pv.py LINKS_URL
      the #proc row whose service_def starts with pv- names an adhoc:service; SodaQuery.from_resource fills the
      fixed ID, the other parameters come from the descriptor's exampleURL; astropy opens the answer: a 2-D OFFSET x
      spectral image and a POSITIONS table with a row per column. Exits 1 on failure.
"""
import io, json, sys
from urllib.parse import urlsplit, parse_qsl
from astropy.io import fits
from pyvo.dal.adhoc import DatalinkResults, SodaQuery

links = DatalinkResults.from_result_url(sys.argv[1])
row = next(r for r in links.bysemantics("#proc", include_narrower=False) if str(r.service_def).startswith("pv-"))
resource = links.get_adhocservice_by_id(row.service_def)
query = SodaQuery.from_resource(row, resource)
example = next(p.value for p in resource.params if p.name == "exampleURL")
for key, value in parse_qsl(urlsplit(str(example)).query):
    if key != "ID":
        query[key] = value
data = query.execute_stream().read()
with fits.open(io.BytesIO(data)) as hdul:
    image, table = hdul[0], hdul["POSITIONS"]
    result = {"ctype1": image.header["CTYPE1"], "naxis": image.header["NAXIS"], "columns": image.header["NAXIS1"],
              "rows": len(table.data), "example": str(example)}
print(json.dumps(result))
sys.exit(0 if result["ctype1"] == "OFFSET" and result["naxis"] == 2 and result["rows"] == result["columns"] else 1)

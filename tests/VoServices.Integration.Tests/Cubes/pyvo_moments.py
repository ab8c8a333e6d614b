"""pyVO (Debian python3-pyvo) follows a cube's DataLink document to its moment service (#proc) and calls it.

  pyvo_moments.py LINKS_URL
      the #proc row's service_def names an adhoc:service; SodaQuery.from_resource fills the fixed ID, we ask for
      MOMENT 0 and 1, and astropy opens the two-HDU FITS answer. Exits 1 on failure.
"""
import io, json, sys
from astropy.io import fits
from pyvo.dal.adhoc import DatalinkResults, SodaQuery

links = DatalinkResults.from_result_url(sys.argv[1])
row = next(links.bysemantics("#proc", include_narrower=False))  # no vocabulary fetch from www.ivoa.net
resource = links.get_adhocservice_by_id(row.service_def)
query = SodaQuery.from_resource(row, resource)
query["MOMENT"] = ["0", "1"]
data = query.execute_stream().read()
with fits.open(io.BytesIO(data)) as hdul:
    moments = [h.header["MOMENT"] for h in hdul]
print(json.dumps({"moments": moments}))
sys.exit(0 if moments == ["0", "1"] else 1)

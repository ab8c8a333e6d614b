"""The LVM team's hips2fits uses, run against our service (issue 13's "done when"), with requests and astropy.

  lvm_examples.py BASE_URL HIPS RA DEC
    1. a PNG with absolute cuts and the Oranges map (their Vela example: fov 2.5, 200 x 600, stretch linear, min/max);
    2. the all-sky galactic Mollweide PNG (fov 360, 2500 x 1300);
    3. the 1500 x 3 pseudo-slit at pa=18: the FITS opened from memory, its WCS read, the profile averaged over rows;
    4. the animation loop: 60 sizes, each a 200 x 200 PNG.
  Prints a JSON summary; exits 1 on any failure.
"""
import io, json, sys
import numpy as np
import requests
from astropy.io import fits
from astropy.wcs import WCS
from astropy.wcs.utils import proj_plane_pixel_scales

base, hips, ra, dec = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
url = f"{base}/hips2fits/{hips}"
errors, summary = [], {}


def get(**params):
    r = requests.get(url, params=params, timeout=120)
    if r.status_code != 200:
        errors.append(f"{params}: HTTP {r.status_code} {r.text[:200]}")
    return r


# 3 first: its values give the absolute cuts of 1.
slit = get(ra=ra, dec=dec, fov=1.0, width=1500, height=3, pa=18)
hdul = fits.open(io.BytesIO(slit.content))
wcs = WCS(hdul[0].header)
scales = proj_plane_pixel_scales(wcs) * 3600
profile = np.nanmean(hdul[0].data, axis=0)
summary["slit"] = {"shape": list(hdul[0].data.shape), "arcsec_per_pixel": [float(s) for s in scales], "finite": int(np.isfinite(profile).sum()),
                   "bunit": hdul[0].header.get("BUNIT")}
if hdul[0].data.shape != (3, 1500) or not np.isfinite(profile).any() or abs(scales[0] - 2.4) > 1e-6:
    errors.append(f"pseudo-slit: {summary['slit']}")
low, high = np.nanpercentile(hdul[0].data, [5, 95])

png = get(ra=ra, dec=dec, fov=2.5, width=200, height=600, stretch="linear", cmap="Oranges", min=low, max=high, format="png")
summary["png"] = {"type": png.headers.get("Content-Type"), "bytes": len(png.content)}
if png.headers.get("Content-Type") != "image/png" or png.content[:8] != b"\x89PNG\r\n\x1a\n":
    errors.append(f"PNG: {summary['png']}")

allsky = get(fov=360, ra=0, dec=0, coordsys="galactic", projection="MOL", width=2500, height=1300, format="png", stretch="asinh", cmap="viridis")
summary["allsky"] = {"type": allsky.headers.get("Content-Type"), "bytes": len(allsky.content)}

statuses = [get(ra=ra, dec=dec, fov=round(2.0 * 0.95 ** i, 6), width=200, height=200, format="png").status_code for i in range(60)]
summary["loop"] = {"frames": len(statuses), "ok": statuses.count(200)}
print(json.dumps({"summary": summary, "errors": errors}))
sys.exit(1 if errors else 0)

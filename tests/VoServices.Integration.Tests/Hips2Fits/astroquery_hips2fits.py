"""astroquery's own hips2fits client (Debian python3-astroquery) against our /hips2fits.

  astroquery_hips2fits.py URL HIPS RA DEC
      query (FITS: astropy opens it, WCS centre at the requested position), query (PNG: an RGBA array),
      query_with_wcs (an astropy WCS with pixel_shape), and a bad request (the JSON error becomes
      astroquery's AttributeError with our title). Prints a JSON summary; exits 1 on any failure.
"""
import json, sys
import numpy as np
import astropy.units as u
from astropy.coordinates import Angle, Latitude, Longitude
from astropy.wcs import WCS
from astroquery.hips2fits import hips2fitsClass

url, hips, ra, dec = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
client = hips2fitsClass()
client.server = url
errors = []

hdul = client.query(hips=hips, width=100, height=60, ra=Longitude(ra * u.deg), dec=Latitude(dec * u.deg), fov=Angle(2 * u.deg),
                    projection="TAN", format="fits")
data = hdul[0].data
w = WCS(hdul[0].header)
x, y = w.wcs_world2pix([[ra, dec]], 0)[0]
if data.shape != (60, 100):
    errors.append(f"FITS shape {data.shape}")
if abs(x - 49.5) > 1e-6 or abs(y - 29.5) > 1e-6:
    errors.append(f"requested position at pixel ({x}, {y})")
if not np.isfinite(data).any():
    errors.append("FITS has no data")

png = client.query(hips=hips, width=80, height=40, ra=Longitude(ra * u.deg), dec=Latitude(dec * u.deg), fov=Angle(2 * u.deg),
                   projection="SIN", format="png", cmap="viridis", stretch="asinh")
if png.shape[:2] != (40, 80):
    errors.append(f"PNG shape {png.shape}")

target = WCS(naxis=2)
target.wcs.ctype = ["GLON-CAR", "GLAT-CAR"]
target.wcs.crval = [0, 0]
target.wcs.cdelt = [-0.05, 0.05]
target.wcs.crpix = [25.5, 20.5]
sky = w.pixel_to_world(49.5, 29.5).galactic
target.wcs.crval = [sky.l.deg, sky.b.deg]
target.pixel_shape = (50, 40)
by_wcs = client.query_with_wcs(hips=hips, wcs=target, format="fits")
if by_wcs[0].data.shape != (40, 50):
    errors.append(f"query_with_wcs shape {by_wcs[0].data.shape}")

try:
    client.query(hips="no/such-hips", width=10, height=10, ra=Longitude(ra * u.deg), dec=Latitude(dec * u.deg), fov=Angle(1 * u.deg),
                 projection="TAN", format="fits")
    errors.append("an unknown HiPS did not fail")
except AttributeError as e:
    if "HiPS not found" not in str(e):
        errors.append(f"unexpected error text: {e}")

print(json.dumps({"errors": errors}))
sys.exit(1 if errors else 0)

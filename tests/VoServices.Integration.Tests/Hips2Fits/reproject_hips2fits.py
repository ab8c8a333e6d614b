"""Independent reference for the hips2fits tests: astropy (WCS), healpy and reproject (python3-reproject).

  reproject_hips2fits.py map OUT.fits FRAME       a smooth full-sky NESTED map, NSIDE 256, float32, COORDSYS C or G
  reproject_hips2fits.py compare CUTOUT.fits MAP.fits
      the cutout equals reproject.reproject_from_healpix (bilinear) of the map onto the cutout's own header to 1e-5
      relative wherever both are finite, is finite wherever reproject is, and its centre pixel (FITS (w+1)/2, (h+1)/2)
      is the world position in CRVAL (astropy's world_to_pixel). Prints a JSON summary; exits 1 on any mismatch.
  reproject_hips2fits.py compare-any CUTOUT.fits MAP.fits   the same for any header (no centre check)
  reproject_hips2fits.py png IMAGE.png CUTOUT.fits CMAP STRETCH LOW HIGH
      each PNG pixel is matplotlib's colour for its FITS pixel through the cut and astropy's stretch (alpha 0 where NaN).
"""
import json, sys
import numpy as np
import healpy as hp
from astropy.io import fits
from astropy.wcs import WCS


def write_map(path, frame):
    nside = 256
    lon, lat = hp.pix2ang(nside, np.arange(hp.nside2npix(nside)), nest=True, lonlat=True)
    l, b = np.radians(lon), np.radians(lat)
    value = (2.0 + np.cos(3 * l) * np.cos(b) ** 2 + 0.5 * np.sin(2 * b) + 0.25 * np.sin(5 * l + b)).astype(np.float32)
    cols = fits.ColDefs([fits.Column(name="SIGNAL", format="E", array=value)])
    hdu = fits.BinTableHDU.from_columns(cols)
    h = hdu.header
    h["PIXTYPE"] = "HEALPIX"; h["ORDERING"] = "NESTED"; h["NSIDE"] = nside; h["INDXSCHM"] = "IMPLICIT"
    h["OBJECT"] = "FULLSKY"; h["COORDSYS"] = frame; h["FIRSTPIX"] = 0; h["LASTPIX"] = len(value) - 1
    fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(path, overwrite=True)
    print(json.dumps({"cells": int(len(value))}))


def compare(cutout_path, map_path, centred=True):
    from reproject import reproject_from_healpix
    with fits.open(cutout_path) as c:
        header = c[0].header
        ours = c[0].data.astype(np.float64)
    with fits.open(map_path) as m:
        values = np.asarray(m[1].data["SIGNAL"], dtype=np.float64)
        frame = {"C": "icrs", "G": "galactic"}[m[1].header["COORDSYS"]]
    wcs = WCS(header)
    reference, footprint = reproject_from_healpix((values, frame), wcs, shape_out=ours.shape, nested=True, order="bilinear")
    both = np.isfinite(reference) & np.isfinite(ours)
    errors = []
    only_ref = int(np.sum(np.isfinite(reference) & ~np.isfinite(ours)))
    if only_ref:
        errors.append(f"{only_ref} pixels have a reference value but are NaN in the cutout")
    rel = np.abs(ours[both] - reference[both]) / np.abs(reference[both])
    worst = float(rel.max()) if rel.size else 0.0
    if worst > 1e-5:
        errors.append(f"largest relative difference {worst:.3g} > 1e-5")
    if both.sum() < 0.5 * ours.size:
        errors.append(f"only {int(both.sum())} of {ours.size} pixels compared")
    # The requested position is the centre pixel, FITS (w+1)/2, (h+1)/2, i.e. 0-based (w-1)/2, (h-1)/2.
    x, y = wcs.wcs.crval
    px, py = wcs.wcs_world2pix([[x, y]], 0)[0]
    h, w = ours.shape
    if centred and (abs(px - (w - 1) / 2) > 1e-6 or abs(py - (h - 1) / 2) > 1e-6):
        errors.append(f"the requested position is at pixel ({px}, {py}), not the centre ({(w - 1) / 2}, {(h - 1) / 2})")
    print(json.dumps({"compared": int(both.sum()), "worst": worst, "errors": errors}))
    sys.exit(1 if errors else 0)


def stretch(name, t):
    if name == "sqrt": return np.sqrt(t)
    if name == "power": return t ** 2
    if name == "log": return np.log(1000 * t + 1) / np.log(1001)
    if name == "asinh": return np.arcsinh(t / 0.1) / np.arcsinh(1 / 0.1)
    if name == "sinh": return np.sinh(3 * t) / np.sinh(3)
    return t


def png(png_path, cutout_path, cmap, stretch_name, low, high):
    from PIL import Image
    from matplotlib import colormaps
    rgba = np.asarray(Image.open(png_path).convert("RGBA"))
    with fits.open(cutout_path) as c:
        data = c[0].data[::-1].astype(np.float64)  # PNG rows run top-down
    low, high = float(low), float(high)
    t = np.clip((data - low) / (high - low), 0, 1)
    s = stretch(stretch_name, np.nan_to_num(t))
    expected = colormaps[cmap](s, bytes=True)
    finite = np.isfinite(data)
    errors = []
    diff = np.abs(rgba[..., :3].astype(int) - expected[..., :3].astype(int))[finite]
    if diff.size and diff.max() > 1:
        errors.append(f"{int((diff.max(axis=1) > 1).sum())} pixels differ from matplotlib's {cmap} by more than one level")
    if np.any(rgba[..., 3][~finite] != 0) or np.any(rgba[..., 3][finite] != 255):
        errors.append("alpha is not 0 exactly where the FITS pixel is NaN")
    print(json.dumps({"pixels": int(finite.sum()), "errors": errors}))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"map": write_map, "compare": compare, "compare-any": lambda c, m: compare(c, m, centred=False), "png": png}[mode](*args)

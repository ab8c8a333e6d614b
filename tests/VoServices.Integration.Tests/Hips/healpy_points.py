"""Independent reference for `vo hips build --points`, with healpy (python3-healpy) and astropy.

  healpy_points.py disc CASES.json
      CASES.json: [{"order", "lon", "lat", "radius_deg", "cells"}]; every case's cells must equal
      healpy.query_disc(2**order, ang2vec(lon, lat), radius, inclusive=False, nest=True).
  healpy_points.py write OUT.csv|OUT.fits|OUT.vot [binary]
      synthetic points: discs across RA 0/360, around the north pole, overlapping, one NaN value and a
      zero weight; columns RA, DEC, FLUX, IVAR, R_ARCSEC (the FITS and VOTable declare R_ARCSEC in arcsec).
  healpy_points.py reference IN ORDER OUT.fits (--radius-arcsec R | --radius-column NAME) [VALUE WEIGHT]
      the HEALPix map the points make: each row's VALUE (default FLUX) over query_disc(..., inclusive=False,
      nest=True), combined by the WEIGHT-weighted (default IVAR) mean, written as a partial NESTED map (PIXEL, VALUE) for
      `healpy_hips.py check HIPS OUT.fits VALUE -`.
Prints a JSON summary; exits 1 on any mismatch.
"""
import json, sys
import numpy as np
import healpy as hp
from astropy.io import fits
from astropy.table import Table


def disc(path):
    cases = json.load(open(path))
    errors, total = [], 0
    for c in cases:
        want = hp.query_disc(2 ** c["order"], hp.ang2vec(c["lon"], c["lat"], lonlat=True), np.radians(c["radius_deg"]),
                             inclusive=False, nest=True)
        got = np.asarray(c["cells"], dtype=np.int64)
        total += len(want)
        if not np.array_equal(np.sort(want), got):
            only_ours, only_healpy = np.setdiff1d(got, want), np.setdiff1d(want, got)
            errors.append(f"order {c['order']} ({c['lon']}, {c['lat']}) r {c['radius_deg']}: {len(got)} vs healpy {len(want)}; "
                          f"only ours {only_ours[:5].tolist()}, only healpy {only_healpy[:5].tolist()}")
    print(json.dumps({"cases": len(cases), "cells": total, "errors": errors[:10]}))
    return 1 if errors else 0


def write(path, binary=False):
    rng = np.random.default_rng(16)
    groups = [(0.02, 20.0, 60), (359.97, -10.0, 60), (45.0, 89.9, 60), (200.0, -89.95, 40), (120.0, 30.0, 80)]
    ra = np.concatenate([np.mod(r + rng.normal(0, 0.05, n) / max(np.cos(np.radians(d)), 0.01), 360) for r, d, n in groups])
    dec = np.concatenate([np.clip(d + rng.normal(0, 0.05, n), -89.999, 89.999) for r, d, n in groups])
    n = len(ra)
    flux = 10 + 3 * np.sin(np.radians(ra) * 5) + rng.normal(0, 0.5, n)
    ivar = rng.uniform(0.2, 4.0, n)
    radius = rng.uniform(60.0, 200.0, n)
    flux[7] = np.nan      # no measurement
    ivar[11] = 0.0        # no weight: ignored
    t = Table({"RA": ra, "DEC": dec, "FLUX": flux, "IVAR": ivar, "R_ARCSEC": radius})
    t["R_ARCSEC"].unit = "arcsec"
    if path.endswith(".csv"):
        with open(path, "w") as f:
            f.write("# synthetic points for vo hips build --points\nRA,DEC,FLUX,IVAR,R_ARCSEC\n")
            for row in zip(ra, dec, flux, ivar, radius):
                f.write(",".join("" if np.isnan(v) else repr(float(v)) for v in row) + "\n")
    elif path.endswith(".fits"):
        t.write(path, overwrite=True)
    else:
        t.write(path, format="votable", tabledata_format="binary" if binary else None, overwrite=True)
    print(json.dumps({"rows": n}))


def read_points(path):
    if path.endswith(".csv"):
        return Table.read(path, format="ascii.csv", comment="#")
    return Table.read(path)


def reference(path, order, out, mode, arg, value="FLUX", weight="IVAR"):
    t = read_points(path)
    col = {c.upper(): np.ma.filled(np.ma.asarray(t[c], dtype=np.float64), np.nan) for c in t.colnames}
    value, weight = value.upper(), weight.upper()
    nside = 2 ** order
    pix, val, wt = [], [], []
    for i in range(len(t)):
        v, w = col[value][i], col[weight][i]
        if np.isnan(v) or w == 0:
            continue
        r = float(arg) if mode == "--radius-arcsec" else col[arg.upper()][i]
        cells = hp.query_disc(nside, hp.ang2vec(col["RA"][i], col["DEC"][i], lonlat=True), np.radians(r / 3600.0),
                              inclusive=False, nest=True)
        pix.append(cells)
        val.append(np.full(len(cells), v))
        wt.append(np.full(len(cells), w))
    pix, val, wt = np.concatenate(pix), np.concatenate(val), np.concatenate(wt)
    cells, inverse = np.unique(pix, return_inverse=True)
    mean = np.bincount(inverse, weights=wt * val) / np.bincount(inverse, weights=wt)
    hdu = fits.BinTableHDU.from_columns([fits.Column(name="PIXEL", format="K", array=cells),
                                         fits.Column(name="VALUE", format="D", array=mean)])
    for k, v in [("PIXTYPE", "HEALPIX"), ("ORDERING", "NESTED"), ("INDXSCHM", "EXPLICIT"), ("OBJECT", "PARTIAL"),
                 ("NSIDE", nside), ("COORDSYS", "C")]:
        hdu.header[k] = v
    fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(out, overwrite=True)
    print(json.dumps({"measurements": int(len(pix)), "cells": int(len(cells))}))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "disc":
        sys.exit(disc(sys.argv[2]))
    elif mode == "write":
        write(sys.argv[2], binary=len(sys.argv) > 3 and sys.argv[3] == "binary")
    elif mode == "reference":
        reference(sys.argv[2], int(sys.argv[3]), sys.argv[4], *sys.argv[5:9])
    else:
        sys.exit(f"unknown mode {mode}")

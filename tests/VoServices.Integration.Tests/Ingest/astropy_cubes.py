"""Writes cubes with astropy (an independent FITS writer) and prints what astropy's WCS says of them.

Usage: /usr/bin/python3 astropy_cubes.py OUTDIR  -> JSON on stdout:
  {file: {"corners": [[ra, dec] x4], "em_min": m, "em_max": m, "pol_states": str|null}}
Corners are the pixel-grid edges (calc_footprint(center=False)) converted to ICRS; em_* are the spectral axis' channel
edges converted by WCSLIB inside astropy to vacuum wavelength (sptr('WAVE-???')).
"""
import json
import os
import sys

import numpy as np
from astropy.io import fits
from astropy.coordinates import SkyCoord
from astropy.wcs import WCS
from astropy.wcs.utils import wcs_to_celestial_frame

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

CASES = {
    # A single-line HI galaxy cube: SIN projection, AIPS-style VELO-LSR with a rest frequency.
    "velo_sin.fits": dict(shape=(12, 40, 30), cards={
        "CTYPE1": "RA---SIN", "CRVAL1": 114.2, "CDELT1": -0.004, "CRPIX1": 15.5, "CUNIT1": "deg",
        "CTYPE2": "DEC--SIN", "CRVAL2": 65.6, "CDELT2": 0.004, "CRPIX2": 20.5, "CUNIT2": "deg",
        "CTYPE3": "VELO-LSR", "CRVAL3": 130000.0, "CDELT3": -5200.0, "CRPIX3": 1.0, "CUNIT3": "m/s",
        "RESTFREQ": 1.420405752e9, "SPECSYS": "LSRK", "BUNIT": "JY/BEAM", "BMAJ": 0.005, "BMIN": 0.004}),
    # A molecular-line cube: NCP projection, frequency axis with negative increment, crossing RA = 0.
    "freq_ncp.fits": dict(shape=(16, 24, 24), cards={
        "CTYPE1": "RA---NCP", "CRVAL1": 0.05, "CDELT1": -0.01, "CRPIX1": 12.5,
        "CTYPE2": "DEC--NCP", "CRVAL2": 41.3, "CDELT2": 0.01, "CRPIX2": 12.5,
        "CTYPE3": "FREQ", "CRVAL3": 115.2712018e9, "CDELT3": -2.0e6, "CRPIX3": 8.0, "CUNIT3": "Hz",
        "RESTFRQ": 115.2712018e9, "BUNIT": "K", "EQUINOX": 2000.0}),
    # A continuum polarisation cube: TAN, FREQ, STOKES I Q U V, near the pole, rotated with a PC matrix.
    "stokes_tan.fits": dict(shape=(4, 5, 20, 20), cards={
        "CTYPE1": "RA---TAN", "CRVAL1": 200.0, "CDELT1": -0.02, "CRPIX1": 10.5,
        "CTYPE2": "DEC--TAN", "CRVAL2": 88.9, "CDELT2": 0.02, "CRPIX2": 10.5,
        "PC1_1": 0.8660254037844387, "PC1_2": -0.5, "PC2_1": 0.5, "PC2_2": 0.8660254037844387,
        "CTYPE3": "FREQ", "CRVAL3": 1.4e9, "CDELT3": 5e7, "CRPIX3": 1.0, "CUNIT3": "Hz",
        "CTYPE4": "STOKES", "CRVAL4": 1.0, "CDELT4": 1.0, "CRPIX4": 1.0, "BUNIT": "Jy/beam"}),
}

STOKES = {1: "I", 2: "Q", 3: "U", 4: "V", -1: "RR", -2: "LL", -3: "RL", -4: "LR", -5: "XX", -6: "YY", -7: "XY", -8: "YX"}
ORDER = ["I", "Q", "U", "V", "RR", "LL", "RL", "LR", "XX", "YY", "XY", "YX"]

result = {}
for name, case in CASES.items():
    header = fits.Header()
    for k, v in case["cards"].items():
        header[k] = v
    data = (np.arange(np.prod(case["shape"]), dtype=np.float32) % 53).reshape(case["shape"])
    fits.PrimaryHDU(data=data, header=header).writeto(os.path.join(out, name), overwrite=True)

    hdr = fits.getheader(os.path.join(out, name))
    w = WCS(hdr)
    corners = w.celestial.calc_footprint(undistort=False, center=False)
    # ObsCore positions are ICRS: convert from the cube's own frame with astropy's frame machinery.
    frame = wcs_to_celestial_frame(w)
    icrs = SkyCoord(corners[:, 0], corners[:, 1], unit="deg", frame=frame).icrs
    corners = np.column_stack([icrs.ra.deg, icrs.dec.deg])
    spec = w.wcs.spec
    n = hdr["NAXIS%d" % (spec + 1)]
    wave = w.deepcopy()
    wave.wcs.sptr("WAVE-???", spec)
    wave.wcs.set()
    pix = np.zeros((2, w.naxis))
    pix[:, spec] = [-0.5, n - 0.5]  # channel edges, 0-based
    lam = wave.wcs_pix2world(pix, 0)[:, spec]
    pol = None
    if w.wcs.naxis == 4:
        ax = [i for i, t in enumerate(w.wcs.ctype) if t.startswith("STOKES")][0]
        p = np.zeros((hdr["NAXIS%d" % (ax + 1)], w.naxis))
        p[:, ax] = np.arange(p.shape[0])
        codes = {STOKES[int(round(c))] for c in w.wcs_pix2world(p, 0)[:, ax]}
        pol = "/" + "/".join(s for s in ORDER if s in codes) + "/"
    result[name] = {"corners": corners.tolist(), "em_min": float(lam.min()), "em_max": float(lam.max()), "pol_states": pol}

json.dump(result, sys.stdout)

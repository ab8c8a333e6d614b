"""Independent reference for /cube/channels: numpy sums and astropy's WCS.

  channel_maps_reference.py compare OURS.fits CUBE.fits JSON
      CUBE made by pv_reference.py make (radec: VRAD descending; stokes: FREQ + STOKES). JSON: "nbin", optional
      "vlow"/"vhigh" (km/s, the channels whose centres lie inside), "restfrq" (Hz), "pol" (0-based plane), "veldef"
      (radio, the default, optical or relativistic: the velocity the widths are measured in).
      Plane b of OURS must equal, to 1e-5 of the largest |value|, the numpy sum over its NBIN channels of I x |dv|
      (each channel's width between its edges from astropy's WCS in that velocity), NaN voxels left out; the binned
      spectral axis, read by astropy, must give at pixel b the cube's coordinate at the centre of bin b; BUNIT
      must be the cube's times km/s; the beam kept. Prints a JSON summary; exits 1 on any mismatch.
"""
import json, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
import astropy.units as u
from spectral_cube_moments import SPTR, unit, voxels64

warnings.simplefilter("ignore")


def check(ours_path, cube_path, spec_json):
    """The comparison as a dict: "checked", "errors" and what was compared."""
    spec = json.loads(spec_json)
    header = fits.getheader(cube_path)
    data = voxels64(cube_path)[0]
    if data.ndim == 4:
        data = data[spec.get("pol", 0)]
    spectral = WCS(header).sub([3])
    if "restfrq" in spec:
        spectral.wcs.restfrq = float(spec["restfrq"])
    code = SPTR[spec.get("veldef", "radio")]
    if spectral.wcs.ctype[0][:4] != code[:4]:
        spectral.wcs.sptr(code)
    spectral.wcs.set()
    nz = data.shape[0]
    velocity = spectral.all_pix2world(np.arange(nz), 0)[0] / 1000
    widths = np.abs(np.diff(spectral.all_pix2world(np.arange(nz + 1) - 0.5, 0)[0] / 1000))
    chans = np.arange(nz)
    if "vlow" in spec:
        chans = np.flatnonzero((velocity >= spec["vlow"]) & (velocity <= spec["vhigh"]))
    n = spec["nbin"]
    bins = len(chans) // n
    errors, checked = [], {}
    reference = np.stack([
        np.where(np.isfinite(data[chans[b * n:(b + 1) * n]]), data[chans[b * n:(b + 1) * n]], 0)
        .__mul__(widths[chans[b * n:(b + 1) * n]][:, None, None]).sum(axis=0) for b in range(bins)])
    # A pixel blank in every channel of its bin is blank (NaN), as for moments.
    reference[np.stack([np.isnan(data[chans[b * n:(b + 1) * n]]).all(axis=0) for b in range(bins)])] = np.nan
    with fits.open(ours_path) as hdul:
        h = hdul[0].header
        ours = hdul[0].data.astype(np.float64)
        if ours.shape != reference.shape:
            errors.append(f"shape {ours.shape} is not {reference.shape}")
        else:
            worst = float(np.nanmax(np.abs(ours - reference)) / np.nanmax(np.abs(reference)))
            checked["worst"], checked["nan"] = worst, int(np.isnan(reference).sum())
            if worst > 1e-5 or not np.array_equal(np.isnan(ours), np.isnan(reference)):
                errors.append(f"values: worst relative difference {worst:.3g}, NaN {int(np.isnan(ours).sum())} (reference {int(np.isnan(reference).sum())})")
        binned = WCS(h).sub([3]).all_pix2world(np.arange(bins), 0)[0]
        native = WCS(header).sub([3]).all_pix2world(np.array([chans[b * n] + (n - 1) / 2 for b in range(bins)]), 0)[0]
        checked["axis"] = float(np.max(np.abs(binned - native) / np.abs(native)))
        if not np.allclose(binned, native, rtol=1e-12, atol=0):
            errors.append("the binned spectral axis does not give the centres of the bins")
        if unit(h["BUNIT"]) != unit(header["BUNIT"]) * u.km / u.s:
            errors.append(f"BUNIT {h['BUNIT']!r} is not {header['BUNIT']} km/s")
        if any(h.get(k) != header.get(k) for k in ("BMAJ", "BMIN", "BPA")):
            errors.append("beam not carried over")
        if h["NAXIS"] != 3 or "CTYPE4" in h:
            errors.append("not a 3-D image")
    return {"checked": checked, "errors": errors, "bins": bins}


def compare(ours_path, cube_path, spec_json):
    result = check(ours_path, cube_path, spec_json)
    print(json.dumps(result))
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"compare": compare}[mode](*args)

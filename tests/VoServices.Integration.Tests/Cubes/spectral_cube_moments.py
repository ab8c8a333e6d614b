"""Independent reference for /cube/moment: spectral-cube (Debian python3-spectral-cube) and astropy.

  spectral_cube_moments.py make OUT.fits KIND
      a 24 x 20 x 40 cube of a Gaussian line whose centre and width vary over the field, plus noise and NaN voxels,
      BUNIT Jy/beam with a beam; KIND: freq-up, freq-down (FREQ axis ascending / descending), vrad-down (VRAD m/s,
      descending), vopt (VOPT m/s), int16 (FREQ, BITPIX 16 with BSCALE/BZERO/BLANK), stokes (FREQ + STOKES I,Q)
  spectral_cube_moments.py sparse OUT.fits
      a 20000 x 20000 x 4 float cube (6.4 GB) written as a header and a sparse file of zeros: too large to map whole
  spectral_cube_moments.py compare OURS.fits CUBE.fits VELDEF RESTFRQ_HZ [VLOW VHIGH]
      every HDU of OURS (EXTNAME MOMENT0, MOMENT1, MOMENT2, ...) equals, to 1e-5 relative (M1: of the span or itself)
      wherever both are finite: spectral-cube's moment of the cube in VELDEF velocity (km/s) with that rest frequency
      when the axis is linear in it (its M0 sums |dv| on either direction of the axis; the voxels given as float64), and
      always the numpy sums with each channel's own width from astropy's WCS (spectral-cube uses one width for all);
      units equal as astropy reads them; BMAJ/BMIN/BPA kept. A spatial subset (SUBX1/SUBY1 in OURS) is compared with
      the same sub-cube, its WCS with the cube's at that pixel; a CLIP with the cube masked below it
      (spectral-cube's with_mask(cube >= CLIP)), and a noise estimate (NOISE) with astropy's mad_std of the voxels the
      documented sampling picks. Prints a JSON summary; exits 1 on any mismatch.
"""
import json, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
import astropy.units as u

warnings.simplefilter("ignore")
REST = 230.538e9  # CO(2-1)
C = 299792.458
SPTR = {"radio": "VRAD-???", "optical": "VOPT-???", "relativistic": "VELO-???"}  # VELDEF -> WCSLIB spectral type


def unit(text):
    """A FITS BUNIT as astropy reads it, AIPS's upper-case JY and BEAM included (spectral-cube reads them so)."""
    try:
        return u.Unit(text, format="fits")
    except ValueError:
        return u.Unit(text.replace("JY", "Jy").replace("BEAM", "beam"), format="fits")


def voxels64(cube_path):
    """The primary HDU's voxels in float64 (BSCALE/BZERO applied in double, BLANK to NaN, as the service reads them:
    astropy scales in float32) and its header without the scaling keywords."""
    with fits.open(cube_path, do_not_scale_image_data=True) as hdul:
        raw, header = hdul[0].data, hdul[0].header.copy()
    data = raw.astype(np.float64)
    if raw.dtype.kind in "iu" and "BLANK" in header:
        data[raw == header["BLANK"]] = np.nan
    data = data * header.get("BSCALE", 1.0) + header.get("BZERO", 0.0)
    for key in ("BSCALE", "BZERO", "BLANK"):
        header.remove(key, ignore_missing=True)
    return data, header


def make(path, kind):
    rng = np.random.default_rng(7)
    nx, ny, nz = 24, 20, 40
    y, x = np.mgrid[0:ny, 0:nx]
    centre = 15 + 0.6 * (x - nx / 2) + 0.3 * (y - ny / 2)      # km/s
    sigma = 8 + 0.2 * y                                         # km/s
    amp = 2.0 * np.exp(-((x - 12) ** 2 + (y - 9) ** 2) / 60.0) + 0.2
    h = fits.Header()
    h["BUNIT"] = "Jy/beam"; h["BMAJ"] = 0.003; h["BMIN"] = 0.002; h["BPA"] = 30.0
    h["CTYPE1"] = "RA---SIN"; h["CRVAL1"] = 150.0; h["CRPIX1"] = 12.5; h["CDELT1"] = -0.0005; h["CUNIT1"] = "deg"
    h["CTYPE2"] = "DEC--SIN"; h["CRVAL2"] = 2.0; h["CRPIX2"] = 10.5; h["CDELT2"] = 0.0005; h["CUNIT2"] = "deg"
    h["RESTFRQ"] = REST; h["SPECSYS"] = "LSRK"
    dv = 2.6  # km/s per channel
    if kind in ("freq-up", "freq-down", "int16", "stokes"):
        dnu = dv / C * REST
        sign = 1 if kind == "freq-up" else -1
        h["CTYPE3"] = "FREQ"; h["CUNIT3"] = "Hz"; h["CRPIX3"] = 20.0
        h["CRVAL3"] = REST * (1 - 15 / C); h["CDELT3"] = sign * dnu
        nu = h["CRVAL3"] + (np.arange(nz) + 1 - h["CRPIX3"]) * h["CDELT3"]
        vel = C * (REST - nu) / REST
    elif kind == "vrad-down":
        h["CTYPE3"] = "VRAD"; h["CUNIT3"] = "m/s"; h["CRPIX3"] = 20.0; h["CRVAL3"] = 15000.0; h["CDELT3"] = -dv * 1000
        vel = (h["CRVAL3"] + (np.arange(nz) + 1 - h["CRPIX3"]) * h["CDELT3"]) / 1000
    else:
        h["CTYPE3"] = "VOPT"; h["CUNIT3"] = "m/s"; h["CRPIX3"] = 20.0; h["CRVAL3"] = 15000.0; h["CDELT3"] = dv * 1000
        vel = (h["CRVAL3"] + (np.arange(nz) + 1 - h["CRPIX3"]) * h["CDELT3"]) / 1000
    data = amp[None] * np.exp(-0.5 * ((vel[:, None, None] - centre[None]) / sigma[None]) ** 2)
    data = data + rng.normal(0, 0.01, data.shape)
    data[rng.random(data.shape) < 0.01] = np.nan
    data = data.astype(np.float32)
    if kind == "stokes":
        h["CTYPE4"] = "STOKES"; h["CRVAL4"] = 1.0; h["CRPIX4"] = 1.0; h["CDELT4"] = 1.0
        data = np.stack([data, 0.1 * data])
    if kind == "int16":
        scale, zero = 3.0e-5, 0.9
        raw = np.round((np.nan_to_num(data, nan=0) - zero) / scale)
        raw[np.isnan(data)] = -32768
        hdu = fits.PrimaryHDU(raw.astype(np.int16), header=h)
        hdu.header["BSCALE"] = scale; hdu.header["BZERO"] = zero; hdu.header["BLANK"] = -32768
        hdu.writeto(path, overwrite=True, output_verify="silentfix")
    else:
        fits.PrimaryHDU(data, header=h).writeto(path, overwrite=True)
    print(json.dumps({"kind": kind}))


def sparse(path):
    h = fits.Header()
    h["SIMPLE"] = True; h["BITPIX"] = -32; h["NAXIS"] = 3
    h["NAXIS1"] = 20000; h["NAXIS2"] = 20000; h["NAXIS3"] = 4
    h["BUNIT"] = "K"
    h["CTYPE1"] = "RA---TAN"; h["CRVAL1"] = 150.0; h["CRPIX1"] = 10000.5; h["CDELT1"] = -0.0001; h["CUNIT1"] = "deg"
    h["CTYPE2"] = "DEC--TAN"; h["CRVAL2"] = 2.0; h["CRPIX2"] = 10000.5; h["CDELT2"] = 0.0001; h["CUNIT2"] = "deg"
    h["CTYPE3"] = "VRAD"; h["CRVAL3"] = 0.0; h["CRPIX3"] = 1.0; h["CDELT3"] = 1000.0; h["CUNIT3"] = "m/s"
    with open(path, "wb") as f:
        f.write(h.tostring().encode("ascii"))
        f.truncate(len(h.tostring()) + -(-20000 * 20000 * 4 * 4 // 2880) * 2880)
    print(json.dumps({"kind": "sparse"}))


def noise_reference(raw, header, x0, y0, nx, ny):
    """astropy's mad_std of the voxels CubeNoise samples: line-free channels (outside CHAN1..CHAN2, else all), every
    ceil(n/32)-th of them, every s-th row and column of the box, s = ceil(sqrt(nx*ny / (2**20 // channels)))."""
    from astropy.stats import mad_std
    first, last = header["CHAN1"] - 1, header["CHAN2"] - 1
    outside = [k for k in range(raw.shape[0]) if k < first or k > last]
    candidates = outside or list(range(raw.shape[0]))
    channels = candidates[::-(-len(candidates) // 32)]
    stride = max(1, int(np.ceil(np.sqrt(nx * ny / (2 ** 20 // len(channels))))))
    sample = raw[channels][:, y0:y0 + ny:stride, x0:x0 + nx:stride].astype(np.float64)
    sample = sample[np.isfinite(sample)]
    return float(mad_std(sample)), int(sample.size), "line-free" if outside else "all"


def check(ours_path, cube_path, veldef, rest, vlow=None, vhigh=None):
    """The comparison as a dict: "checked", "errors" and whether the axis is linear."""
    from spectral_cube import SpectralCube, StokesSpectralCube
    # spectral-cube sums in the voxels' type: given them as float64 (as the service sums), its moments do not carry
    # float32 rounding into pixels where emission and noise cancel.
    hdul = fits.HDUList([fits.PrimaryHDU(*voxels64(cube_path))])
    try:
        cube = SpectralCube.read(hdul)
    except Exception:
        cube = StokesSpectralCube.read(hdul)["I"]
    header = fits.getheader(cube_path)
    ctype = header["CTYPE3"]
    cube = cube.with_spectral_unit(u.km / u.s, velocity_convention=veldef, rest_value=float(rest) * u.Hz)
    # The numpy reference reads the axis with astropy's WCS of the file itself: channel centres, and each channel's
    # own width between its edges. (spectral-cube 0.6 re-reads a VOPT axis through frequency and moves it by ~v/c,
    # 5e-5 here, so it is no judge of VOPT cubes.)
    spectral = WCS(header).sub([3])
    spectral.wcs.restfrq = float(rest)
    code = SPTR[veldef]
    if ctype[:4] != code[:4]:
        spectral.wcs.sptr(code)
    spectral.wcs.set()
    n = header["NAXIS3"]
    errors, checked = [], {}
    first_hdu = fits.getheader(ours_path)
    x0, y0 = first_hdu.get("SUBX1", 1) - 1, first_hdu.get("SUBY1", 1) - 1
    ny, nx = first_hdu["NAXIS2"], first_hdu["NAXIS1"]
    raw = voxels64(cube_path)[0]
    raw = raw[0] if raw.ndim == 4 else raw
    if (x0, y0) != (0, 0) or (nx, ny) != (header["NAXIS1"], header["NAXIS2"]):
        cube = cube[:, y0:y0 + ny, x0:x0 + nx]
        ours_sky = WCS(first_hdu).celestial.all_pix2world([[0, 0]], 0)[0]
        cube_sky = WCS(header).celestial.all_pix2world([[x0, y0]], 0)[0]
        if not np.allclose(ours_sky, cube_sky, rtol=0, atol=1e-9):
            errors.append(f"the subset's WCS puts pixel 1,1 at {ours_sky}, the cube's pixel {x0 + 1},{y0 + 1} is {cube_sky}")
    level = first_hdu.get("CLIP")
    if "NOISE" in first_hdu:
        sigma, count, channels = noise_reference(raw, first_hdu, x0, y0, nx, ny)
        checked["noise"] = {"ours": first_hdu["NOISE"], "astropy": sigma, "samples": count}
        if abs(first_hdu["NOISE"] - sigma) > 1e-9 * sigma or first_hdu["NOISEN"] != count or first_hdu["NOISECH"] != channels:
            errors.append(f"NOISE {first_hdu['NOISE']} of {first_hdu['NOISEN']} voxels ({first_hdu['NOISECH']}) is not astropy's mad_std {sigma} of {count} ({channels})")
        if abs(level - first_hdu["CLIPSIG"] * first_hdu["NOISE"]) > 1e-12 * abs(level):
            errors.append(f"CLIP {level} is not CLIPSIG x NOISE")
    if level is not None:
        cube = cube.with_mask(cube >= level * cube.unit)
    velocity = spectral.all_pix2world(np.arange(n), 0)[0] / 1000
    edges = spectral.all_pix2world(np.arange(n + 1) - 0.5, 0)[0] / 1000
    widths = np.abs(np.diff(edges))
    first, last = 0, n - 1
    if vlow is not None:
        # Our range keeps the channels whose centres lie inside (spectral_slab takes the nearest channels to the bounds).
        inside = np.flatnonzero((velocity >= float(vlow)) & (velocity <= float(vhigh)))
        first, last = inside.min(), inside.max()
        cube = cube[first:last + 1]
    velocity, widths = velocity[first:last + 1], widths[first:last + 1]
    linear = np.allclose(widths, widths[0], rtol=1e-9, atol=0) and WCS(header).sub([3]).wcs.ctype[0][:4] != "VOPT"  # AIPS VELO-LSR too
    data = np.asarray(cube.filled_data[:].value, dtype=np.float64)
    weights = np.where(np.isfinite(data), data, 0) * widths[:, None, None]
    m0 = weights.sum(axis=0)
    m1 = (weights * velocity[:, None, None]).sum(axis=0) / m0
    m2 = (weights * (velocity[:, None, None] - m1) ** 2).sum(axis=0) / m0
    numpy_reference = {0: m0, 1: m1, 2: m2}
    decreasing = cube.spectral_axis[-1] < cube.spectral_axis[0]
    with fits.open(ours_path) as hdul:
        for hdu in hdul:
            name = hdu.header["MOMENT"]
            order = {"0": 0, "1": 1, "2": 2}.get(name)
            if order is None:
                continue
            ref = cube.moment(order=order, axis=0)
            ours = hdu.data.astype(np.float64)
            # spectral-cube assumes equal channels (its width is the WCS's at the reference pixel): its moments are
            # the reference on linear axes only; on others the numpy one with every channel's own width is.
            references = {"numpy": numpy_reference[order]}
            if linear:
                r = np.asarray(ref.value, dtype=np.float64)
                references["spectral-cube"] = r  # its M0 sums |dv| (_pix_size_slice), also when decreasing
            for judge, reference in references.items():
                both = np.isfinite(ours) & np.isfinite(reference)
                # M1 to 1e-5 of the span, or of itself where larger (noise pixels: float32 output of a large M1).
                scale = np.abs(reference[both]) if order != 1 else np.maximum(np.abs(reference[both]), np.nanmax(np.abs(velocity)))
                rel = np.abs(ours[both] - reference[both]) / scale
                worst = float(rel.max()) if rel.size else 1.0
                checked[f"{name}/{judge}"] = {"pixels": int(both.sum()), "worst": worst}
                if worst > 1e-5 or both.sum() < 0.9 * np.isfinite(data).any(axis=0).sum():  # blanked areas: NaN in both
                    errors.append(f"moment {name} vs {judge}: worst relative difference {worst:.3g} over {int(both.sum())} pixels")
            if unit(hdu.header["BUNIT"]) != ref.unit:
                errors.append(f"moment {name}: BUNIT {hdu.header['BUNIT']!r} is not spectral-cube's {ref.unit}")
            for key in ("BMAJ", "BMIN", "BPA"):
                if hdu.header.get(key) != fits.getheader(cube_path).get(key):
                    errors.append(f"moment {name}: {key} not carried over")
            if hdu.header["NAXIS"] != 2 or "CTYPE3" in hdu.header:
                errors.append(f"moment {name}: not a 2-D image with the celestial WCS only")
    return {"checked": checked, "linear": bool(linear), "decreasing": bool(decreasing), "errors": errors}


def compare(ours_path, cube_path, veldef, rest, vlow=None, vhigh=None):
    result = check(ours_path, cube_path, veldef, rest, vlow, vhigh)
    print(json.dumps(result))
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"make": make, "sparse": sparse, "compare": compare}[mode](*args)

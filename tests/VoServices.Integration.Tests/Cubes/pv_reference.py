"""Independent reference for /cube/pv: astropy (geometry, WCS) and scipy.ndimage.map_coordinates (interpolation).

  pv_reference.py make OUT.fits KIND
      KIND radec: 300 x 300 x 25 float32, RA---TAN/DEC--TAN at (150, 60) rotated 20 deg by a PC matrix, VRAD m/s
      descending; galactic: 120 x 100 x 16, GLON-CAR/GLAT-CAR, VRAD; stokes: 60 x 50 x 10 x 2, RA---SIN/DEC--SIN/FREQ/STOKES
      (I, Q); holes: radec with NaN voxels (scattered, and a 3 x 3 block on every channel). Smooth emission plus
      noise, BUNIT Jy/beam with a beam.
  pv_reference.py compare OURS.fits CUBE.fits JSON
      JSON: {"path": [lon, lat, ...]} or {"center": [lon, lat], "length": L, "pa": PA}, and optional "spacing",
      "width", "origin" (start|center), "vlow"/"vhigh" (km/s), "pol" (0-based Stokes plane), "order" (1, 0 or 3), "frame"
      ("native": the path is in the cube's frame; default ICRS, converted by astropy).
      The samples are made here with astropy's own spherical offsets (directional_offset_by along each arc's position
      angle; across the path at PA +- 90 deg), mapped with astropy's WCS, interpolated on every channel with
      map_coordinates(order=1, mode='constant', cval=nan) and averaged across the path with nanmean. Order 3 is Keys
      cubic convolution (a = -0.5) computed here in numpy at the pixels of OURS's POSITIONS table (without WIDTH), a
      sample whose 4 x 4 pixels of non-zero weight leave the plane or touch a NaN taking order 1's value. OURS must equal
      that to 1e-5 (of the largest |value|) with the same NaN pattern; its OFFSET and spectral axes (read with astropy)
      and its POSITIONS table must give the same offsets, positions, pixels and channel coordinates.
      Prints a JSON summary; exits 1 on any mismatch.
"""
import json, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from astropy.wcs.utils import wcs_to_celestial_frame
from astropy.coordinates import SkyCoord
import astropy.units as u
from scipy.ndimage import map_coordinates

warnings.simplefilter("ignore")


def make(path, kind):
    rng = np.random.default_rng(11)
    h = fits.Header()
    h["BUNIT"] = "Jy/beam"; h["BMAJ"] = 0.004; h["BMIN"] = 0.003; h["BPA"] = 15.0; h["OBJECT"] = "PVTEST"
    if kind in ("radec", "holes"):
        nx, ny, nz = 300, 300, 25
        h["CTYPE1"] = "RA---TAN"; h["CRVAL1"] = 150.0; h["CRPIX1"] = 150.5; h["CDELT1"] = -0.001; h["CUNIT1"] = "deg"
        h["CTYPE2"] = "DEC--TAN"; h["CRVAL2"] = 60.0; h["CRPIX2"] = 140.5; h["CDELT2"] = 0.001; h["CUNIT2"] = "deg"
        c, s = np.cos(np.radians(20)), np.sin(np.radians(20))
        h["PC1_1"] = c; h["PC1_2"] = -s; h["PC2_1"] = s; h["PC2_2"] = c
        h["CTYPE3"] = "VRAD"; h["CUNIT3"] = "m/s"; h["CRPIX3"] = 13.0; h["CRVAL3"] = 120000.0; h["CDELT3"] = -5000.0
        h["SPECSYS"] = "LSRK"; h["RADESYS"] = "ICRS"
    elif kind == "galactic":
        nx, ny, nz = 120, 100, 16
        h["CTYPE1"] = "GLON-CAR"; h["CRVAL1"] = 49.5; h["CRPIX1"] = 60.5; h["CDELT1"] = -0.005; h["CUNIT1"] = "deg"
        h["CTYPE2"] = "GLAT-CAR"; h["CRVAL2"] = 0.0; h["CRPIX2"] = 70.5; h["CDELT2"] = 0.005; h["CUNIT2"] = "deg"
        h["CTYPE3"] = "VRAD"; h["CUNIT3"] = "m/s"; h["CRPIX3"] = 1.0; h["CRVAL3"] = 40000.0; h["CDELT3"] = 1000.0
        h["SPECSYS"] = "LSRK"
    else:
        nx, ny, nz = 60, 50, 10
        h["CTYPE1"] = "RA---SIN"; h["CRVAL1"] = 202.78; h["CRPIX1"] = 30.5; h["CDELT1"] = -0.002; h["CUNIT1"] = "deg"
        h["CTYPE2"] = "DEC--SIN"; h["CRVAL2"] = 30.5; h["CRPIX2"] = 25.5; h["CDELT2"] = 0.002; h["CUNIT2"] = "deg"
        h["CTYPE3"] = "FREQ"; h["CUNIT3"] = "Hz"; h["CRPIX3"] = 1.0; h["CRVAL3"] = 1.4e9; h["CDELT3"] = 1.0e6
        h["RESTFRQ"] = 1.420405752e9
    y, x = np.mgrid[0:ny, 0:nx]
    k = np.arange(nz)[:, None, None]
    data = (2.0 * np.exp(-((x - nx * 0.45) ** 2 + (y - ny * 0.55) ** 2) / (0.08 * nx * ny))
            * np.exp(-0.5 * ((k - nz / 2 - 0.02 * (x - nx / 2)) / (nz / 6)) ** 2)
            + 0.3 * np.sin(x / 7.0) * np.cos(y / 11.0) + 0.05 * k)
    data = data + rng.normal(0, 0.01, data.shape)
    data = data.astype(np.float32)
    if kind == "holes":
        data[rng.random(data.shape) < 0.01] = np.nan
        data[:, 150:153, 140:143] = np.nan
    if kind == "stokes":
        h["CTYPE4"] = "STOKES"; h["CRVAL4"] = 1.0; h["CRPIX4"] = 1.0; h["CDELT4"] = 1.0
        data = np.stack([data, 0.1 * data[:, ::-1, :] - 0.05])
    fits.PrimaryHDU(data, header=h).writeto(path, overwrite=True)
    print(json.dumps({"kind": kind}))


def frame_of(wcs):
    """The cube's celestial frame as astropy reads it: ICRS, FK5 (its equinox), galactic ..."""
    return wcs_to_celestial_frame(wcs.celestial)


def samples(spec, frame, scale):
    """Centre-line samples (SkyCoord), their offsets, and each sample's cross-path positions (list of SkyCoord)."""
    spacing = spec.get("spacing", scale)
    given = frame if spec.get("frame") == "native" else "icrs"
    if "center" in spec:
        centre = SkyCoord(*spec["center"], unit="deg", frame=given)
        pa, length = spec["pa"] * u.deg, spec["length"]
        vertices = [centre.directional_offset_by(pa + 180 * u.deg, length / 2 * u.deg), centre.directional_offset_by(pa, length / 2 * u.deg)]
        default_origin = "center"
    else:
        p = spec["path"]
        vertices = [SkyCoord(p[i], p[i + 1], unit="deg", frame=given) for i in range(0, len(p), 2)]
        default_origin = "start"
    # The arcs are drawn in the cube's frame between the vertices converted to it (astropy's ICRS -> galactic).
    vertices = [SkyCoord(v.transform_to(frame).spherical.lon, v.transform_to(frame).spherical.lat, frame=frame) for v in vertices]
    origin = spec.get("origin", default_origin)
    seg = np.array([vertices[i].separation(vertices[i + 1]).deg for i in range(len(vertices) - 1)])
    cum = np.concatenate([[0], np.cumsum(seg)])
    total = cum[-1]
    if origin == "center":
        half = int(np.floor(total / 2 / spacing + 1e-9))
        offsets = np.arange(-half, half + 1) * spacing
        along = total / 2 + offsets
    else:
        offsets = np.arange(0, int(np.floor(total / spacing + 1e-9)) + 1) * spacing
        along = offsets
    width = spec.get("width")
    cross = max(1, int(round(width / scale))) if width else 1
    us = (np.arange(cross) - (cross - 1) / 2) * (width or 0) / cross
    points, crossing = [], []
    for s in along:
        i = min(int(np.searchsorted(cum, s, side="left")) - 1, len(seg) - 1)
        i = max(i, 0)
        a, b = vertices[i], vertices[i + 1]
        p = a.directional_offset_by(a.position_angle(b), (s - cum[i]) * u.deg)
        # The direction of travel at p: towards the arc's end (or away from its start at the very end).
        travel = p.position_angle(b) if p.separation(b).deg > 1e-7 else b.position_angle(a) + 180 * u.deg
        points.append(p)
        # Positive cross offsets lie to the left of the direction of travel (PA - 90 deg), as the service's arc pole.
        crossing.append([p if q == 0 else p.directional_offset_by(travel - 90 * u.deg if q > 0 else travel + 90 * u.deg, abs(q) * u.deg) for q in us])
    return offsets, points, crossing, cross, spacing, origin


def keys(s):
    """Keys' cubic convolution kernel, a = -0.5 (Catmull-Rom)."""
    a, s = -0.5, np.abs(s)
    return np.where(s <= 1, (a + 2) * s ** 3 - (a + 3) * s ** 2 + 1, np.where(s < 2, a * s ** 3 - 5 * a * s ** 2 + 8 * a * s - 4 * a, 0.0))


def keys_cubic(plane, px, py):
    """Keys cubic convolution of a 2-D plane at 0-based (px, py); where a pixel of non-zero weight is off the plane or
    NaN, map_coordinates(order=1) instead. Also the number of samples that fell back."""
    linear = map_coordinates(plane, [py, px], order=1, mode="constant", cval=np.nan)
    ny, nx = plane.shape
    finite = np.isfinite(px) & np.isfinite(py)
    fx, fy = np.floor(np.where(finite, px, 0)), np.floor(np.where(finite, py, 0))
    taps = np.arange(-1, 3)[:, None]
    ix, iy = (fx + taps).astype(int), (fy + taps).astype(int)          # (4, n): pixels floor-1 .. floor+2
    wx, wy = keys(ix - np.where(finite, px, 0)), keys(iy - np.where(finite, py, 0))
    used = (wy[:, None, :] != 0) & (wx[None, :, :] != 0)                # (4, 4, n) [row tap, column tap, sample]
    inside = ((iy >= 0) & (iy < ny))[:, None, :] & ((ix >= 0) & (ix < nx))[None, :, :]
    pixels = plane[np.clip(iy, 0, ny - 1)[:, None, :], np.clip(ix, 0, nx - 1)[None, :, :]]
    ok = finite & ~(used & ~inside).any(axis=(0, 1)) & ~(used & np.isnan(pixels)).any(axis=(0, 1))
    cubic = np.where(used, np.nan_to_num(pixels) * wy[:, None, :] * wx[None, :, :], 0).sum(axis=(0, 1))
    return np.where(ok, cubic, linear), int((~ok & np.isfinite(linear)).sum())


def check(ours_path, cube_path, spec_json):
    """The comparison as a dict: "checked", "errors" and what was compared."""
    spec = json.loads(spec_json)
    errors, checked = [], {}
    header = fits.getheader(cube_path)
    data = fits.getdata(cube_path).astype(np.float64)
    if data.ndim == 4:
        data = data[spec.get("pol", 0)]
    wcs = WCS(header)
    cel = wcs.celestial
    frame = frame_of(wcs)
    ny, nx = data.shape[1:]
    cx, cy = np.floor((nx + 1) / 2) - 1, np.floor((ny + 1) / 2) - 1
    c0 = cel.pixel_to_world(cx, cy)
    scale = min(c0.separation(cel.pixel_to_world(cx + 1, cy)).deg, c0.separation(cel.pixel_to_world(cx, cy + 1)).deg)
    offsets, points, crossing, cross, spacing, origin = samples(spec, frame, scale)
    # Channels: all, or those whose centre (km/s, radio: the VRAD test cubes' own) lies in [vlow, vhigh].
    spectral = wcs.sub([3])
    nz = data.shape[0]
    velocity = spectral.all_pix2world(np.arange(nz), 0)[0] / 1000
    chans = np.arange(nz)
    if "vlow" in spec:
        chans = np.flatnonzero((velocity >= spec["vlow"]) & (velocity <= spec["vhigh"]))
    order = spec.get("order", 1)
    reference = np.full((len(chans), len(points)), np.nan)
    lon = np.array([[q.spherical.lon.deg for q in row] for row in crossing])
    lat = np.array([[q.spherical.lat.deg for q in row] for row in crossing])
    px, py = cel.world_to_pixel_values(lon.ravel(), lat.ravel())
    if order == 3:
        if cross != 1:
            raise ValueError("order 3 is checked at the POSITIONS table's pixels: give no width")
        table = fits.getdata(ours_path, "POSITIONS")
        px, py = table["PIXX"] - 1.0, table["PIXY"] - 1.0
        checked["fallback"] = 0
    for r, k in enumerate(chans):
        if order == 3:
            values, fallback = keys_cubic(data[k], px, py)
            values, checked["fallback"] = values.reshape(lon.shape), checked["fallback"] + fallback
        else:
            values = map_coordinates(data[k], [py, px], order=order, mode="constant", cval=np.nan).reshape(lon.shape)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference[r] = np.nanmean(values, axis=1)
    with fits.open(ours_path) as hdul:
        image, table = hdul[0], hdul["POSITIONS"]
        ours = image.data.astype(np.float64)
        if ours.shape != reference.shape:
            errors.append(f"shape {ours.shape} is not the reference's {reference.shape}")
        else:
            same_nan = np.array_equal(np.isnan(ours), np.isnan(reference))
            both = np.isfinite(ours) & np.isfinite(reference)
            top = np.nanmax(np.abs(reference)) if both.any() else 1.0
            worst = float(np.max(np.abs(ours[both] - reference[both])) / top) if both.any() else 0.0
            checked["values"] = {"finite": int(both.sum()), "nan": int(np.isnan(reference).sum()), "worst": worst}
            if not same_nan:
                errors.append(f"NaN pattern differs: ours {int(np.isnan(ours).sum())}, reference {int(np.isnan(reference).sum())}")
            if worst > 1e-5:
                errors.append(f"values: worst relative difference {worst:.3g}")
        h = image.header
        if h.get("CTYPE1") != "OFFSET" or h.get("CUNIT1") != "deg":
            errors.append(f"axis 1 is {h.get('CTYPE1')!r} in {h.get('CUNIT1')!r}, not OFFSET in deg")
        pv = WCS(h)
        off_axis = pv.sub([1]).all_pix2world(np.arange(len(offsets)), 0)[0]
        checked["offset_axis"] = float(np.max(np.abs(off_axis - offsets))) if len(off_axis) == len(offsets) else None
        if len(off_axis) != len(offsets) or np.max(np.abs(off_axis - offsets)) > 1e-9:
            errors.append("the OFFSET axis does not give the reference offsets")
        spec2 = pv.sub([2]).all_pix2world(np.arange(len(chans)), 0)[0]
        spec3 = spectral.all_pix2world(chans, 0)[0]
        if h.get("CTYPE2") != header["CTYPE3"] or not np.allclose(spec2, spec3, rtol=1e-12, atol=0):
            errors.append(f"axis 2 ({h.get('CTYPE2')}) does not give the cube's channel coordinates")
        if h.get("BUNIT") != header.get("BUNIT") or any(h.get(k) != header.get(k) for k in ("BMAJ", "BMIN", "BPA")):
            errors.append("BUNIT or the beam not carried over")
        if h.get("PVNCROSS") != cross:
            errors.append(f"PVNCROSS {h.get('PVNCROSS')} is not {cross}")
        galactic = frame.name == "galactic"
        names = ("GLON", "GLAT") if galactic else ("RA", "DEC")
        cols = table.columns.names
        if cols[:3] != ["OFFSET", *names]:
            errors.append(f"table columns {cols} are not OFFSET, {names[0]}, {names[1]}")
        else:
            t = table.data
            if np.max(np.abs(t["OFFSET"] - offsets)) > 1e-12:
                errors.append("table OFFSET differs")
            here = SkyCoord(t[names[0]], t[names[1]], unit="deg", frame=frame)
            there = SkyCoord([p.spherical.lon.deg for p in points], [p.spherical.lat.deg for p in points], unit="deg", frame=frame)
            sep = float(np.max(here.separation(there).deg))
            checked["positions_deg"] = sep
            # ICRS -> galactic or FK5: the service's rotation and astropy's agree to ~1e-8 deg.
            if sep > (1e-9 if frame.name == "icrs" or spec.get("frame") == "native" else 5e-8):
                errors.append(f"table positions differ by up to {sep:.3g} deg")
            qx, qy = cel.world_to_pixel(there)
            dp = float(max(np.nanmax(np.abs(t["PIXX"] - (qx + 1))), np.nanmax(np.abs(t["PIXY"] - (qy + 1)))))
            checked["pixels"] = dp
            if dp > 1e-6:
                errors.append(f"table pixels differ by up to {dp:.3g}")
    return {"checked": checked, "errors": errors, "points": len(points), "channels": len(chans)}


def compare(ours_path, cube_path, spec_json):
    result = check(ours_path, cube_path, spec_json)
    print(json.dumps(result))
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"make": make, "compare": compare}[mode](*args)

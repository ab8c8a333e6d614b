"""Independent reference for image HiPS (`vo hips build --image`), with healpy, astropy.wcs and numpy.

  healpy_images.py make KIND OUT.fits
      writes a small test image; KIND is one of
        tan        240 x 180 RA---TAN/DEC--TAN, CDELT, 14.4" pixels, smooth and positive (no blank pixels)
        sin        200 x 160 RA---SIN/DEC--SIN, FK5 J2000, a NaN block and a NaN column
        cd         TAN with a CD matrix (rotated 30 deg, slightly sheared), across RA 0 at Dec 80
        sin-pc     SIN rotated -20 deg through PC1_1..PC2_2, Dec -60
        crota      TAN rotated 25 deg by the old CROTA2 keyword
        pole       SIN centred on the north celestial pole
        allsky-car / allsky-ait   whole-sky images of 1 deg and 0.8 deg pixels (AIT: the grid's corners are off the projection)
        galactic   GLON-CAR/GLAT-CAR on the galactic plane
        int        BITPIX 16 with BSCALE, BZERO and BLANK pixels
        cube       RA---SIN/DEC--SIN/VRAD cube of 5 channels of 2 km/s, BUNIT Jy/beam, some blank channels
        tan-left / tan-right   two overlapping TAN images (for several images combined by their mean)
  healpy_images.py check HIPS IMG.fits [IMG2.fits ...]
      every cell of the HiPS tiles at hips_order holds the reference value of its centre, and exactly the reference cells
      hold values. Reference: the cell centre from healpy (pix2ang, nest, in hips_frame), astropy's
      WCS.world_to_pixel of it (through SkyCoord, so astropy does any frame change), and numpy's bilinear
      interpolation under the rule of FitsImageCells: empty off [0.5, N + 0.5] (1-based) or when the nearest pixel
      is blank, else the bilinear weights of the non-blank neighbours on the image, renormalised; several images:
      the mean of their values. A cube is first reduced to its moment-0 map (sum of finite values x |channel width|
      in km/s, from astropy's spectral WCS). Values agree to 1e-5 relative. Prints JSON; exits 1 on any mismatch.
  healpy_images.py compare OURS HIPSGEN IMG.fits TOLERANCE
      tiles at hips_order of our image HiPS and hipsgen's of the same image (no blank pixels): the cells both fill
      whose centre is a pixel or more inside the image edge agree to 1e-6 relative (the same bilinear interpolation),
      the others, nearer the edge, to TOLERANCE: within half a pixel of the first row or column hipsgen extrapolates
      from the two outer pixels (it truncates towards zero where we take the floor) while we hold the edge pixel's
      value. hipsgen also fills a rim up to half a pixel beyond the last row and column, which we leave empty: cells
      only hipsgen fills are counted, not errors; cells only we fill are errors.
"""
import json, os, sys
import numpy as np
import healpy as hp
from astropy.io import fits
from astropy.wcs import WCS
from astropy.coordinates import SkyCoord
import astropy.units as u

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from healpy_hips import tile_cells, properties  # noqa: E402


def smooth(nx, ny, seed):
    y, x = np.mgrid[0:ny, 0:nx].astype(np.float64)
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(12, 30, size=2)
    return 10.0 + np.sin(x / a) + np.cos(y / b) + 0.004 * x + 0.5 * np.exp(-((x - nx / 2) ** 2 + (y - ny / 3) ** 2) / (2 * 15.0 ** 2))


def header(ctype, crval, crpix, cdelt=None, cd=None, pc=None, **extra):
    h = fits.Header()
    h["CTYPE1"], h["CTYPE2"] = ctype
    h["CRVAL1"], h["CRVAL2"] = crval
    h["CRPIX1"], h["CRPIX2"] = crpix
    if cd is not None:
        for (i, j), v in np.ndenumerate(np.asarray(cd)):
            h[f"CD{i + 1}_{j + 1}"] = v
    else:
        h["CDELT1"], h["CDELT2"] = cdelt
        if pc is not None:
            for (i, j), v in np.ndenumerate(np.asarray(pc)):
                h[f"PC{i + 1}_{j + 1}"] = v
    for k, v in extra.items():
        h[k] = v
    return h


def make(kind, path):
    s = 0.004
    if kind == "tan":
        data, h = smooth(240, 180, 1), header(("RA---TAN", "DEC--TAN"), (150.0, 30.0), (120.5, 90.5), (-s, s), BUNIT="Jy/beam")
    elif kind in ("tan-left", "tan-right"):
        data = smooth(160, 120, 2 if kind == "tan-left" else 3)
        h = header(("RA---TAN", "DEC--TAN"), (150.0 if kind == "tan-left" else 150.35, 30.0), (80.5, 60.5), (-s, s), BUNIT="Jy/beam")
    elif kind == "sin":
        data = smooth(200, 160, 4)
        data[40:70, 100:130] = np.nan
        data[:, 17] = np.nan
        h = header(("RA---SIN", "DEC--SIN"), (83.8, -5.4), (100.0, 80.0), (-s, s), RADESYS="FK5", EQUINOX=2000.0, BUNIT="K")
    elif kind == "cd":
        t, k = np.radians(30.0), 0.05
        cd = s * np.array([[-np.cos(t), np.sin(t) + k], [np.sin(t), np.cos(t)]])
        data, h = smooth(220, 200, 5), header(("RA---TAN", "DEC--TAN"), (0.2, 80.0), (110.5, 100.5), cd=cd)
    elif kind == "sin-pc":
        t = np.radians(-20.0)
        pc = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
        data, h = smooth(180, 210, 6), header(("RA---SIN", "DEC--SIN"), (210.0, -60.0), (90.0, 105.0), (-s, s), pc=pc)
    elif kind == "crota":
        data, h = smooth(200, 150, 9), header(("RA---TAN", "DEC--TAN"), (300.0, 40.0), (100.5, 75.5), (-s, s), CROTA2=25.0)
    elif kind == "pole":
        data, h = smooth(200, 200, 11), header(("RA---SIN", "DEC--SIN"), (45.0, 90.0), (100.5, 100.5), (-s, s))
    elif kind == "allsky-car":
        data, h = smooth(360, 180, 12), header(("RA---CAR", "DEC--CAR"), (180.0, 0.0), (180.5, 90.5), (-1.0, 1.0))
    elif kind == "allsky-ait":
        data, h = smooth(400, 200, 13), header(("GLON-AIT", "GLAT-AIT"), (0.0, 0.0), (200.5, 100.5), (-0.8, 0.8))
    elif kind == "galactic":
        data, h = smooth(200, 150, 7), header(("GLON-CAR", "GLAT-CAR"), (30.0, 0.0), (100.5, 75.5), (-s, s))
    elif kind == "int":
        raw = np.round((smooth(150, 120, 8) - 8) * 5000).astype(np.int16)
        raw[50:60, 30:90] = -32768
        h = header(("RA---TAN", "DEC--TAN"), (20.0, -10.0), (75.5, 60.5), (-s, s), BLANK=-32768, BSCALE=2e-4, BZERO=8.0)
        hdu = fits.PrimaryHDU(raw, h)
        hdu.header["BSCALE"], hdu.header["BZERO"], hdu.header["BLANK"] = 2e-4, 8.0, -32768
        hdu.writeto(path, overwrite=True, output_verify="silentfix")
        print(json.dumps({"kind": kind}))
        return
    elif kind == "cube":
        planes = np.stack([smooth(120, 100, 10 + c) * (c + 1) / 5 for c in range(5)])
        planes[1, 20:40, 20:40] = np.nan
        planes[:, 60:65, 70:75] = np.nan  # blank in every channel: blank in the moment map
        h = header(("RA---SIN", "DEC--SIN"), (266.4, -29.0), (60.5, 50.5), (-s, s), BUNIT="Jy/beam")
        h["CTYPE3"], h["CRVAL3"], h["CRPIX3"], h["CDELT3"], h["CUNIT3"] = "VRAD", -4000.0, 1.0, 2000.0, "m/s"
        fits.PrimaryHDU(planes.astype(np.float32), h).writeto(path, overwrite=True)
        print(json.dumps({"kind": kind}))
        return
    else:
        sys.exit(f"unknown kind {kind}")
    fits.PrimaryHDU(data.astype(np.float32), h).writeto(path, overwrite=True)
    print(json.dumps({"kind": kind, "shape": list(data.shape)}))


def plane(path):
    """The image (or the cube's moment-0 map, km/s) as float64 with NaN for blank pixels, and its celestial WCS."""
    with fits.open(path) as f:
        hdu = f[0]
        data = np.asarray(hdu.data, dtype=np.float64)  # astropy applies BSCALE/BZERO; BLANK -> NaN below
        w = WCS(hdu.header)
        if "BLANK" in hdu.header and hdu.header["BITPIX"] > 0:
            raw = fits.getdata(path, do_not_scale_image_data=True)
            data[raw == hdu.header["BLANK"]] = np.nan
        if data.ndim == 3:
            spec = w.sub([3])
            edges = spec.all_pix2world(np.arange(data.shape[0] + 1) - 0.5, 0)[0]  # m/s
            width = np.abs(np.diff(edges)) / 1000.0  # km/s
            finite = np.isfinite(data)
            data = np.where(np.any(finite, axis=0), np.nansum(data * width[:, None, None], axis=0), np.nan)
    return data, w.celestial


def sample(data, x, y):
    """Bilinear values at 1-based (x, y) under FitsImageCells' rule, NaN where empty."""
    ny, nx = data.shape
    out = np.full(x.shape, np.nan)
    inside = (x >= 0.5) & (x <= nx + 0.5) & (y >= 0.5) & (y <= ny + 0.5)
    x, y = x[inside], y[inside]
    ni = np.clip(np.floor(x + 0.5).astype(int), 1, nx)
    nj = np.clip(np.floor(y + 0.5).astype(int), 1, ny)
    ok = ~np.isnan(data[nj - 1, ni - 1])
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    fx, fy = x - x0, y - y0
    total, weights = np.zeros(x.shape), np.zeros(x.shape)
    for dx in (0, 1):
        for dy in (0, 1):
            i, j = x0 + dx, y0 + dy
            on = (i >= 1) & (i <= nx) & (j >= 1) & (j <= ny)
            v = np.where(on, data[np.clip(j, 1, ny) - 1, np.clip(i, 1, nx) - 1], np.nan)
            wgt = (fx if dx else 1 - fx) * (fy if dy else 1 - fy)
            use = on & ~np.isnan(v) & (wgt > 0)
            total += np.where(use, wgt * np.nan_to_num(v), 0)
            weights += np.where(use, wgt, 0)
    values = np.where(ok & (weights > 0), total / np.where(weights > 0, weights, 1), np.nan)
    out[np.flatnonzero(inside)] = values
    return out


def reference(path, order, frame):
    data, w = plane(path)
    ny, nx = data.shape
    nside = 2 ** order
    # candidate cells: a disc around the image centre reaching past its corners
    corners = w.pixel_to_world([-0.5, nx - 0.5, nx - 0.5, -0.5, (nx - 1) / 2], [-0.5, -0.5, ny - 0.5, ny - 0.5, (ny - 1) / 2])
    gal = frame == "galactic"
    corners = corners.galactic if gal else corners.icrs
    lon = corners.l.deg if gal else corners.ra.deg
    lat = corners.b.deg if gal else corners.dec.deg
    radius = max(corners[4].separation(corners[i]).rad for i in range(4)) * 1.1 + 2 * hp.nside2resol(nside)
    if np.isfinite(radius) and radius < 0.4 * np.pi:
        cells = hp.query_disc(nside, hp.ang2vec(lon[4], lat[4], lonlat=True), radius, inclusive=True, nest=True)
    else:  # corners off the projection (AIT) or a large image (whose corners may not bound it): every cell
        cells = np.arange(hp.nside2npix(nside))
    clon, clat = hp.pix2ang(nside, cells, nest=True, lonlat=True)
    sky = SkyCoord(l=clon * u.deg, b=clat * u.deg, frame="galactic") if gal else SkyCoord(ra=clon * u.deg, dec=clat * u.deg, frame="icrs")
    x, y = w.world_to_pixel(sky)
    values = sample(data, np.asarray(x) + 1, np.asarray(y) + 1)
    keep = ~np.isnan(values)
    return cells[keep], values[keep]


def read_tiles(root):
    props = properties(root)
    k, w = int(props["hips_order"]), int(props["hips_tile_width"])
    cells, values = [], []
    for dirpath, _, files in os.walk(os.path.join(root, f"Norder{k}")):
        for name in files:
            if name.startswith("Npix") and name.endswith(".fits"):
                n = int(name[4:-5])
                t = fits.getdata(os.path.join(dirpath, name)).astype(np.float64)
                c = tile_cells(k, n, w)
                # hipsgen may use BLANK in integer tiles; ours are float with NaN
                good = np.isfinite(t)
                cells.append(c[good])
                values.append(t[good])
    cells = np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)
    values = np.concatenate(values) if values else np.zeros(0)
    order = np.argsort(cells)
    return props, k + int(np.log2(w)), cells[order], values[order]


def check(root, images):
    props, order, cells, values = read_tiles(root)
    frame = props["hips_frame"]
    sums, counts = {}, {}
    for path in images:
        c, v = reference(path, order, frame)
        for cc, vv in zip(c.tolist(), v.tolist()):
            sums[cc] = sums.get(cc, 0.0) + vv
            counts[cc] = counts.get(cc, 0) + 1
    want = np.array(sorted(sums), dtype=np.int64)
    exp = np.array([sums[c] / counts[c] for c in want.tolist()])
    errors = []
    only_ours = np.setdiff1d(cells, want)
    only_ref = np.setdiff1d(want, cells)
    if len(only_ours):
        errors.append(f"{len(only_ours)} cells hold values where the reference has none, e.g. {only_ours[:5].tolist()}")
    if len(only_ref):
        errors.append(f"{len(only_ref)} reference cells are empty in the HiPS, e.g. {only_ref[:5].tolist()}")
    both, ia, ib = np.intersect1d(cells, want, return_indices=True)
    rel = np.abs(values[ia] - exp[ib]) / np.maximum(np.abs(exp[ib]), 1e-30)
    bad = rel > 1e-5
    if bad.any():
        i = np.flatnonzero(bad)[0]
        errors.append(f"cell {both[i]}: {values[ia][i]} != reference {exp[ib][i]} ({int(bad.sum())} differ, worst {rel.max():.3g})")
    print(json.dumps({"order": int(order), "cells": int(len(cells)), "reference": int(len(want)), "max_rel": float(rel.max()) if len(rel) else 0.0,
                      "bunit": props.get("hips_bunit"), "errors": errors[:10]}))
    return 1 if errors else 0


def compare(ours, theirs, image, tolerance):
    """Cells both fill: identical (1e-6) where the centre is a pixel or more inside the image edge, within TOLERANCE nearer."""
    _, o1, c1, v1 = read_tiles(ours)
    _, o2, c2, v2 = read_tiles(theirs)
    errors = []
    if o1 != o2:
        errors.append(f"map orders {o1} vs {o2}")
    both, ia, ib = np.intersect1d(c1, c2, return_indices=True)
    rel = np.abs(v1[ia] - v2[ib]) / np.maximum(np.abs(v2[ib]), 1e-30)
    data, w = plane(image)
    ny, nx = data.shape
    lon, lat = hp.pix2ang(2 ** o1, both, nest=True, lonlat=True)
    frame = properties(ours)["hips_frame"]
    sky = SkyCoord(l=lon * u.deg, b=lat * u.deg, frame="galactic") if frame == "galactic" else SkyCoord(ra=lon * u.deg, dec=lat * u.deg, frame="icrs")
    x, y = w.world_to_pixel(sky)
    x, y = np.asarray(x) + 1, np.asarray(y) + 1
    inner = (x >= 1.5) & (x <= nx - 0.5) & (y >= 1.5) & (y <= ny - 0.5)
    if len(both) == 0:
        errors.append("no cell in common")
    else:
        if inner.any() and rel[inner].max() > 1e-6:
            i = np.flatnonzero(inner)[np.argmax(rel[inner])]
            errors.append(f"inner cell {both[i]}: ours {v1[ia][i]} vs hipsgen {v2[ib][i]} (relative {rel[i]:.3g} > 1e-6)")
        if rel.max() > float(tolerance):
            i = int(np.argmax(rel))
            errors.append(f"edge cell {both[i]}: ours {v1[ia][i]} vs hipsgen {v2[ib][i]} (relative {rel[i]:.3g} > {tolerance})")
    only_ours = np.setdiff1d(c1, c2)
    if len(only_ours):
        errors.append(f"{len(only_ours)} cells only in ours, e.g. {only_ours[:5].tolist()}")
    print(json.dumps({"common": int(len(both)), "inner": int(inner.sum()), "only_hipsgen": int(len(np.setdiff1d(c2, c1))), "only_ours": int(len(only_ours)),
                      "max_rel_inner": float(rel[inner].max()) if inner.any() else 0.0, "max_rel_edge": float(rel[~inner].max()) if (~inner).any() else 0.0,
                      "errors": errors[:10]}))
    return 1 if errors else 0


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "make":
        make(sys.argv[2], sys.argv[3])
    elif mode == "check":
        sys.exit(check(sys.argv[2], sys.argv[3:]))
    elif mode == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]))
    else:
        sys.exit(f"unknown mode {mode}")

"""Independent reference for the HiPS tests, with healpy (python3-healpy) and astropy.

  healpy_hips.py partial OUT.fits     a partial NESTED map, NSIDE 512: PIXEL, VALUE, IVAR, repeated cells
  healpy_hips.py partial-unique OUT.fits   the same without repeated cells (for hipsgen, which does not average)
  healpy_hips.py compare OURS HIPSGEN   tiles at hips_order agree (same tiles, values, empty cells)
  healpy_hips.py ring OUT.fits        a full-sky RING map, NSIDE 64, column SIGNAL
  healpy_hips.py partial-2048 OUT.fits   the same at NSIDE 2048 (tile width 256 puts hips_order at 3)
  healpy_hips.py nuniq OUT.fits       a multi-order map (ORDERING='NUNIQ', UNIQ, VALUE, IVAR): two discs at order 9 with
      complete sibling sets merged into parents down to order 5, an order-3 and an order-2 cell, a fifth of the rows repeated
  healpy_hips.py png HIPS CMAP STRETCH [LOW% HIGH%]
      every PNG tile (and Allsky.png) is its FITS tile flipped top-down, coloured through hips_pixel_cut, the
      stretch and matplotlib's colour map (one level of rounding allowed), alpha 0 exactly where the FITS
      pixel is NaN; with percentiles, hips_pixel_cut equals numpy's percentiles of the hips_order pixels
  healpy_hips.py compare-alpha OURS HIPSGEN   our hips_order PNG tiles and Allsky.png are transparent exactly
      where hipsgen's (its PNG action run on a copy of our FITS tiles) are: same orientation, same layout.
      Lower orders are left out: hipsgen makes them from its own PNG tiles, not from our FITS ones
  healpy_hips.py allsky HIPS
      Norder3/Allsky.fits is the 27-per-row grid of the order-3 tiles, each reduced by the mean of blocks
      of non-empty pixels to min(64, width) pixels a side, tile 0 at the top left
  healpy_hips.py check HIPS IN.fits VALUE [WEIGHT|-] [AGGREGATE] [COMBINE] [ORDER]
      (a NUNIQ input is first expanded with numpy: uniq -> order floor(log2(uniq/4)/2), ipix = uniq - 4*4^order, each cell
      repeated as its 4^(K-order) children at K = ORDER, or the deepest order present, with its value and weight)
      every tile pixel at hips_order equals the (weighted) mean (or median) of the input measurements of the
      cell it maps to, and every lower-order pixel the mean (median, sum, min, max, first) of its non-empty children. Tile pixel (row, col), rows
      as stored (bottom-up), of tile N at order K, width w = 2^S: (x, y, face) = healpy's pix2xyf of N at
      order K; the cell is xyf2pix at order K+S of (x*w + w-1-row, y*w + col, face) -- the HiPS layout
      (hipsgen writes it; Aladin reads it); Moc.fits covers exactly the cells holding data. Prints a JSON summary; exits 1 on any mismatch.
"""
import json, os, sys
import numpy as np
import healpy as hp
from astropy.io import fits


def write_partial(path, repeats=True, nside=512):
    rng = np.random.default_rng(12)
    cells = np.concatenate([
        hp.query_disc(nside, hp.ang2vec(40.0, 30.0, lonlat=True), np.radians(2.0), nest=True),
        # across the boundary of base cells 4 and 0/5 (equator, lon 0/90)
        hp.query_disc(nside, hp.ang2vec(45.0, 41.8, lonlat=True), np.radians(1.5), nest=True),
        hp.query_disc(nside, hp.ang2vec(200.0, -60.0, lonlat=True), np.radians(1.0), nest=True),
    ])
    cells = np.unique(cells)
    repeated = rng.choice(cells, size=len(cells) // 3 if repeats else 0, replace=False)
    pix = np.concatenate([cells, repeated, repeated[: len(repeated) // 2]])
    rng.shuffle(pix)
    value = rng.normal(10.0, 3.0, size=len(pix))
    ivar = rng.uniform(0.1, 5.0, size=len(pix)).astype(np.float32)
    if repeats:
        ivar[::97] = 0.0  # zero weight: ignored
    hdu = fits.BinTableHDU.from_columns([
        fits.Column(name="PIXEL", format="K", array=pix),
        fits.Column(name="VALUE", format="D", array=value),
        fits.Column(name="IVAR", format="E", array=ivar),
    ])
    for k, v in [("PIXTYPE", "HEALPIX"), ("ORDERING", "NESTED"), ("INDXSCHM", "EXPLICIT"),
                 ("OBJECT", "PARTIAL"), ("NSIDE", nside), ("COORDSYS", "C")]:
        hdu.header[k] = v
    fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(path, overwrite=True)
    print(json.dumps({"rows": int(len(pix)), "cells": int(len(cells))}))


def write_ring(path):
    nside = 64
    theta, phi = hp.pix2ang(nside, np.arange(hp.nside2npix(nside)))  # RING order
    m = np.cos(3 * theta) + 0.5 * np.sin(2 * phi) + 0.001 * np.arange(hp.nside2npix(nside))
    m[100:200] = hp.UNSEEN
    hp.write_map(path, m, nest=False, coord="G", column_names=["SIGNAL"], overwrite=True, dtype=np.float64)
    print(json.dumps({"cells": int(len(m))}))


def write_nuniq(path):
    rng = np.random.default_rng(29)
    deep = 9
    cells = np.unique(np.concatenate([
        hp.query_disc(2 ** deep, hp.ang2vec(40.0, 30.0, lonlat=True), np.radians(3.0), nest=True),
        hp.query_disc(2 ** deep, hp.ang2vec(200.0, -60.0, lonlat=True), np.radians(2.0), nest=True),
    ]))
    uniq, level = [], cells
    for o in range(deep, 5, -1):  # complete sibling sets become their parent, down to order 5
        parents, counts = np.unique(level >> 2, return_counts=True)
        full = parents[counts == 4]
        uniq.append(4 * 4 ** o + level[~np.isin(level >> 2, full)])
        level = full
    uniq.append(4 * 4 ** 5 + level)
    uniq.append(np.array([4 * 4 ** 3 + 300, 4 * 4 ** 2 + 100], dtype=np.int64))  # 4096 and 16384 cells at order 9
    uniq = np.concatenate(uniq).astype(np.int64)
    repeated = rng.choice(uniq, size=len(uniq) // 5, replace=False)
    uniq = np.concatenate([uniq, repeated])
    rng.shuffle(uniq)
    value = rng.normal(10.0, 3.0, size=len(uniq))
    ivar = rng.uniform(0.1, 5.0, size=len(uniq)).astype(np.float32)
    hdu = fits.BinTableHDU.from_columns([
        fits.Column(name="UNIQ", format="K", array=uniq),
        fits.Column(name="VALUE", format="D", array=value, unit="MJy/sr"),
        fits.Column(name="IVAR", format="E", array=ivar),
    ])
    for k, v in [("PIXTYPE", "HEALPIX"), ("ORDERING", "NUNIQ"), ("INDXSCHM", "EXPLICIT"), ("MOCORDER", deep), ("COORDSYS", "C")]:
        hdu.header[k] = v
    fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(path, overwrite=True)
    print(json.dumps({"rows": int(len(uniq)), "orders": sorted(set((np.floor(np.log2(uniq // 4) / 2)).astype(int).tolist()))}))


def expand_nuniq(uniq, value, weight, order):
    """Each NUNIQ cell as its children at order (the deepest present when None), with the cell's value and weight."""
    o = np.floor(np.log2(uniq // 4) / 2).astype(np.int64)
    ipix = uniq - 4 * 4 ** o
    k = int(o.max()) if order is None else int(order)
    reps = 4 ** (k - o)
    first = np.repeat(ipix * reps, reps)
    offset = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    return k, first + offset, np.repeat(value, reps), np.repeat(weight, reps)


def compare(ours, theirs):
    """Tiles at hips_order of two HiPS of the same map: same tiles, same values (NaN where empty)."""
    def tiles(root):
        props = {l.split("=", 1)[0].strip(): l.split("=", 1)[1].strip() for l in open(os.path.join(root, "properties")) if "=" in l and not l.startswith("#")}
        k = int(props["hips_order"])
        found = {}
        for dirpath, _, files in os.walk(os.path.join(root, f"Norder{k}")):
            for name in files:
                if name.startswith("Npix") and name.endswith(".fits"):
                    found[int(name[4:-5])] = fits.getdata(os.path.join(dirpath, name)).astype(np.float64)
        return k, int(props["hips_tile_width"]), found
    (k1, w1, a), (k2, w2, b) = tiles(ours), tiles(theirs)
    # Deliberate difference: hipsgen copies healpy's UNSEEN marker into its tiles; we write such cells empty (NaN).
    for t in b.values():
        t[np.isclose(t, hp.UNSEEN)] = np.nan
    errors = []
    if (k1, w1) != (k2, w2):
        errors.append(f"hips_order/width {k1}/{w1} vs {k2}/{w2}")
    # hipsgen may write a tile that holds only empty cells; compare the tiles holding data
    a = {n: t for n, t in a.items() if not np.all(np.isnan(t))}
    b = {n: t for n, t in b.items() if not np.all(np.isnan(t))}
    if set(a) != set(b):
        errors.append(f"tiles only in one: {sorted(set(a) ^ set(b))[:10]}")
    pixels = 0
    for n in sorted(set(a) & set(b)):
        same = np.isclose(a[n], b[n], rtol=1e-6, atol=1e-6) | (np.isnan(a[n]) & np.isnan(b[n]))
        pixels += int(np.count_nonzero(~np.isnan(b[n])))
        if not same.all():
            r, c = np.argwhere(~same)[0]
            errors.append(f"tile {n} row {r} col {c}: {a[n][r, c]} vs {b[n][r, c]} ({int((~same).sum())} differ)")
    print(json.dumps({"tiles": len(a), "pixels": pixels, "errors": errors[:10]}))
    return 1 if errors else 0


def expected_map(path, column, weight, combine="wmean", order=None):
    with fits.open(path) as f:
        h = f[1].header
        d = f[1].data
        if "UNIQ" in d.columns.names:
            v = np.asarray(d[column], dtype=np.float64)
            w = np.ones_like(v) if weight == "-" else np.asarray(d[weight], dtype=np.float64)
            k, pix, v, w = expand_nuniq(np.asarray(d["UNIQ"], dtype=np.int64), v, w, order)
            nside = 2 ** k
        elif "PIXEL" in d.columns.names:
            nside = int(h["NSIDE"])
            pix = np.asarray(d["PIXEL"], dtype=np.int64)
            v = np.asarray(d[column], dtype=np.float64)
        else:
            nside = int(h["NSIDE"])
            v = np.asarray(d[column], dtype=np.float64).ravel()
            pix = np.arange(hp.nside2npix(nside))
            if h["ORDERING"].strip() == "RING":
                pix = hp.ring2nest(nside, pix)
        if "UNIQ" not in d.columns.names:
            w = np.ones_like(v) if weight == "-" else np.asarray(d[weight], dtype=np.float64)
    good = ~np.isnan(v) & (v != hp.UNSEEN) & (w > 0)
    # Sparse: an order-16 map has 5e10 cells, far too many for a dense array.
    p, vv, ww = pix[good], v[good], w[good]
    if combine == "median":
        order = np.lexsort((vv, p))
        p, vv = p[order], vv[order]
        cells, first, counts = np.unique(p, return_index=True, return_counts=True)
        return nside, SparseMap(cells, np.array([np.median(vv[f:f + n]) for f, n in zip(first, counts)]))
    if combine == "mean":
        ww = np.ones_like(vv)
    cells, inverse = np.unique(p, return_inverse=True)
    return nside, SparseMap(cells, np.bincount(inverse, weights=ww * vv) / np.bincount(inverse, weights=ww))

class SparseMap:
    """A map's non-empty cells (sorted) and their values; indexing gives NaN for any other cell."""
    def __init__(self, cells, values):
        self.cells, self.values = cells, values

    def __getitem__(self, index):
        index = np.asarray(index)
        if len(self.cells) == 0:
            return np.full(index.shape, np.nan)
        i = np.clip(np.searchsorted(self.cells, index), 0, len(self.cells) - 1)
        return np.where(self.cells[i] == index, self.values[i], np.nan)


def tile_cells(order, npix, w):
    """Nested cell (order + log2 w) of every pixel [row, col] of tile npix at order."""
    s = int(np.log2(w))
    tx, ty, f = hp.pix2xyf(2 ** order, npix, nest=True)
    row, col = np.indices((w, w))
    x = tx * w + (w - 1 - row)
    y = ty * w + col
    return hp.xyf2pix(2 ** (order + s), x, y, np.full_like(x, f), nest=True)


def locate(order, cells, w):
    """(tile, row, col) of nested cells at order + log2 w, inverse of tile_cells."""
    s = int(np.log2(w))
    x, y, f = hp.pix2xyf(2 ** (order + s), cells, nest=True)
    tile = hp.xyf2pix(2 ** order, x // w, y // w, f, nest=True)
    return tile, w - 1 - (x % w), y % w


def aggregate(kids, how):
    """The parent of four child arrays stacked on axis 0 (NaN = empty), by an independent numpy reduction."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        empty = np.all(np.isnan(kids), axis=0)
        if how == "first":
            idx = np.argmax(~np.isnan(kids), axis=0)
            out = np.take_along_axis(kids, idx[None], axis=0)[0]
        else:
            out = {"mean": np.nanmean, "median": np.nanmedian, "sum": np.nansum, "min": np.nanmin, "max": np.nanmax}[how](kids, axis=0)
    return np.where(empty, np.nan, out)


def check(root, path, column, weight, how="mean", combine=None, order=None):
    props = dict(l.split("=", 1) for l in open(os.path.join(root, "properties"), encoding="utf-8") if "=" in l and not l.startswith("#"))
    props = {k.strip(): v.strip() for k, v in props.items()}
    K, w, kmin = int(props["hips_order"]), int(props["hips_tile_width"]), int(props.get("hips_order_min", "0"))
    nside, exp = expected_map(path, column, weight, combine or ("mean" if weight == "-" else "wmean"), None if order in (None, "-") else int(order))
    errors, checked = [], 0
    if hp.nside2order(nside) != K + int(np.log2(w)):
        errors.append(f"hips_order {K} + log2({w}) is not the map order {hp.nside2order(nside)}")
    tiles = {}
    for o in range(kmin, K + 1):
        for dirpath, _, files in os.walk(os.path.join(root, f"Norder{o}")):
            for name in files:
                if not (name.startswith("Npix") and name.endswith(".fits")):
                    continue
                n = int(name[4:-5])
                data = fits.getdata(os.path.join(dirpath, name)).astype(np.float64)
                tiles[(o, n)] = data
                if fits.getheader(os.path.join(dirpath, name))["BITPIX"] != -32:
                    errors.append(f"{name}: BITPIX is not -32")
                if os.path.basename(dirpath) != f"Dir{n // 10000 * 10000}":
                    errors.append(f"{dirpath}/{name}: wrong DirD")
    # hips_order: every pixel equals its cell; exactly the tiles holding data exist
    want = set(np.unique(exp.cells >> (2 * int(np.log2(w)))).tolist())
    have = {n for (o, n) in tiles if o == K}
    if want != have:
        errors.append(f"order {K}: tiles {sorted(have ^ want)[:10]} differ from the tiles holding data")
    for n in sorted(have):
        e = exp[tile_cells(K, n, w)]
        got = tiles[(K, n)]
        bad = ~(np.isclose(got, e, rtol=1e-6, atol=1e-6) | (np.isnan(got) & np.isnan(e)))
        checked += got.size
        if bad.any():
            r, c = np.argwhere(bad)[0]
            errors.append(f"order {K} tile {n} pixel row {r} col {c}: {got[r, c]} != {e[r, c]} ({bad.sum()} bad)")
    # lower orders: mean of the non-empty children
    for o in range(K - 1, kmin - 1, -1):
        parents = {n >> 2 for (oo, n) in tiles if oo == o + 1}
        have = {n for (oo, n) in tiles if oo == o}
        if parents != have:
            errors.append(f"order {o}: tiles {sorted(have ^ parents)[:10]} are not the parents of order {o + 1}")
        for n in sorted(have):
            cells = tile_cells(o, n, w)
            kids = []
            for k in range(4):
                t, r, c = locate(o + 1, 4 * cells + k, w)
                v = np.full(cells.shape, np.nan)
                for tt in np.unique(t):
                    if (o + 1, tt) in tiles:
                        sel = t == tt
                        v[sel] = tiles[(o + 1, tt)][r[sel], c[sel]]
                kids.append(v)
            e = aggregate(np.stack(kids), how)
            got = tiles[(o, n)]
            bad = ~(np.isclose(got, e, rtol=1e-5, atol=1e-5) | (np.isnan(got) & np.isnan(e)))
            checked += got.size
            if bad.any():
                r, c = np.argwhere(bad)[0]
                errors.append(f"order {o} tile {n} pixel row {r} col {c}: {got[r, c]} != {how} of children {e[r, c]} ({bad.sum()} bad)")
    # Moc.fits: exactly the cells holding data, at its MOCORD_S, and canonical (no four siblings, no overlaps)
    with fits.open(os.path.join(root, "Moc.fits")) as f:
        mo = int(f[1].header["MOCORD_S"])
        uniq = np.asarray(f[1].data["UNIQ"], dtype=np.int64)
    orders = (np.floor(np.log2(uniq // 4) / 2)).astype(int)
    idx = uniq - 4 * 4 ** orders
    covered = set()
    for o, i in zip(orders.tolist(), idx.tolist()):
        covered.update(range(i << (2 * (mo - o)), (i + 1) << (2 * (mo - o))))
    data_cells = set((exp.cells >> (2 * (hp.nside2order(nside) - mo))).tolist())
    if covered != data_cells:
        errors.append(f"Moc.fits covers {len(covered)} cells at order {mo}, the data {len(data_cells)}")
    if sum(4 ** (mo - o) for o in orders.tolist()) != len(covered) or np.any(np.diff(uniq) <= 0):
        errors.append("Moc.fits overlaps itself or is not in ascending NUNIQ")
    for o in set(orders.tolist()):
        sel = idx[orders == o]
        if o > 0 and np.any(np.bincount(sel >> 2) == 4):
            errors.append(f"Moc.fits holds four siblings at order {o}")
    print(json.dumps({"tiles": len(tiles), "moc_cells": len(uniq), "pixels": int(checked), "nonempty": int(len(exp.cells)), "errors": errors[:10]}))
    return 1 if errors else 0


def properties(root):
    return {l.split("=", 1)[0].strip(): l.split("=", 1)[1].strip() for l in open(os.path.join(root, "properties"), encoding="utf-8") if "=" in l and not l.startswith("#")}


def all_tiles(root):
    """(relative path without extension) of every FITS tile, Allsky included."""
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.endswith(".fits") and name != "Moc.fits":
                yield os.path.join(dirpath, name[:-5])


def check_png(root, cmap, stretch, low=None, high=None):
    from PIL import Image
    import matplotlib
    props = properties(root)
    lo, hi = (float(x) for x in props["hips_pixel_cut"].split())
    table = np.round(np.asarray(matplotlib.colormaps["gray" if cmap == "grey" else cmap](np.arange(256)))[:, :3] * 255)
    fn = {"linear": lambda t: t, "sqrt": np.sqrt, "log": lambda t: np.log10(1 + 1000 * t) / 3,
          "asinh": lambda t: np.arcsinh(10 * t) / np.arcsinh(10)}[stretch]
    errors, pixels, files = [], 0, 0
    if props["hips_tile_format"].split() != ["fits", "png"]:
        errors.append(f"hips_tile_format = {props['hips_tile_format']}")
    for base in sorted(all_tiles(root)):
        data = fits.getdata(base + ".fits").astype(np.float64)[::-1]  # FITS rows bottom-up, PNG top-down
        png = np.asarray(Image.open(base + ".png").convert("RGBA")).astype(np.float64)
        files += 1
        if png.shape[:2] != data.shape:
            errors.append(f"{base}.png: {png.shape[:2]} vs {data.shape}")
            continue
        empty = np.isnan(data)
        if not np.array_equal(png[..., 3] == 0, empty) or not np.all(png[..., 3][~empty] == 255):
            errors.append(f"{base}.png: alpha is not 0 exactly where the FITS tile is empty")
        with np.errstate(invalid="ignore"):
            level = np.round(255 * fn(np.clip((data - lo) / (hi - lo), 0, 1)))
        rgb = png[..., :3][~empty]
        lv = level[~empty].astype(int)
        near = np.zeros(len(lv), dtype=bool)
        for d in (-1, 0, 1):
            near |= np.all(np.abs(rgb - table[np.clip(lv + d, 0, 255)]) <= 0.5, axis=1)
        pixels += len(lv)
        if not near.all():
            i = np.flatnonzero(~near)[0]
            errors.append(f"{base}.png: colour {rgb[i]} is not level {lv[i]} of {cmap} ({int((~near).sum())} bad)")
    if low is not None:
        k = int(props["hips_order"])
        values = np.concatenate([fits.getdata(b + ".fits").astype(np.float64).ravel() for b in all_tiles(os.path.join(root, f"Norder{k}"))
                                 if not b.endswith("Allsky")])
        want = np.percentile(values[~np.isnan(values)], [float(low.rstrip("%")), float(high.rstrip("%"))])
        if not np.allclose([lo, hi], want, rtol=1e-12, atol=0):
            errors.append(f"hips_pixel_cut {lo} {hi} is not the percentiles {want[0]} {want[1]}")
    print(json.dumps({"files": files, "pixels": pixels, "cut": [lo, hi], "errors": errors[:10]}))
    return 1 if errors else 0


def compare_alpha(ours, theirs):
    from PIL import Image
    errors, files = [], 0
    k = int(properties(ours)["hips_order"])
    for base in sorted(all_tiles(ours)):
        rel = os.path.relpath(base, ours) + ".png"
        if not (rel.startswith(f"Norder{k}{os.sep}") or rel.endswith("Allsky.png")):
            continue
        a = np.asarray(Image.open(os.path.join(ours, rel)).convert("RGBA"))[..., 3]
        b = np.asarray(Image.open(os.path.join(theirs, rel)).convert("RGBA"))[..., 3]
        files += 1
        if not np.array_equal(a == 0, b == 0):
            errors.append(f"{rel}: transparent pixels differ from hipsgen's ({int(((a == 0) != (b == 0)).sum())})")
    print(json.dumps({"files": files, "errors": errors[:10]}))
    return 1 if errors else 0


def check_allsky(root):
    props = properties(root)
    w = int(props["hips_tile_width"])
    sub = min(64, w)
    gap = w // sub
    sky = fits.getdata(os.path.join(root, "Norder3", "Allsky.fits")).astype(np.float64)
    errors = []
    if sky.shape != (29 * sub, 27 * sub):
        errors.append(f"Allsky.fits is {sky.shape}, not 29 x 27 tiles of {sub}")
    expect = np.full((29 * sub, 27 * sub), np.nan)
    tiles = 0
    for dirpath, _, files in os.walk(os.path.join(root, "Norder3")):
        for name in files:
            if name.startswith("Npix") and name.endswith(".fits"):
                n = int(name[4:-5])
                t = fits.getdata(os.path.join(dirpath, name)).astype(np.float64)[::-1]  # top row first
                import warnings
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    reduced = np.nanmean(t.reshape(sub, gap, sub, gap), axis=(1, 3))
                row, col = n // 27, n % 27
                expect[row * sub:(row + 1) * sub, col * sub:(col + 1) * sub] = reduced
                tiles += 1
    got = sky[::-1]  # the Allsky's FITS rows are bottom-up too
    bad = ~(np.isclose(got, expect, rtol=1e-6, atol=1e-6) | (np.isnan(got) & np.isnan(expect)))
    if bad.any():
        r, c = np.argwhere(bad)[0]
        errors.append(f"Allsky (top-down) row {r} col {c}: {got[r, c]} != block mean {expect[r, c]} ({int(bad.sum())} bad)")
    print(json.dumps({"tiles": tiles, "sub": sub, "nonempty": int(np.count_nonzero(~np.isnan(got))), "errors": errors[:10]}))
    return 1 if errors else 0


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "partial":
        write_partial(sys.argv[2])
    elif mode == "partial-2048":
        write_partial(sys.argv[2], nside=2048)
    elif mode == "png":
        sys.exit(check_png(*sys.argv[2:7]))
    elif mode == "compare-alpha":
        sys.exit(compare_alpha(sys.argv[2], sys.argv[3]))
    elif mode == "allsky":
        sys.exit(check_allsky(sys.argv[2]))
    elif mode == "partial-unique":
        write_partial(sys.argv[2], repeats=False)
    elif mode == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    elif mode == "ring":
        write_ring(sys.argv[2])
    elif mode == "check":
        sys.exit(check(*sys.argv[2:9]))
    elif mode == "nuniq":
        write_nuniq(sys.argv[2])
    else:
        sys.exit(f"unknown mode {mode}")

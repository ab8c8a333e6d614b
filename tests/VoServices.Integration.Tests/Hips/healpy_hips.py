"""Independent reference for the HiPS tests, with healpy (python3-healpy) and astropy.

  healpy_hips.py partial OUT.fits     a partial NESTED map, NSIDE 512: PIXEL, VALUE, IVAR, repeated cells
  healpy_hips.py partial-unique OUT.fits   the same without repeated cells (for hipsgen, which does not average)
  healpy_hips.py compare OURS HIPSGEN   tiles at hips_order agree (same tiles, values, empty cells)
  healpy_hips.py ring OUT.fits        a full-sky RING map, NSIDE 64, column SIGNAL
  healpy_hips.py check HIPS IN.fits VALUE [WEIGHT|-]
      every tile pixel at hips_order equals the (weighted) mean of the input measurements of the cell it
      maps to, and every lower-order pixel the mean of its non-empty children. Tile pixel (row, col), rows
      as stored (bottom-up), of tile N at order K, width w = 2^S: (x, y, face) = healpy's pix2xyf of N at
      order K; the cell is xyf2pix at order K+S of (x*w + w-1-row, y*w + col, face) -- the HiPS layout
      (hipsgen writes it; Aladin reads it); Moc.fits covers exactly the cells holding data. Prints a JSON summary; exits 1 on any mismatch.
"""
import json, os, sys
import numpy as np
import healpy as hp
from astropy.io import fits


def write_partial(path, repeats=True):
    nside = 512
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


def expected_map(path, column, weight):
    with fits.open(path) as f:
        h = f[1].header
        d = f[1].data
        nside = int(h["NSIDE"])
        npix = hp.nside2npix(nside)
        if "PIXEL" in d.columns.names:
            pix = np.asarray(d["PIXEL"], dtype=np.int64)
            v = np.asarray(d[column], dtype=np.float64)
        else:
            v = np.asarray(d[column], dtype=np.float64).ravel()
            pix = np.arange(npix)
            if h["ORDERING"].strip() == "RING":
                pix = hp.ring2nest(nside, pix)
        w = np.ones_like(v) if weight == "-" else np.asarray(d[weight], dtype=np.float64)
    good = ~np.isnan(v) & (v != hp.UNSEEN) & (w > 0)
    # Sparse: an order-16 map has 5e10 cells, far too many for a dense array.
    cells, inverse = np.unique(pix[good], return_inverse=True)
    return nside, SparseMap(cells, np.bincount(inverse, weights=(w * v)[good]) / np.bincount(inverse, weights=w[good]))


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


def check(root, path, column, weight):
    props = dict(l.split("=", 1) for l in open(os.path.join(root, "properties"), encoding="utf-8") if "=" in l and not l.startswith("#"))
    props = {k.strip(): v.strip() for k, v in props.items()}
    K, w, kmin = int(props["hips_order"]), int(props["hips_tile_width"]), int(props.get("hips_order_min", "0"))
    nside, exp = expected_map(path, column, weight)
    errors, checked = [], 0
    if hp.nside2order(nside) != K + int(np.log2(w)):
        errors.append(f"hips_order {K} + log2({w}) is not the map order {hp.nside2order(nside)}")
    tiles = {}
    for o in range(kmin, K + 1):
        for dirpath, _, files in os.walk(os.path.join(root, f"Norder{o}")):
            for name in files:
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
            with np.errstate(all="ignore"):
                import warnings
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    e = np.nanmean(np.stack(kids), axis=0)
            got = tiles[(o, n)]
            bad = ~(np.isclose(got, e, rtol=1e-5, atol=1e-5) | (np.isnan(got) & np.isnan(e)))
            checked += got.size
            if bad.any():
                r, c = np.argwhere(bad)[0]
                errors.append(f"order {o} tile {n} pixel row {r} col {c}: {got[r, c]} != mean of children {e[r, c]} ({bad.sum()} bad)")
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


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "partial":
        write_partial(sys.argv[2])
    elif mode == "partial-unique":
        write_partial(sys.argv[2], repeats=False)
    elif mode == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    elif mode == "ring":
        write_ring(sys.argv[2])
    elif mode == "check":
        sys.exit(check(*sys.argv[2:6]))
    else:
        sys.exit(f"unknown mode {mode}")

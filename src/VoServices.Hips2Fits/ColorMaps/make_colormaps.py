#!/usr/bin/python3
"""Writes colormaps.txt: each colour map hips2fits takes, as Matplotlib samples it at 256 levels (cmap(i/255), bytes=True).

Run by hand when the list changes: /usr/bin/python3 make_colormaps.py > colormaps.txt
The `_r` reverses are made in code from these tables.
"""
import numpy as np
from matplotlib import colormaps

NAMES = ["Greys", "gray", "viridis", "magma", "inferno", "plasma", "cividis", "Oranges", "rainbow", "turbo", "ocean",
         "Blues", "Greens", "Reds", "Purples", "hot", "afmhot", "bone", "cubehelix", "coolwarm", "RdBu", "Spectral",
         "jet", "twilight", "YlOrBr", "YlGnBu"]

print("# name  R G B of levels 0..255 as hex; from Matplotlib (colormaps[name](np.arange(256) / 255, bytes=True)).")
for name in NAMES:
    rgba = colormaps[name](np.arange(256) / 255.0, bytes=True)
    print(name, rgba[:, :3].astype(np.uint8).tobytes().hex())

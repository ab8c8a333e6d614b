"""Marching squares against contourpy: every vertex contourpy gives lies on one of our segments and every end of
our segments on one of contourpy's lines (within TOL pixels).

    contour_reference.py compare IN.json   (IN: {"width", "height", "data" (row after row, y up), "levels",
                                              "segments": [[[x0, y0, x1, y1], ...] per level]})

Prints one JSON line: {"levels": n, "reference_vertices": n, "our_segments": n, "errors": [...]}. Masked (NaN)
quads are left out by both (corner_mask=False), so the vertex sets agree whichever way a saddle is resolved.
"""
import json
import sys

import contourpy
import numpy as np

TOL = 1e-6


def distances(points, segments):
    """The distance of each point to the nearest segment (N × 2 points, M × 4 segments)."""
    if len(segments) == 0:
        return np.full(len(points), np.inf)
    p = points[:, None, :]
    a = segments[None, :, 0:2]
    b = segments[None, :, 2:4]
    ab = b - a
    length2 = np.maximum((ab ** 2).sum(axis=2), 1e-300)
    t = np.clip(((p - a) * ab).sum(axis=2) / length2, 0, 1)
    nearest = a + t[..., None] * ab
    return np.sqrt(((p - nearest) ** 2).sum(axis=2)).min(axis=1)


def compare(path):
    spec = json.load(open(path))
    w, h = spec["width"], spec["height"]
    z = np.ma.masked_invalid(np.array(spec["data"], dtype=float).reshape(h, w))
    generator = contourpy.contour_generator(np.arange(w), np.arange(h), z, name="serial", corner_mask=False,
                                            line_type=contourpy.LineType.Separate)
    errors, vertices, ours_count = [], 0, 0
    for level, ours in zip(spec["levels"], spec["segments"]):
        ours = np.array(ours, dtype=float).reshape(-1, 4)
        ours_count += len(ours)
        lines = generator.lines(level)
        reference = np.concatenate([np.stack([l[:-1], l[1:]], axis=1).reshape(-1, 4) for l in lines if len(l) > 1]) if lines else np.empty((0, 4))
        points = np.concatenate(lines) if lines else np.empty((0, 2))
        vertices += len(points)
        d = distances(points, ours)
        if len(points) and d.max() > TOL:
            errors.append(f"level {level}: a contourpy vertex {points[d.argmax()].tolist()} is {d.max():.3g} px from our segments")
        ends = np.concatenate([ours[:, 0:2], ours[:, 2:4]]) if len(ours) else np.empty((0, 2))
        d = distances(ends, reference)
        if len(ends) and d.max() > TOL:
            errors.append(f"level {level}: our end {ends[d.argmax()].tolist()} is {d.max():.3g} px from contourpy's lines")
        if (len(points) == 0) != (len(ours) == 0):
            errors.append(f"level {level}: contourpy has {len(points)} vertices, we {len(ours)} segments")
    print(json.dumps({"levels": len(spec["levels"]), "reference_vertices": vertices, "our_segments": ours_count, "errors": errors}))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "compare":
        sys.exit(__doc__)
    compare(sys.argv[2])

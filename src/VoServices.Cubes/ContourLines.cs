namespace VoServices.Cubes;

/// <summary>One straight piece of a contour, in 0-based pixel coordinates (pixel centres at whole numbers, FITS order: y = row).</summary>
public readonly record struct ContourSegment(double X0, double Y0, double X1, double Y1);

/// <summary>
/// Marching squares on a Width × Height map (FITS order, row after row): each cell of four neighbouring pixel centres
/// that the level separates gets one or two segments between the crossing points on its edges, each linearly
/// interpolated between the two corners. A cell with a NaN corner has none. A saddle (diagonal corners alike) is
/// resolved by the mean of the four corners, the cell's centre value: the corners on the centre's side are joined.
/// </summary>
public static class ContourLines
{
    public static IReadOnlyList<ContourSegment> Segments(ReadOnlySpan<float> map, int width, int height, double level)
    {
        if (map.Length < (long)width * height)
        {
            throw new ArgumentException($"a {width}×{height} map needs {width * height} values, not {map.Length}", nameof(map));
        }

        var segments = new List<ContourSegment>();
        for (var y = 0; y + 1 < height; y++)
        {
            for (var x = 0; x + 1 < width; x++)
            {
                // Corners anticlockwise from the lower left: a (x, y), b (x+1, y), c (x+1, y+1), d (x, y+1).
                double a = map[(y * width) + x], b = map[(y * width) + x + 1], c = map[((y + 1) * width) + x + 1], d = map[((y + 1) * width) + x];
                if (!(double.IsFinite(a) && double.IsFinite(b) && double.IsFinite(c) && double.IsFinite(d)))
                {
                    continue;
                }

                var index = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
                if (index is 0 or 15)
                {
                    continue;
                }

                // The crossing points on the bottom, right, top and left edges.
                var bottom = (x + Fraction(a, b, level), (double)y);
                var right = (x + 1.0, y + Fraction(b, c, level));
                var top = (x + Fraction(d, c, level), y + 1.0);
                var left = ((double)x, y + Fraction(a, d, level));
                var centreHigh = ((a + b + c + d) / 4) >= level;
                switch (index)
                {
                    case 1 or 14:
                        Add(segments, left, bottom);
                        break;
                    case 2 or 13:
                        Add(segments, bottom, right);
                        break;
                    case 3 or 12:
                        Add(segments, left, right);
                        break;
                    case 4 or 11:
                        Add(segments, right, top);
                        break;
                    case 6 or 9:
                        Add(segments, bottom, top);
                        break;
                    case 7 or 8:
                        Add(segments, left, top);
                        break;
                    case 5:
                        // a and c high: joined through a high centre, separated by a low one.
                        Add(segments, left, centreHigh ? top : bottom);
                        Add(segments, right, centreHigh ? bottom : top);
                        break;
                    default:
                        // 10: b and d high.
                        Add(segments, bottom, centreHigh ? left : right);
                        Add(segments, top, centreHigh ? right : left);
                        break;
                }
            }
        }

        return segments;
    }

    // Where the level falls between corner values p and q (0 at p, 1 at q); the corners lie on opposite sides of it.
    private static double Fraction(double p, double q, double level) => p == q ? 0.5 : (level - p) / (q - p);

    private static void Add(List<ContourSegment> segments, (double X, double Y) from, (double X, double Y) to) =>
        segments.Add(new ContourSegment(from.X, from.Y, to.X, to.Y));
}

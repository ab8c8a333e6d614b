using VoServices.Fits;
using VoServices.Fits.Sky;

namespace VoServices.Hips;

/// <summary>
/// The coverage of a built HiPS as a MOC 2.0 space MOC (`Moc.fits`): the cells, at <see cref="Order"/>, that
/// hold data, in canonical form (complete sets of four siblings merged into their parent, ascending NUNIQ).
/// </summary>
public sealed record HipsMoc(int Order, IReadOnlyList<long> Nuniq)
{
    /// <summary>The canonical MOC of <paramref name="cells"/> (NESTED indices at <paramref name="order"/>).</summary>
    public static HipsMoc FromCells(int order, IEnumerable<long> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var level = cells.Distinct().Order().ToList();
        var result = new List<long>();
        for (var o = order; o >= 0; o--)
        {
            var parents = new List<long>();
            for (var i = 0; i < level.Count;)
            {
                // Sorted: four siblings are four consecutive indices starting at a multiple of 4.
                if (o > 0 && (level[i] & 3) == 0 && i + 3 < level.Count && level[i + 3] == level[i] + 3)
                {
                    parents.Add(level[i] >> 2);
                    i += 4;
                }
                else
                {
                    result.Add(Healpix.ToNuniq(o, level[i]));
                    i++;
                }
            }

            level = parents;
        }

        result.Sort();
        return new HipsMoc(order, result);
    }

    /// <summary>The fraction of the sky covered: a cell of order o is 1 / (12 · 4^o) of it.</summary>
    public double SkyFraction => Nuniq.Sum(u => 1.0 / (12.0 * Math.Pow(4, Healpix.FromNuniq(u).Order)));

    /// <summary>
    /// The view `hips_initial_ra/dec/fov` suggest, in ICRS degrees as the standard asks: the area-weighted mean
    /// direction of the cells, and a field twice the largest distance from it to a cell centre plus that
    /// cell's size (at most 180°). A MOC spread evenly over the sky has no mean direction: (0, 0), 180°.
    /// </summary>
    public (double Ra, double Dec, double Fov) InitialView(HipsFrame frame)
    {
        var cells = Nuniq.Select(u => Healpix.FromNuniq(u)).Select(c => (c.Order, Centre: Healpix.Centre(c.Order, c.Ipix))).ToList();
        var sum = new Vector3(0, 0, 0);
        foreach (var (order, centre) in cells)
        {
            sum += centre.ToVector() * Math.Pow(4, -order);
        }

        if (sum.Length < 1e-6 * SkyFraction * 12)
        {
            return (0, 0, 180);
        }

        var mean = SkyPoint.FromVector(sum.Normalized());
        var radius = cells.Max(c => mean.DistanceTo(c.Centre) + CellSize(c.Order));
        var (ra, dec) = frame.ToIcrs(mean);
        return (ra, dec, Math.Min(180, 2 * radius));
    }

    // The side of a cell of order o, in degrees: √(4π / (12 · 4^o)) radians.
    private static double CellSize(int order) => Math.Sqrt(4 * Math.PI / (12 * Math.Pow(4, order))) * 180 / Math.PI;

    /// <summary>
    /// Writes the MOC as FITS: an empty primary HDU and a one-column NUNIQ table with the MOC 2.0 keywords,
    /// plus MOCORDER so MOC 1.1 readers follow. COORDSYS names the HiPS frame (the MOC is in the HiPS's frame).
    /// </summary>
    public void Write(string path, HipsFrame frame)
    {
        using var writer = new FitsWriter(File.Create(path));
        writer.WriteEmptyPrimary();
        var header = new FitsHeaderBuilder()
            .Set("MOCVERS", "2.0", "MOC version")
            .Set("MOCDIM", "SPACE", "Physical dimension")
            .Set("ORDERING", "NUNIQ", "NUNIQ coding method")
            .Set("COORDSYS", frame switch { HipsFrame.Galactic => "G", HipsFrame.Ecliptic => "E", _ => "C" }, "Coordinate system")
            .Set("MOCORD_S", Order, "MOC resolution (best order)")
            .Set("MOCORDER", Order, "MOC resolution (MOC 1.1 name)")
            .Set("MOCTOOL", HipsBuilder.Builder);
        writer.WriteBinTable([FitsTableColumn.Int64("UNIQ", [.. Nuniq])], header);
    }
}

using VoServices.Fits;

namespace VoServices.Hips;

/// <summary>Opens a HEALPix table as the kind of map it is: a NUNIQ multi-order map, or a single-order one (NESTED/RING, full-sky or partial).</summary>
public static class HealpixTables
{
    /// <summary>
    /// The map in the first binary table of <paramref name="path"/>. <paramref name="order"/> (`--order`) applies to
    /// NUNIQ maps only, the order their cells are expanded to; a single-order map keeps its NSIDE.
    /// </summary>
    public static IHealpixCellSource Open(string path, string valueColumn, string? weightColumn, int? order = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (hdu, where) = HealpixMap.FindTable(path);
        bool nuniq;
        using (var table = new FitsBinTable(FitsReader.OpenRead(path), hdu, leaveOpen: false))
        {
            nuniq = NuniqMap.IsNuniq(hdu, table);
        }

        if (nuniq)
        {
            return NuniqMap.Open(path, hdu, valueColumn, weightColumn, order);
        }

        if (order is not null)
        {
            throw new HealpixMapException(
                $"{where}: --order applies to NUNIQ (multi-order) maps, point tables and images; this map's order is its NSIDE.", "--order");
        }

        return HealpixMap.Open(path, valueColumn, weightColumn);
    }
}

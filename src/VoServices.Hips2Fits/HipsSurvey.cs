using System.Globalization;
using System.Numerics;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Fits.Wcs;
using VoServices.Hips;
using HipsProperties = VoServices.Products.HipsProperties;

namespace VoServices.Hips2Fits;

/// <summary>
/// A served HiPS as a cutout reads it: its `properties` (orders, tile width, frame, unit) and its MOC as sorted
/// ranges of order-29 cells. <see cref="Generation"/> changes when the HiPS is rebuilt (the properties file is
/// rewritten), so cached tiles of the old build are never mixed with the new.
/// </summary>
public sealed class HipsSurvey
{
    private readonly long[] _mocStarts;
    private readonly long[] _mocEnds;

    private HipsSurvey(string name, string root, IReadOnlyDictionary<string, string> properties, long generation, long[] starts, long[] ends, HipsFrame? mocFrame)
    {
        Name = name;
        Root = root;
        Generation = generation;
        Properties = properties;
        Order = Integer(properties, "hips_order") ?? throw new Hips2FitsException("HiPS not usable", $"{name}: its properties have no hips_order", 404);
        MinOrder = Math.Clamp(Integer(properties, "hips_order_min") ?? 0, 0, Order);
        TileWidth = Integer(properties, "hips_tile_width") ?? 512;
        if (TileWidth < 1 || !BitOperations.IsPow2(TileWidth) || Order + Depth > Healpix.MaxOrder)
        {
            throw new Hips2FitsException("HiPS not usable", $"{name}: hips_tile_width {TileWidth} with hips_order {Order} is not a HiPS tiling", 404);
        }

        Frame = properties.GetValueOrDefault("hips_frame")?.Trim().ToLowerInvariant() switch
        {
            "galactic" => HipsFrame.Galactic,
            "ecliptic" => HipsFrame.Ecliptic,
            _ => HipsFrame.Equatorial,
        };
        HasFitsTiles = (properties.GetValueOrDefault("hips_tile_format") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Contains("fits", StringComparer.OrdinalIgnoreCase);
        Unit = properties.GetValueOrDefault("hips_bunit") is { Length: > 0 } unit ? unit : null;
        CreatorDid = properties.GetValueOrDefault("creator_did");
        _mocStarts = starts;
        _mocEnds = ends;
        MocFrame = mocFrame;
    }

    /// <summary>The name the service knows it by: collection/obs_id.</summary>
    public string Name { get; }

    public string Root { get; }

    public long Generation { get; }

    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>hips_order: the deepest tile order.</summary>
    public int Order { get; }

    public int MinOrder { get; }

    public int TileWidth { get; }

    /// <summary>log2(tile width): a tile at order k holds cells of order k + Depth.</summary>
    public int Depth => BitOperations.Log2((uint)TileWidth);

    public HipsFrame Frame { get; }

    public bool HasFitsTiles { get; }

    public string? Unit { get; }

    public string? CreatorDid { get; }

    /// <summary>The frame of the MOC's cells (its COORDSYS), or null when the HiPS has no Moc.fits.</summary>
    public HipsFrame? MocFrame { get; }

    /// <summary>The celestial frame of <see cref="Frame"/> for <see cref="SkyFrames"/>.</summary>
    public CelestialFrame CelestialFrame => Frame switch
    {
        HipsFrame.Galactic => new CelestialFrame(CelestialFrameKind.Galactic, null, "GALACTIC"),
        HipsFrame.Ecliptic => new CelestialFrame(CelestialFrameKind.Ecliptic, 2000, "ECLIPTIC"),
        _ => new CelestialFrame(CelestialFrameKind.Icrs, null, "ICRS"),
    };

    /// <summary>Reads the HiPS at <paramref name="root"/> (a directory of the product catalogue, never a request path).</summary>
    public static HipsSurvey Open(string name, string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var propertiesPath = Path.Combine(root, HipsProperties.PropertiesFile);
        if (!File.Exists(propertiesPath))
        {
            throw new Hips2FitsException("HiPS not found", $"{name} has no properties file on this server", 404);
        }

        var properties = HipsProperties.ReadProperties(propertiesPath);
        var generation = File.GetLastWriteTimeUtc(propertiesPath).Ticks;
        var (starts, ends, frame) = ReadMoc(Path.Combine(root, "Moc.fits"));
        return new HipsSurvey(name, root, properties, generation, starts, ends, frame);
    }

    /// <summary>
    /// Whether the MOC holds any part of nested cell <paramref name="ipix"/> at <paramref name="order"/> (in the MOC's
    /// frame); true when the HiPS has no MOC, as its coverage is then unknown.
    /// </summary>
    public bool MocOverlaps(int order, long ipix)
    {
        if (MocFrame is null)
        {
            return true;
        }

        var shift = 2 * (Healpix.MaxOrder - order);
        var (start, end) = (ipix << shift, (ipix + 1) << shift);
        // The first range ending after start: it overlaps when it also begins before end.
        var i = Array.BinarySearch(_mocEnds, start);
        i = i < 0 ? ~i : i + 1;
        return i < _mocStarts.Length && _mocStarts[i] < end;
    }

    /// <summary>The path below <see cref="Root"/> of a FITS tile.</summary>
    public string TilePath(int order, long npix) => Path.Combine(Root, HipsTile.PathOf(order, npix, "fits"));

    // The MOC as merged [start, end) ranges at order 29.
    private static (long[] Starts, long[] Ends, HipsFrame? Frame) ReadMoc(string path)
    {
        if (!File.Exists(path))
        {
            return ([], [], null);
        }

        try
        {
            var hdu = FitsReader.ReadHdus(path).FirstOrDefault(h => h.IsBinTable);
            if (hdu is null)
            {
                return ([], [], null);
            }

            var frame = hdu.Header.GetString("COORDSYS")?.Trim().ToUpperInvariant() is "G" or "GALACTIC" ? HipsFrame.Galactic : HipsFrame.Equatorial;
            using var table = FitsBinTable.Open(path, hdu);
            var column = table.Columns.FirstOrDefault();
            if (column is null || table.RowWidth == 0)
            {
                return ([], [], null);
            }

            var ranges = new List<(long Start, long End)>((int)Math.Min(table.RowCount, 1 << 20));
            var buffer = new byte[table.RowWidth * 4096];
            for (long row = 0; row < table.RowCount;)
            {
                var n = table.ReadRawRows(row, buffer);
                for (var i = 0; i < n; i++)
                {
                    if (FitsBinTable.DecodeInteger(column, buffer.AsSpan(i * table.RowWidth, table.RowWidth)) is { } nuniq && nuniq >= 4)
                    {
                        var (order, ipix) = Healpix.FromNuniq(nuniq);
                        var shift = 2 * (Healpix.MaxOrder - order);
                        ranges.Add((ipix << shift, (ipix + 1) << shift));
                    }
                }

                row += n;
            }

            ranges.Sort();
            var starts = new List<long>();
            var ends = new List<long>();
            foreach (var (start, end) in ranges)
            {
                if (ends.Count > 0 && start <= ends[^1])
                {
                    ends[^1] = Math.Max(ends[^1], end);
                }
                else
                {
                    starts.Add(start);
                    ends.Add(end);
                }
            }

            return ([.. starts], [.. ends], frame);
        }
        catch (FitsFormatException)
        {
            // An unreadable MOC says nothing about the coverage: cut without the shortcut.
            return ([], [], null);
        }
    }

    private static int? Integer(IReadOnlyDictionary<string, string> properties, string key) =>
        properties.GetValueOrDefault(key) is { } text && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}

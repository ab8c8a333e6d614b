using System.Globalization;
using VoServices.Fits.Sky;
using VoServices.Fits.Wcs;

namespace VoServices.Hips;

/// <summary>
/// What `vo hips build --points` reads: which columns hold the position, the value, its weight and
/// the disc radius (one fixed <paramref name="RadiusDegrees"/> or a <paramref name="RadiusColumn"/>),
/// and the HEALPix order and frame to spread the points at.
/// </summary>
/// <param name="RadiusUnit">The radius column's unit when the table declares none (CSV), e.g. "arcsec".</param>
public sealed record PointMapSpec(
    int Order,
    string ValueColumn,
    string? WeightColumn = null,
    double? RadiusDegrees = null,
    string? RadiusColumn = null,
    string? RadiusUnit = null,
    string RaColumn = "ra",
    string DecColumn = "dec",
    HipsFrame Frame = HipsFrame.Equatorial);

/// <summary>
/// Point measurements (ICRS ra, dec, value[, weight][, radius]) as HEALPix cells: each row is spread over
/// the cells at <see cref="Order"/> whose centres lie in its disc (<see cref="HealpixDisc"/>, healpy's
/// query_disc with inclusive=False), each cell carrying the row's value and weight, so that the builder
/// combines overlapping measurements exactly as repeated cells of a HEALPix table — the LVM recipe
/// without its intermediate table. As in <see cref="HealpixMap"/>, a NaN value or a zero weight is no
/// measurement; bad positions, weights and radii throw, naming the file and row.
/// </summary>
/// <param name="RowCount">The table's rows, 0 when unknown before reading (CSV, VOTable).</param>
/// <param name="RadiusUnitDegrees">Degrees per unit of the radius column (0 with a fixed radius).</param>
public sealed record PointMap(string Path, PointMapSpec Spec, long RowCount, double RadiusUnitDegrees) : IHealpixCellSource
{
    /// <summary>The most cells one row may cover (about 80 MB of measurements): beyond it the order or radius is a mistake.</summary>
    public const int MaxCellsPerRow = 1 << 22;

    // Rows read per block; a block is spread in sub-batches of about this many cells, split over the cores.
    private const int BlockRows = 4096;
    private const double BatchCells = 1 << 20;

    public int Order => Spec.Order;

    public HipsFrame Frame => Spec.Frame;

    public string ValueColumn => Spec.ValueColumn;

    public string? ValueUnit { get; init; }

    public bool Weighted => Spec.WeightColumn is not null;

    private IReadOnlyList<(string Name, string Option)> Columns => ColumnsOf(Spec);

    // The requested columns in this order: ra, dec, value, then the weight and the radius when given.
    private static List<(string Name, string Option)> ColumnsOf(PointMapSpec spec) =>
    [
        (spec.RaColumn, "--ra"),
        (spec.DecColumn, "--dec"),
        (spec.ValueColumn, "--column"),
        .. spec.WeightColumn is null ? Array.Empty<(string, string)>() : [(spec.WeightColumn, "--weight")],
        .. spec.RadiusColumn is null ? Array.Empty<(string, string)>() : [(spec.RadiusColumn, "--radius-column")],
    ];

    /// <summary>Checks the spec and finds its columns in <paramref name="path"/> (a FITS table, VOTable or CSV).</summary>
    public static PointMap Open(string path, PointMapSpec spec)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Order is < 0 or > Healpix.MaxOrder)
        {
            throw new ArgumentException($"--order {spec.Order} must be from 0 to {Healpix.MaxOrder}.", nameof(spec));
        }

        if ((spec.RadiusDegrees is null) == (spec.RadiusColumn is null))
        {
            throw new ArgumentException("give either --radius ANGLE or --radius-column NAME for the points' discs.", nameof(spec));
        }

        if (spec.RadiusDegrees is { } r && RadiusProblem(r, spec.Order) is { } problem)
        {
            throw new HealpixMapException($"--radius {r.ToString("R", CultureInfo.InvariantCulture)}°: {problem}");
        }

        var columns = ColumnsOf(spec);
        using var table = PointTable.Open(path, columns);
        double unit = 0;
        if (spec.RadiusColumn is not null)
        {
            var name = spec.RadiusUnit ?? table.Unit(columns.Count - 1)
                ?? throw new HealpixMapException($"{path}: radius column '{spec.RadiusColumn}' declares no unit; give --radius-unit (deg, arcmin, arcsec or mas).");
            unit = AngleUnits.Degrees(name)
                ?? throw new HealpixMapException($"{path}: radius column '{spec.RadiusColumn}' has unit '{name}', not an angle (deg, arcmin, arcsec, mas, rad).");
        }

        return new PointMap(path, spec, table.RowCount, unit) { ValueUnit = table.Unit(2) };
    }

    public IEnumerable<(ReadOnlyMemory<HealpixCell> Cells, long RowsRead)> ReadCells(int chunkRows = 65536, CancellationToken cancellationToken = default)
    {
        var columns = Columns;
        var width = columns.Count;
        var weightAt = Spec.WeightColumn is null ? -1 : 3;
        var radiusAt = Spec.RadiusColumn is null ? -1 : width - 1;
        var frame = Spec.Frame == HipsFrame.Equatorial ? null : Spec.Frame.Celestial();
        var blockRows = Math.Clamp(chunkRows, 1, BlockRows);
        var values = new double[blockRows * width];
        var lon = new double[blockRows];
        var lat = new double[blockRows];
        var points = new List<Point>(blockRows);
        var parts = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Spreader(Order)).ToArray();
        var output = new HealpixCell[1 << 16];
        long rowsRead = 0;
        using var table = PointTable.Open(Path, columns);
        while (table.Read(values, blockRows, cancellationToken) is var n and > 0)
        {
            for (var r = 0; r < n; r++)
            {
                (lon[r], lat[r]) = (values[r * width], values[(r * width) + 1]);
                CheckPosition(lon[r], lat[r], rowsRead + r + 1);
            }

            if (frame is not null)
            {
                SkyFrames.FromIcrs(frame, lon.AsSpan(0, n), lat.AsSpan(0, n), lon, lat);
            }

            // Rows are checked in order here, so the first bad row is the one reported.
            points.Clear();
            for (var r = 0; r < n; r++)
            {
                var row = rowsRead + r + 1;
                var value = values[(r * width) + 2];
                var weight = weightAt < 0 ? 1.0 : values[(r * width) + weightAt];
                if (weightAt >= 0)
                {
                    CellWeights.Check(weight, Path, row - 1, Spec.WeightColumn!);
                }

                var radius = radiusAt < 0 ? Spec.RadiusDegrees!.Value : values[(r * width) + radiusAt] * RadiusUnitDegrees;
                if (radiusAt >= 0 && RadiusProblem(radius, Order) is { } problem)
                {
                    throw new HealpixMapException(
                        $"{Path}: row {row}: radius column '{Spec.RadiusColumn}' = {values[(r * width) + radiusAt].ToString("R", CultureInfo.InvariantCulture)}: {problem}");
                }

                if (double.IsNaN(value) || weight == 0)
                {
                    continue;
                }

                points.Add(new Point(new SkyPoint(lon[r], lat[r]).ToVector(), radius * Math.PI / 180, value, weight));
            }

            // Sub-batches of about BatchCells cells, each split into contiguous parts per core and
            // concatenated in row order, so the builder sees the same cells in the same order every run.
            for (var first = 0; first < points.Count;)
            {
                var end = first;
                double cells = 0;
                while (end < points.Count && (end == first || cells < BatchCells))
                {
                    cells += HealpixDisc.EstimatedCells(Order, points[end++].Radius);
                }

                var batch = points.GetRange(first, end - first);
                var per = (batch.Count + parts.Length - 1) / parts.Length;
                Parallel.For(0, parts.Length, new ParallelOptions { CancellationToken = cancellationToken }, p =>
                    parts[p].Spread(batch, p * per, Math.Min(batch.Count, (p + 1) * per)));
                var total = parts.Sum(p => p.Cells.Count);
                if (output.Length < total)
                {
                    output = new HealpixCell[Math.Max(total, output.Length * 2)];
                }

                var at = 0;
                foreach (var part in parts)
                {
                    part.Cells.CopyTo(output, at);
                    at += part.Cells.Count;
                }

                first = end;
                yield return (output.AsMemory(0, total), first < points.Count ? rowsRead : rowsRead + n);
            }

            rowsRead += n;
            if (points.Count == 0)
            {
                yield return (ReadOnlyMemory<HealpixCell>.Empty, rowsRead);
            }
        }
    }

    private void CheckPosition(double ra, double dec, long row)
    {
        if (!double.IsFinite(ra) || !double.IsFinite(dec) || Math.Abs(dec) > 90)
        {
            throw new HealpixMapException(string.Create(CultureInfo.InvariantCulture,
                $"{Path}: row {row}: position ({Spec.RaColumn} = {ra:R}, {Spec.DecColumn} = {dec:R}) is not on the sky: RA must be finite and Dec from −90 to 90 degrees."));
        }
    }

    /// <summary>Why a disc radius (degrees) is refused at <paramref name="order"/>, or null when it is fine.</summary>
    private static string? RadiusProblem(double degrees, int order)
    {
        if (!(degrees > 0) || degrees > HealpixDisc.MaxRadiusDegrees)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the disc radius must be above 0 and at most {HealpixDisc.MaxRadiusDegrees}°.");
        }

        var cells = HealpixDisc.EstimatedCells(order, degrees * Math.PI / 180);
        return cells <= MaxCellsPerRow
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"a disc of {degrees * 3600:G4}″ covers about {cells:G3} cells at order {order}, more than {MaxCellsPerRow} per point; lower --order or the radius.");
    }

    private readonly record struct Point(Vector3 Centre, double Radius, double Value, double Weight);

    /// <summary>One core's share of a batch: its cells, and the scratch list of one disc.</summary>
    private sealed class Spreader(int order)
    {
        private readonly List<long> _disc = [];

        public List<HealpixCell> Cells { get; } = [];

        public void Spread(List<Point> points, int from, int to)
        {
            Cells.Clear();
            for (var i = from; i < to; i++)
            {
                var p = points[i];
                _disc.Clear();
                HealpixDisc.Query(order, p.Centre, p.Radius, _disc);
                foreach (var cell in _disc)
                {
                    Cells.Add(new HealpixCell(cell, p.Value, p.Weight));
                }
            }
        }
    }
}

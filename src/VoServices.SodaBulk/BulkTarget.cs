using System.Globalization;
using VoServices.Dali;
using VoServices.Dali.Votable;

namespace VoServices.SodaBulk;

/// <summary>
/// One target of a bulk cutout job: a position (ICRS degrees) and the size of its cutout, a circle of
/// <see cref="Radius"/> or a square of side <see cref="Size"/> (degrees), with an optional band and Stokes states.
/// </summary>
/// <param name="Row">1-based row of the target list (the manifest's `target`).</param>
public sealed record BulkTarget(int Row, string? Id, double Ra, double Dec, double? Radius, double? Size, DaliInterval? Band, IReadOnlyList<string> Pol)
{
    /// <summary>The largest radius or size taken (degrees): a cutout is a cutout, not a survey.</summary>
    public const double MaxExtent = 10;

    /// <summary>The region SODA cuts: the circle, or the square on the tangent plane at the target (as a polygon).</summary>
    public DaliShape Region()
    {
        if (Radius is { } r)
        {
            return new DaliCircle(Ra, Dec, r);
        }

        var half = Size!.Value / 2 * Math.PI / 180;
        (double, double) Corner(double xi, double eta)
        {
            // Gnomonic deprojection of (ξ, η) at (Ra, Dec).
            var (a0, d0) = (Ra * Math.PI / 180, Dec * Math.PI / 180);
            var rho = Math.Sqrt((xi * xi) + (eta * eta));
            var c = Math.Atan(rho);
            var dec = Math.Asin((Math.Cos(c) * Math.Sin(d0)) + (eta * Math.Sin(c) * Math.Cos(d0) / rho));
            var ra = a0 + Math.Atan2(xi * Math.Sin(c), (rho * Math.Cos(d0) * Math.Cos(c)) - (eta * Math.Sin(d0) * Math.Sin(c)));
            return (((ra * 180 / Math.PI) + 360) % 360, dec * 180 / Math.PI);
        }

        return new DaliPolygon([Corner(-half, -half), Corner(half, -half), Corner(half, half), Corner(-half, half)]);
    }
}

/// <summary>
/// Reads a target list: a VOTable (first TABLE) or CSV with a header line, columns `ra`, `dec` (degrees), `radius` or
/// `size` (degrees, 0 &lt; x ≤ 10), optional `id`, `band_min`/`band_max` (m) and `pol` (space-separated Stokes states);
/// names case-insensitive. Every row is checked before any work: the first bad one is an error naming its row and column.
/// </summary>
public static class BulkTargetList
{
    public static IReadOnlyList<BulkTarget> Read(Stream stream, int maxTargets)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffered = new BufferedStream(stream, 1 << 16);
        return IsXml(buffered) ? ReadVotable(buffered, maxTargets) : ReadCsv(buffered, maxTargets);
    }

    private static bool IsXml(BufferedStream stream)
    {
        Span<byte> head = stackalloc byte[64];
        var n = stream.Read(head);
        stream.Seek(-n, SeekOrigin.Current);
        return VotableTableReader.LooksLikeXml(head[..n]);
    }

    private static List<BulkTarget> ReadVotable(Stream stream, int maxTargets)
    {
        try
        {
            using var reader = VotableTableReader.Open(stream);
            var columns = new Columns(reader.Fields.Select(f => f.Name).ToList());
            var targets = new List<BulkTarget>();
            foreach (var row in reader.ReadRows())
            {
                Add(targets, maxTargets, columns, i => row[i] switch
                {
                    null => null,
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString(),
                });
            }

            return targets;
        }
        catch (VotableFormatException e)
        {
            throw Bad($"the target list is not a readable VOTable: {e.Message}");
        }
    }

    private static List<BulkTarget> ReadCsv(Stream stream, int maxTargets)
    {
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine() ?? throw Bad("the target list is empty; give a VOTable or CSV with a header line (ra,dec,radius or size, ...)");
        var columns = new Columns(Split(header).Select(c => c.Trim()).ToList());
        var targets = new List<BulkTarget>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var cells = Split(line);
            Add(targets, maxTargets, columns, i => i < cells.Count && cells[i].Trim().Length > 0 ? cells[i].Trim() : null);
        }

        return targets;
    }

    // Commas separate cells; a cell in double quotes may hold commas ("" is a quote).
    private static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private static void Add(List<BulkTarget> targets, int maxTargets, Columns columns, Func<int, string?> cell)
    {
        var row = targets.Count + 1;
        if (row > maxTargets)
        {
            throw new DaliException(DaliErrorKind.TooLarge, $"UPLOAD: the target list has more than {maxTargets} rows, the most one job takes; split it into several jobs", "UPLOAD");
        }

        string? Text(int? column) => column is { } c ? cell(c) : null;
        double? Number(string name, int? column)
        {
            if (Text(column) is not { } text)
            {
                return null;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v
                : throw Bad($"row {row}: {name} '{DaliParameters.Shorten(text)}' is not a finite number");
        }

        var ra = Number("ra", columns.Ra) ?? throw Bad($"row {row}: ra is empty");
        var dec = Number("dec", columns.Dec) ?? throw Bad($"row {row}: dec is empty");
        var radius = Number("radius", columns.Radius);
        var size = Number("size", columns.Size);
        if (ra is < 0 or >= 360)
        {
            throw Bad($"row {row}: ra {ra} is outside [0, 360) degrees");
        }

        if (dec is < -90 or > 90)
        {
            throw Bad($"row {row}: dec {dec} is outside [-90, 90] degrees");
        }

        if ((radius is null) == (size is null))
        {
            throw Bad($"row {row}: give either radius or size (degrees), {(radius is null ? "neither is there" : "not both")}");
        }

        if ((radius ?? size) is not (> 0 and <= BulkTarget.MaxExtent) and var extent)
        {
            throw Bad($"row {row}: {(radius is null ? "size" : "radius")} {extent} must be above 0 and at most {BulkTarget.MaxExtent} degrees");
        }

        var (low, high) = (Number("band_min", columns.BandMin), Number("band_max", columns.BandMax));
        DaliInterval? band = low is null && high is null ? null : new DaliInterval(low ?? double.NegativeInfinity, high ?? double.PositiveInfinity);
        if (band is { } b && !(b.Lower <= b.Upper))
        {
            throw Bad($"row {row}: band_min {b.Lower} is above band_max {b.Upper}");
        }

        var pol = (Text(columns.Pol) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var state in pol.Where(p => !Soda.SodaRequest.StokesCodes.ContainsKey(p)))
        {
            throw Bad($"row {row}: pol '{DaliParameters.Shorten(state)}' is not a polarisation state ({string.Join(' ', Soda.SodaRequest.StokesCodes.Keys)})");
        }

        targets.Add(new BulkTarget(row, Text(columns.Id), ra, dec, radius, size, band, pol.Distinct(StringComparer.Ordinal).ToArray()));
    }

    private static DaliException Bad(string message) => DaliException.BadParameter("UPLOAD", "target list: " + message);

    /// <summary>Where each known column is (case-insensitive names); ra, dec and radius or size are required.</summary>
    private sealed class Columns
    {
        public Columns(IReadOnlyList<string> names)
        {
            int? Find(string name) => names.Select((n, i) => (n, i)).Where(x => x.n.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(x => (int?)x.i).FirstOrDefault();
            Ra = Find("ra") ?? throw Bad($"no column ra; the columns are {string.Join(", ", names)} (need ra, dec and radius or size, in degrees)");
            Dec = Find("dec") ?? throw Bad($"no column dec; the columns are {string.Join(", ", names)}");
            Radius = Find("radius");
            Size = Find("size");
            if (Radius is null && Size is null)
            {
                throw Bad($"no column radius or size (degrees); the columns are {string.Join(", ", names)}");
            }

            Id = Find("id");
            BandMin = Find("band_min");
            BandMax = Find("band_max");
            Pol = Find("pol");
        }

        public int? Ra { get; }

        public int? Dec { get; }

        public int? Radius { get; }

        public int? Size { get; }

        public int? Id { get; }

        public int? BandMin { get; }

        public int? BandMax { get; }

        public int? Pol { get; }
    }
}

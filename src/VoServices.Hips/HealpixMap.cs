using System.Globalization;
using VoServices.Fits;
using VoServices.Fits.Sky;

namespace VoServices.Hips;

/// <summary>How a HEALPix table gives its cells' indices.</summary>
public enum HealpixIndexScheme
{
    /// <summary>Full-sky map: the cell index is the element's position in the value column.</summary>
    Implicit,

    /// <summary>Partial map: a pixel column gives each row's cell.</summary>
    Explicit,
}

/// <summary>
/// A HEALPix map in a FITS binary table (the HEALPix/healpy/hipsgen convention: PIXTYPE, ORDERING, NSIDE,
/// INDXSCHM, OBJECT, COORDSYS), described from its header; <see cref="ReadCells"/> streams its cells.
/// </summary>
public sealed record HealpixMap(
    string Path,
    FitsHdu Hdu,
    int Order,
    bool Ring,
    HealpixIndexScheme Scheme,
    FitsColumn? Pixel,
    FitsColumn Value,
    FitsColumn? Weight,
    HipsFrame Frame) : IHealpixCellSource
{
    private static readonly string[] PixelColumnNames = ["PIXEL", "PIX", "IPIX"];

    /// <summary>NAXIS2: the table's rows.</summary>
    public long RowCount => Hdu.Axes[1];

    /// <summary>Finds the first binary table of <paramref name="path"/> and describes it as a HEALPix map.</summary>
    public static HealpixMap Open(string path, string valueColumn, string? weightColumn)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(valueColumn);
        var (hdu, where) = FindTable(path);
        var h = hdu.Header;
        var nside = h.GetLong("NSIDE") ?? throw new HealpixMapException($"{where}: keyword NSIDE is missing; it is not a HEALPix map.");
        var order = Healpix.OrderOf(nside) ?? throw new HealpixMapException($"{where}: NSIDE = {nside} is not a power of two from 1 to 2^{Healpix.MaxOrder}.");
        var ordering = h.GetString("ORDERING")?.Trim().ToUpperInvariant();
        var ring = ordering switch
        {
            "NESTED" => false,
            "RING" => true,
            null => throw new HealpixMapException($"{where}: keyword ORDERING is missing; it must be 'NESTED' or 'RING'."),
            "NUNIQ" => throw new HealpixMapException($"{where}: ORDERING = 'NUNIQ' is a multi-order map: read it as a NuniqMap (HealpixTables.Open)."),
            _ => throw new HealpixMapException($"{where}: ORDERING = '{ordering}'; HEALPix map orderings are 'NESTED', 'RING' and 'NUNIQ'."),
        };
        var frame = HipsFrames.FromCoordsys(h.GetString("COORDSYS"), where);

        using var table = new FitsBinTable(FitsReader.OpenRead(path), hdu, leaveOpen: false);
        var explicitByHeader = string.Equals(h.GetString("INDXSCHM")?.Trim(), "EXPLICIT", StringComparison.OrdinalIgnoreCase)
            || string.Equals(h.GetString("OBJECT")?.Trim(), "PARTIAL", StringComparison.OrdinalIgnoreCase);
        var pixel = PixelColumnNames.Select(table.FindColumn).FirstOrDefault(c => c is not null);
        var scheme = explicitByHeader || pixel is not null ? HealpixIndexScheme.Explicit : HealpixIndexScheme.Implicit;
        if (scheme == HealpixIndexScheme.Explicit)
        {
            // INDXSCHM='EXPLICIT' without a conventionally named column: the HEALPix convention puts the index first.
            pixel ??= table.Columns.Count > 0 ? table.Columns[0] : null;
            if (pixel is null || pixel.Type is not ('B' or 'I' or 'J' or 'K') || pixel.Repeat != 1)
            {
                throw new HealpixMapException($"{where}: an explicit (partial) map needs a scalar integer pixel column named PIXEL, PIX or IPIX.");
            }
        }

        var value = FindNumeric(table, valueColumn, where, "--column");
        var weight = weightColumn is null ? null : FindNumeric(table, weightColumn, where, "--weight");
        if (scheme == HealpixIndexScheme.Explicit && (value.Repeat != 1 || weight is { Repeat: not 1 }))
        {
            throw new HealpixMapException($"{where}: in an explicit map the value and weight columns must hold one number per row.");
        }

        if (scheme == HealpixIndexScheme.Implicit)
        {
            var cells = 12L << (2 * order);
            if (table.RowCount * value.Repeat != cells)
            {
                throw new HealpixMapException(
                    $"{where}: a full-sky map of NSIDE = {nside} has {cells} cells, but column '{value.Name}' holds {table.RowCount} × {value.Repeat} values (for a partial map set INDXSCHM = 'EXPLICIT' and give a PIXEL column).");
            }

            if (weight is not null && weight.Repeat != value.Repeat)
            {
                throw new HealpixMapException($"{where}: weight column '{weight.Name}' has {weight.Repeat} values per row, value column '{value.Name}' {value.Repeat}.");
            }
        }

        return new HealpixMap(path, hdu, order, ring, scheme, scheme == HealpixIndexScheme.Explicit ? pixel : null, value, weight, frame);
    }

    /// <summary>
    /// The first binary table of <paramref name="path"/>, with "path (HDU n)" for messages; refuses a file
    /// without one, or whose PIXTYPE is not HEALPIX.
    /// </summary>
    internal static (FitsHdu Hdu, string Where) FindTable(string path)
    {
        IReadOnlyList<FitsHdu> hdus;
        try
        {
            hdus = FitsReader.ReadHdus(path);
        }
        catch (FitsFormatException e)
        {
            throw new HealpixMapException($"{path}: {e.Message}", e);
        }

        var hdu = hdus.FirstOrDefault(h => h.IsBinTable)
            ?? throw new HealpixMapException($"{path}: no binary table extension; a HEALPix map is a BINTABLE with PIXTYPE = 'HEALPIX'.");
        var where = $"{path} (HDU {hdu.Index + 1})";
        var pixtype = hdu.Header.GetString("PIXTYPE");
        if (pixtype is not null && !pixtype.Trim().Equals("HEALPIX", StringComparison.OrdinalIgnoreCase))
        {
            throw new HealpixMapException($"{where}: PIXTYPE = '{pixtype}', not 'HEALPIX'.");
        }

        return (hdu, where);
    }

    public string ValueColumn => Value.Name;

    public string? ValueUnit => string.IsNullOrWhiteSpace(Value.Unit) ? null : Value.Unit.Trim();

    public bool Weighted => Weight is not null;

    /// <summary>
    /// Streams the map's cells in file order, <paramref name="chunkRows"/> rows at a time, with NESTED
    /// indices; NaN values (and healpy's UNSEEN) are skipped as empty. Bad rows throw, naming the row.
    /// Each chunk is valid until the next is requested: one buffer is reused, so reading allocates nothing
    /// per chunk (large per-chunk arrays would sit in the large-object heap and inflate peak memory).
    /// </summary>
    /// Each chunk comes with the number of rows read so far.
    public IEnumerable<(ReadOnlyMemory<HealpixCell> Cells, long RowsRead)> ReadCells(int chunkRows = 65536, CancellationToken cancellationToken = default)
    {
        using var table = new FitsBinTable(FitsReader.OpenRead(Path), Hdu, leaveOpen: false);
        var width = Math.Max(1, table.RowWidth);
        // Bound a chunk by its cells too: full-sky rows often hold 1024 cells each (healpy).
        chunkRows = Math.Clamp(chunkRows, 1, Math.Max(1, Math.Min((1 << 26) / width, (1 << 16) / Value.Repeat)));
        var raw = new byte[chunkRows * width];
        var values = new double[Value.Repeat];
        var weights = new double[Weight?.Repeat ?? 0];
        var cellCount = 12L << (2 * Order);
        var cells = new HealpixCell[chunkRows * Value.Repeat];
        for (long first = 0; first < table.RowCount;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = table.ReadRawRows(first, raw);
            var count = 0;
            for (var r = 0; r < n; r++)
            {
                var rowNumber = first + r;
                var row = raw.AsSpan(r * width, width);
                FitsBinTable.DecodeCell(Value, row, values);
                if (Weight is not null)
                {
                    FitsBinTable.DecodeCell(Weight, row, weights);
                }

                long index0;
                if (Pixel is not null)
                {
                    index0 = FitsBinTable.DecodeInteger(Pixel, row)
                        ?? throw new HealpixMapException($"{Path}: row {rowNumber + 1}: pixel column '{Pixel.Name}' is null.");
                    if (index0 < 0 || index0 >= cellCount)
                    {
                        throw new HealpixMapException($"{Path}: row {rowNumber + 1}: pixel {index0} is outside 0..{cellCount - 1} for NSIDE = {1L << Order}.");
                    }
                }
                else
                {
                    index0 = rowNumber * Value.Repeat;
                }

                for (var k = 0; k < values.Length; k++)
                {
                    var w = Weight is null ? 1.0 : weights[k];
                    if (Weight is not null)
                    {
                        CellWeights.Check(w, Path, rowNumber, Weight.Name);
                    }

                    var v = values[k];
                    if (double.IsNaN(v) || IsUnseen(v) || w == 0)
                    {
                        continue;
                    }

                    var index = index0 + k;
                    cells[count++] = new HealpixCell(Ring ? Healpix.RingToNested(Order, index) : index, v, w);
                }
            }

            first += n;
            yield return (cells.AsMemory(0, count), first);
        }
    }

    /// <summary>healpy's and HEALPix's marker of an unobserved cell.</summary>
    private const double Unseen = -1.6375e30;

    // A float32 column holds UNSEEN rounded to single precision.
    internal static bool IsUnseen(double v) => Math.Abs((v / Unseen) - 1) < 1e-6;

    internal static FitsColumn FindNumeric(FitsBinTable table, string name, string where, string option)
    {
        var column = table.FindColumn(name)
            ?? throw new HealpixMapException($"{where}: no column '{name}' ({option}); the table has {string.Join(", ", table.Columns.Select(c => c.Name))}.", option);
        if (!column.IsNumeric)
        {
            throw new HealpixMapException($"{where}: column '{name}' ({option}) has TFORM {column.Format}, which is not numeric.", option);
        }

        return column;
    }
}

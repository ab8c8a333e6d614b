using System.Text;

namespace VoServices.Hips;

/// <summary>
/// A table of point measurements read forward-only as numbers: a FITS binary table, a VOTable
/// (TABLEDATA, BINARY, BINARY2) or CSV with a header line, told apart by their first bytes. The
/// requested columns are found by name (case-insensitive); <see cref="Read"/> gives them row-major,
/// nulls as NaN.
/// </summary>
internal abstract class PointTable : IDisposable
{
    protected PointTable(string path) => Path = path;

    public string Path { get; }

    /// <summary>Data rows, or 0 when only reading to the end tells (CSV, VOTable).</summary>
    public abstract long RowCount { get; }

    /// <summary>The unit the table declares for requested column <paramref name="column"/> (TUNITn, unit), or null.</summary>
    public abstract string? Unit(int column);

    /// <summary>Reads up to <paramref name="maxRows"/> rows, one value per requested column each, into <paramref name="values"/>; 0 at the end.</summary>
    public abstract int Read(Span<double> values, int maxRows, CancellationToken cancellationToken);

    public abstract void Dispose();

    /// <summary>Opens <paramref name="path"/> and finds <paramref name="columns"/> (name, and the option that named it).</summary>
    public static PointTable Open(string path, IReadOnlyList<(string Name, string Option)> columns)
    {
        ArgumentNullException.ThrowIfNull(path);
        Span<byte> head = stackalloc byte[64];
        int n;
        using (var probe = File.OpenRead(path))
        {
            n = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var text = Encoding.UTF8.GetString(head[..n]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("SIMPLE  =", StringComparison.Ordinal))
        {
            return FitsPointTable.Open(path, columns);
        }

        return text.StartsWith('<') ? VotablePointTable.Open(path, columns) : CsvPointTable.Open(path, columns);
    }

    /// <summary>The position of each requested column among <paramref name="names"/>, or an error listing what the table has.</summary>
    protected static int[] Resolve(string where, IReadOnlyList<string> names, IReadOnlyList<(string Name, string Option)> columns)
    {
        var found = new int[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var (name, option) = columns[i];
            found[i] = names.ToList().FindIndex(n => string.Equals(n.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (found[i] < 0)
            {
                throw new HealpixMapException($"{where}: no column '{name}' ({option}); the table has {string.Join(", ", names)}.");
            }
        }

        return found;
    }
}

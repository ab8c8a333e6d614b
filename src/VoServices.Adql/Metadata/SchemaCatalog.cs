using System.Collections.Frozen;

namespace VoServices.Adql.Metadata;

/// <summary>
/// An immutable set of tables: the TAP_SCHEMA content, optionally extended per query by uploaded
/// tables (<see cref="WithTables"/>), which leaves the shared instance untouched.
/// </summary>
public sealed class SchemaCatalog : ISchemaCatalog
{
    private readonly FrozenDictionary<string, TableInfo[]> _byName;
    private readonly TableInfo[] _tables;

    public SchemaCatalog(IEnumerable<TableInfo> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables.ToArray();
        _byName = _tables.GroupBy(t => t.TableNormal, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public static SchemaCatalog Empty { get; } = new([]);

    public IEnumerable<TableInfo> Tables => _tables;

    public IReadOnlyList<TableInfo> FindByTableName(string tableNormal) =>
        _byName.TryGetValue(tableNormal, out var found) ? found : [];

    /// <summary>
    /// A catalog with more tables, e.g. <c>TAP_UPLOAD.name</c> tables of one TAP request
    /// (give them <c>SqlSchema</c>/<c>SqlTable</c> naming the real temporary table).
    /// </summary>
    public SchemaCatalog WithTables(IEnumerable<TableInfo> more) => new(_tables.Concat(more));
}

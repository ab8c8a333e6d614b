using VoServices.Adql.Metadata;

namespace VoServices.Adql.Checking;

/// <summary>A column of a FROM item, as visible to the query.</summary>
internal sealed record RangeColumn(string Normal, string SqlName, OutputColumn Meta, AdqlType Type);

/// <summary>The columns of a FROM item with a lookup by normalised name (built once per published table).</summary>
internal sealed class ColumnSet
{
    private readonly Dictionary<string, RangeColumn[]> _index;

    public ColumnSet(IReadOnlyList<RangeColumn> columns)
    {
        Columns = columns;
        _index = columns.GroupBy(c => c.Normal, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<RangeColumn> Columns { get; }

    public IReadOnlyList<RangeColumn> Find(string normal) => _index.TryGetValue(normal, out var found) ? found : [];
}

/// <summary>A FROM item (table, derived table or CTE reference) under its correlation name.</summary>
internal sealed class RangeVariable(
    string displayName,
    string? schemaNormal,
    string nameNormal,
    bool aliased,
    string sqlAlias,
    ColumnSet columns)
{
    /// <summary>How users know it: "ivoa.obscore" or the alias.</summary>
    public string DisplayName { get; } = displayName;
    public string? SchemaNormal { get; } = schemaNormal;
    public string NameNormal { get; } = nameNormal;
    public bool Aliased { get; } = aliased;
    public string SqlAlias { get; } = sqlAlias;
    public IReadOnlyList<RangeColumn> Columns => columns.Columns;

    public IReadOnlyList<RangeColumn> Find(string normal) => columns.Find(normal);
}

/// <summary>A column merged by USING or NATURAL: referenced unqualified, it hides the joined ones.</summary>
internal sealed record MergedColumn(string Normal, RangeColumn Column, IReadOnlySet<RangeVariable> Covered);

/// <summary>The names visible in one query specification; the parent is the enclosing query.</summary>
internal sealed class Scope(Scope? parent, IReadOnlyDictionary<string, CteDefinition> ctes)
{
    public Scope? Parent { get; } = parent;
    public List<RangeVariable> Variables { get; } = [];
    public List<MergedColumn> Merged { get; } = [];
    public IReadOnlyDictionary<string, CteDefinition> Ctes { get; } = ctes;
}

/// <summary>A WITH query, visible as a table by its name.</summary>
internal sealed record CteDefinition(string DisplayName, string Normal, ColumnSet Columns);

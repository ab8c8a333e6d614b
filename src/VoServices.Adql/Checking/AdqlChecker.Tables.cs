using VoServices.Adql.Ast;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Checking;

/// <summary>FROM clauses: table lookup, correlation names, joins, and column resolution.</summary>
internal sealed partial class AdqlChecker
{
    // Column metadata of a published table, derived once per TableInfo instance (catalogs are immutable).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TableInfo, ColumnSet> TableColumns = new();

    private List<RangeVariable> AddTableReference(TableReference reference, Scope scope)
    {
        switch (reference)
        {
            case BaseTable table:
                return [AddBaseTable(table, scope)];
            case DerivedTable derived:
                // A derived table cannot see its sibling FROM items (no LATERAL), only enclosing queries.
                var outputs = CheckQuery(derived.Query, scope.Parent, scope.Ctes);
                var columns = outputs.Select(o => new RangeColumn(o.Normal, o.Normal, o.Meta, o.Type)).ToList();
                var variable = new RangeVariable(derived.Alias.Text, null, derived.Alias.Normal, true, derived.Alias.Normal, new ColumnSet(columns));
                AddVariable(variable, derived.Alias.Position, scope);
                _model.Tables[derived] = new TableBinding(null, derived.Alias.Normal, derived.Alias.Normal);
                return [variable];
            case Join join:
                return AddJoin(join, scope);
            default:
                throw new InvalidOperationException($"unknown table reference {reference.GetType().Name}");
        }
    }

    private RangeVariable AddBaseTable(BaseTable table, Scope scope)
    {
        var parts = table.Name.Parts;
        var tableName = parts[^1];
        var schemaName = parts.Count >= 2 ? parts[^2] : null;
        var alias = table.Alias;
        var sqlAlias = alias?.Normal ?? tableName.Normal;

        if (schemaName is null && scope.Ctes.TryGetValue(tableName.Normal, out var cte))
        {
            if (table.SamplePercent is not null)
            {
                throw new AdqlException($"TABLESAMPLE applies to published tables, not to the WITH query '{cte.DisplayName}'",
                    table.Position);
            }

            var cteVariable = new RangeVariable(alias?.Text ?? cte.DisplayName, null, sqlAlias, alias is not null, sqlAlias, cte.Columns);
            AddVariable(cteVariable, table.Position, scope);
            _model.Tables[table] = new TableBinding(null, cte.Normal, sqlAlias);
            return cteVariable;
        }

        var info = FindTable(table.Name);
        var columns = TableColumns.GetValue(info, static t => new ColumnSet(
            t.Columns.Select(c => new RangeColumn(c.Normal, c.SqlName, MetaOf(c), c.Type)).ToList()));
        var variable = new RangeVariable(alias?.Text ?? NameParts.Unquote(info.Name), info.SchemaNormal, sqlAlias,
            alias is not null, sqlAlias, columns);
        AddVariable(variable, table.Position, scope);
        _model.Tables[table] = new TableBinding(info.SqlSchema, info.SqlTable, sqlAlias);
        return variable;
    }

    private static OutputColumn MetaOf(ColumnInfo c) => new(c.DisplayName, c.Datatype)
    {
        Arraysize = c.Arraysize,
        Xtype = c.Xtype,
        Unit = c.Unit,
        Ucd = c.Ucd,
        Utype = c.Utype,
        Description = c.Description,
    };

    private TableInfo FindTable(QualifiedName name)
    {
        RefuseCatalog(name, "a table is at most schema.table");
        var parts = name.Parts;
        var tableName = parts[^1];
        var schemaName = parts.Count >= 2 ? parts[^2] : null;
        var candidates = _catalog.FindByTableName(tableName.Normal)
            .Where(t => schemaName is null || t.SchemaNormal == schemaName.Normal)
            .ToList();
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        if (candidates.Count > 1)
        {
            throw new AdqlException(
                $"Table '{name}' is ambiguous: qualify it with its schema ({string.Join(" or ", candidates.Select(t => t.Name))})",
                name.Position);
        }

        var known = _catalog.Tables.Select(t => NameParts.Unquote(t.Name)).ToList();
        var suggestion = Suggestions.Closest(name.ToString(), known)
            ?? (schemaName is null ? null : Suggestions.Closest(tableName.Text, _catalog.Tables.Select(t => NameParts.Unquote(t.Name))));
        throw new AdqlException($"Table '{name}' not found" + Hint(suggestion), name.Position);
    }

    private static string Hint(string? suggestion) => suggestion is null ? "" : $" (did you mean '{suggestion}'?)";

    private static void AddVariable(RangeVariable variable, SourcePosition position, Scope scope)
    {
        if (scope.Variables.Any(v => v.SqlAlias == variable.SqlAlias))
        {
            throw new AdqlException(
                $"'{variable.DisplayName}' appears twice in FROM; give each occurrence its own alias (FROM t AS a, t AS b)",
                position);
        }

        scope.Variables.Add(variable);
    }

    private List<RangeVariable> AddJoin(Join join, Scope scope)
    {
        var left = AddTableReference(join.Left, scope);
        var right = AddTableReference(join.Right, scope);
        var all = left.Concat(right).ToList();
        if (join.Natural)
        {
            var rightNames = VisibleNames(right, scope).ToHashSet(StringComparer.Ordinal);
            var common = VisibleNames(left, scope).Where(rightNames.Contains).Distinct(StringComparer.Ordinal).ToList();
            var sqlNames = new List<string>();
            foreach (var name in common)
            {
                var (l, _) = Merge(name, left, right, scope, join.Position);
                sqlNames.Add(l.SqlName);
            }

            _model.NaturalColumns[join] = sqlNames;
        }
        else if (join.Using.Count > 0)
        {
            foreach (var id in join.Using)
            {
                if (!VisibleNames(left, scope).Contains(id.Normal))
                {
                    throw new AdqlException($"USING column '{id.Text}' is not a column of the left side of the join", id.Position);
                }

                if (!VisibleNames(right, scope).Contains(id.Normal))
                {
                    throw new AdqlException($"USING column '{id.Text}' is not a column of the right side of the join", id.Position);
                }

                Merge(id.Normal, left, right, scope, id.Position);
            }
        }
        else if (join.On is not null)
        {
            CheckCondition(join.On, new ExprContext(scope, Clause.On));
        }

        // Otherwise a JOIN without condition (CROSS, or an outer JOIN written without ON/USING): every pair.

        return all;
    }

    /// <summary>Column names a join side shows: merged ones once, others per table.</summary>
    private static IEnumerable<string> VisibleNames(List<RangeVariable> variables, Scope scope)
    {
        foreach (var merged in scope.Merged)
        {
            if (variables.Any(merged.Covered.Contains))
            {
                yield return merged.Normal;
            }
        }

        foreach (var v in variables)
        {
            foreach (var c in v.Columns)
            {
                if (!scope.Merged.Any(m => m.Normal == c.Normal && m.Covered.Contains(v)))
                {
                    yield return c.Normal;
                }
            }
        }
    }

    private static (RangeColumn Left, RangeColumn Right) Merge(string normal, List<RangeVariable> left,
        List<RangeVariable> right, Scope scope, SourcePosition position)
    {
        var (leftColumn, leftCovered) = SideColumn(normal, left, scope, position);
        var (rightColumn, rightCovered) = SideColumn(normal, right, scope, position);
        if (leftColumn.SqlName != rightColumn.SqlName || leftColumn.SqlName != normal)
        {
            throw new AdqlException($"Cannot join on '{normal}': the joined tables store it under different names; use ON",
                position);
        }

        scope.Merged.RemoveAll(m => m.Normal == normal && (m.Covered.Overlaps(leftCovered) || m.Covered.Overlaps(rightCovered)));
        var covered = new HashSet<RangeVariable>(leftCovered);
        covered.UnionWith(rightCovered);
        scope.Merged.Add(new MergedColumn(normal, leftColumn, covered));
        return (leftColumn, rightColumn);
    }

    private static (RangeColumn Column, HashSet<RangeVariable> Covered) SideColumn(string normal, List<RangeVariable> side,
        Scope scope, SourcePosition position)
    {
        var merged = scope.Merged.FirstOrDefault(m => m.Normal == normal && side.Any(m.Covered.Contains));
        if (merged is not null)
        {
            return (merged.Column, new HashSet<RangeVariable>(merged.Covered));
        }

        var found = side.SelectMany(v => v.Find(normal).Select(c => (v, c))).ToList();
        if (found.Count != 1)
        {
            throw new AdqlException($"Column '{normal}' is ambiguous on one side of the join", position);
        }

        return (found[0].c, [found[0].v]);
    }

    /// <summary>
    /// ADQL allows catalog.schema.table, but this service publishes no catalogs (TAP_SCHEMA has none), so any
    /// catalog part is unknown; ignoring it would accept nonsense.ivoa.obscore as ivoa.obscore.
    /// </summary>
    private static void RefuseCatalog(QualifiedName tableName, string form)
    {
        if (tableName.Parts.Count > 3)
        {
            throw new AdqlException($"'{tableName}' has too many parts: {form}", tableName.Position);
        }

        if (tableName.Parts.Count == 3)
        {
            throw new AdqlException(
                $"Unknown catalog '{tableName.Parts[0].Text}' in '{tableName}': this service has no catalogs; {form}",
                tableName.Position);
        }
    }

    private RangeVariable? ResolveQualifier(QualifiedName qualifier, Scope scope, bool searchParents)
    {
        RefuseCatalog(qualifier, "a column is at most schema.table.column");
        for (var s = scope; s is not null; s = searchParents ? s.Parent : null)
        {
            var matches = s.Variables.Where(v => Matches(v, qualifier)).ToList();
            if (matches.Count == 1)
            {
                return matches[0];
            }

            if (matches.Count > 1)
            {
                throw new AdqlException($"'{qualifier}' matches more than one table in FROM; give them aliases", qualifier.Position);
            }
        }

        return null;
    }

    private static bool Matches(RangeVariable v, QualifiedName q)
    {
        var parts = q.Parts;
        if (v.NameNormal != parts[^1].Normal)
        {
            return false;
        }

        // A table with an alias is known only by the alias; [catalog.]schema.table needs the schema to match.
        return parts.Count == 1 || (!v.Aliased && v.SchemaNormal == parts[^2].Normal);
    }

    private AdqlException UnknownQualifier(QualifiedName qualifier, Scope scope)
    {
        var names = new List<string>();
        for (var s = scope; s is not null; s = s.Parent)
        {
            names.AddRange(s.Variables.Select(v => v.DisplayName));
        }

        var aliased = scope.Variables.FirstOrDefault(v => v.Aliased && _model.Tables.Values.Any(t => t.SqlAlias == v.SqlAlias
            && t.SqlTable == qualifier.Last.Normal));
        var hint = aliased is not null
            ? $" (that table is called '{aliased.DisplayName}' in this query)"
            : Hint(Suggestions.Closest(qualifier.ToString(), names));
        return new AdqlException($"'{qualifier}' is not a table of the FROM clause" + hint, qualifier.Position);
    }

    private ColumnBinding ResolveColumn(ColumnReference reference, Scope scope)
    {
        var name = reference.Column.Normal;
        if (reference.Qualifier is not null)
        {
            var variable = ResolveQualifier(reference.Qualifier, scope, searchParents: true)
                ?? throw UnknownQualifier(reference.Qualifier, scope);
            var found = variable.Find(name);
            if (found.Count == 0)
            {
                throw new AdqlException(
                    $"Column '{reference.Column.Text}' not found in {variable.DisplayName}"
                    + Hint(Suggestions.Closest(reference.Column.Text, variable.Columns.Select(c => c.Meta.Name))),
                    reference.Column.Position);
            }

            if (found.Count > 1)
            {
                throw new AdqlException($"Column '{reference.Column.Text}' is ambiguous: {variable.DisplayName} has it more than once",
                    reference.Column.Position);
            }

            return new ColumnBinding(variable.SqlAlias, found[0].SqlName, found[0].Meta, found[0].Type);
        }

        for (var s = scope; s is not null; s = s.Parent)
        {
            var candidates = new List<(string Where, ColumnBinding Binding)>();
            foreach (var merged in s.Merged.Where(m => m.Normal == name))
            {
                candidates.Add(("the join", new ColumnBinding(null, merged.Column.SqlName, merged.Column.Meta, merged.Column.Type)));
            }

            foreach (var v in s.Variables)
            {
                if (s.Merged.Any(m => m.Normal == name && m.Covered.Contains(v)))
                {
                    continue;
                }

                foreach (var c in v.Find(name))
                {
                    candidates.Add((v.DisplayName, new ColumnBinding(v.SqlAlias, c.SqlName, c.Meta, c.Type)));
                }
            }

            if (candidates.Count == 1)
            {
                return candidates[0].Binding;
            }

            if (candidates.Count > 1)
            {
                var where = candidates.Select(c => c.Where).Distinct().ToList();
                throw new AdqlException(
                    $"Column '{reference.Column.Text}' is ambiguous: it is in {string.Join(" and ", where)}; qualify it, e.g. {where[0]}.{reference.Column.Text}",
                    reference.Position);
            }
        }

        var all = scope.Variables.SelectMany(v => v.Columns.Select(c => c.Meta.Name));
        var inWhat = scope.Variables.Count == 1 ? scope.Variables[0].DisplayName
            : scope.Variables.Count == 0 ? "this query"
            : "any of " + string.Join(", ", scope.Variables.Select(v => v.DisplayName));
        throw new AdqlException($"Column '{reference.Column.Text}' not found in {inWhat}"
            + Hint(Suggestions.Closest(reference.Column.Text, all)), reference.Position);
    }
}

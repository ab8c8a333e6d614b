using VoServices.Adql.Ast;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Checking;

/// <summary>
/// Resolves every name of a query against the catalog and types every expression, recording the
/// results in a <see cref="SemanticModel"/>. The first problem becomes a positioned
/// <see cref="AdqlException"/>: unknown or ambiguous names (with suggestions), type errors,
/// wrong argument counts, misplaced aggregates.
/// </summary>
internal sealed partial class AdqlChecker
{
    private static readonly Dictionary<string, CteDefinition> NoCtes = new(StringComparer.Ordinal);

    private readonly ISchemaCatalog _catalog;
    private readonly SemanticModel _model = new();

    private AdqlChecker(ISchemaCatalog catalog) => _catalog = catalog;

    public static SemanticModel Check(Query query, ISchemaCatalog catalog)
    {
        var checker = new AdqlChecker(catalog);
        checker.CheckQuery(query, null, NoCtes);
        return checker._model;
    }

    private List<SelectOutput> CheckQuery(Query query, Scope? outer, IReadOnlyDictionary<string, CteDefinition> ctes)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (query.With.Count > 0)
        {
            var all = new Dictionary<string, CteDefinition>(ctes, StringComparer.Ordinal);
            foreach (var cte in query.With)
            {
                if (all.ContainsKey(cte.Name.Normal) && !ctes.ContainsKey(cte.Name.Normal))
                {
                    throw new AdqlException($"WITH defines '{cte.Name.Text}' twice", cte.Name.Position);
                }

                // Each CTE sees the ones before it (non-recursive WITH).
                var outputs = CheckQuery(cte.Query, outer, all);
                IReadOnlyList<RangeColumn> columns;
                if (cte.ColumnNames.Count > 0)
                {
                    if (cte.ColumnNames.Count != outputs.Count)
                    {
                        throw new AdqlException(
                            $"WITH '{cte.Name.Text}' names {cte.ColumnNames.Count} columns but its query returns {outputs.Count}",
                            cte.Position);
                    }

                    columns = outputs.Select((o, i) => new RangeColumn(cte.ColumnNames[i].Normal, cte.ColumnNames[i].Normal,
                        o.Meta with { Name = cte.ColumnNames[i].Text }, o.Type)).ToList();
                }
                else
                {
                    columns = outputs.Select(o => new RangeColumn(o.Normal, o.Normal, o.Meta, o.Type)).ToList();
                }

                all[cte.Name.Normal] = new CteDefinition(cte.Name.Text, cte.Name.Normal, new ColumnSet(columns));
            }

            ctes = all;
        }

        var (outputsOfBody, scope) = CheckBody(query.Body, outer, ctes);
        CheckOrderBy(query, outputsOfBody, scope);
        return outputsOfBody;
    }

    private (List<SelectOutput> Outputs, Scope? Scope) CheckBody(QueryBody body, Scope? outer,
        IReadOnlyDictionary<string, CteDefinition> ctes)
    {
        switch (body)
        {
            case QuerySpecification spec:
                var (outputs, scope) = CheckSpecification(spec, outer, ctes);
                _model.BodyOutputs[body] = outputs;
                return (outputs, scope);
            case ParenthesizedQuery p:
                var inner = CheckQuery(p.Query, outer, ctes);
                _model.BodyOutputs[body] = inner;
                return (inner, null);
            case SetOperation set:
                var left = CheckBody(set.Left, outer, ctes).Outputs;
                var right = CheckBody(set.Right, outer, ctes).Outputs;
                var name = set.Operator.ToString().ToUpperInvariant();
                if (left.Count != right.Count)
                {
                    throw new AdqlException(
                        $"The queries combined by {name} must return the same number of columns: {left.Count} on the left, {right.Count} on the right",
                        set.Right.Position);
                }

                for (var i = 0; i < left.Count; i++)
                {
                    if (!Comparable(left[i].Type, right[i].Type))
                    {
                        throw new AdqlException(
                            $"Column {i + 1} of the queries combined by {name} has different types: {left[i].Type.Display()} and {right[i].Type.Display()}",
                            set.Right.Position);
                    }
                }

                // The left operand names and describes the result (ADQL 2.1, 2.2.4).
                _model.BodyOutputs[body] = left;
                return (left, null);
            default:
                throw new InvalidOperationException($"unknown query body {body.GetType().Name}");
        }
    }

    private void CheckOrderBy(Query query, List<SelectOutput> outputs, Scope? scope)
    {
        var spec = query.Body as QuerySpecification;
        foreach (var item in query.OrderBy)
        {
            RefuseConstantKey(item.Expression, outputs, "ORDER BY");
            var position = OutputPosition(item.Expression, outputs, "ORDER BY");
            if (position is not null)
            {
                _model.OutputPositions[item] = position.Value;
                continue;
            }

            if (spec is null || scope is null)
            {
                throw new AdqlException(
                    "ORDER BY after UNION, EXCEPT or INTERSECT must name a result column or give its position",
                    item.Position);
            }

            if (spec.Distinct)
            {
                throw new AdqlException("With SELECT DISTINCT, ORDER BY may only use columns of the select list",
                    item.Position);
            }

            var grouped = spec.GroupBy.Count > 0 || _aggregatedSpecs.Contains(spec);
            CheckExpression(item.Expression, new ExprContext(scope, grouped ? Clause.OrderByGrouped : Clause.OrderBy));
        }
    }

    /// <summary>
    /// A constant sort or grouping key other than an unsigned integer position ('x', -1, 1.5, NULL) orders
    /// nothing: PostgreSQL refuses some ("non-integer constant in ORDER BY", a 500 before) and silently
    /// ignores others, so the checker refuses them all with the forms that are allowed.
    /// </summary>
    private static void RefuseConstantKey(Expression e, List<SelectOutput> outputs, string clause)
    {
        var constant = e switch
        {
            StringLiteral or NullLiteral => true,
            NumberLiteral n => n.Kind != NumberKind.Integer,
            UnaryExpression { Operand: NumberLiteral or NullLiteral } => true,
            _ => false,
        };
        if (constant)
        {
            throw new AdqlException(
                $"{clause} needs a column, a result column's name or an unsigned integer position (1..{outputs.Count}), not a constant",
                e.Position);
        }
    }

    /// <summary>An integer literal (1-based position) or a bare name of a result column, else null.</summary>
    private static int? OutputPosition(Expression e, List<SelectOutput> outputs, string clause)
    {
        if (e is NumberLiteral { Kind: NumberKind.Integer } n)
        {
            if (!int.TryParse(n.Text, out var position) || position < 1 || position > outputs.Count)
            {
                throw new AdqlException($"{clause} position {n.Text} is not between 1 and {outputs.Count}, the number of result columns",
                    n.Position);
            }

            return position;
        }

        if (e is ColumnReference { Qualifier: null } c)
        {
            for (var i = 0; i < outputs.Count; i++)
            {
                if (outputs[i].Normal == c.Column.Normal)
                {
                    return i + 1;
                }
            }
        }

        return null;
    }

    private readonly HashSet<QuerySpecification> _aggregatedSpecs = new(ReferenceEqualityComparer.Instance);

    private (List<SelectOutput>, Scope) CheckSpecification(QuerySpecification spec, Scope? outer,
        IReadOnlyDictionary<string, CteDefinition> ctes)
    {
        var scope = new Scope(outer, ctes);
        foreach (var from in spec.From)
        {
            AddTableReference(from, scope);
        }

        if (spec.Where is not null)
        {
            CheckCondition(spec.Where, new ExprContext(scope, Clause.Where));
        }

        var outputs = new List<SelectOutput>();
        foreach (var item in spec.Items)
        {
            switch (item)
            {
                case AllColumns:
                    ExpandAll(scope, null, outputs);
                    break;
                case QualifiedAllColumns q:
                    ExpandAll(scope, ResolveQualifier(q.Qualifier, scope, searchParents: false) ?? throw UnknownQualifier(q.Qualifier, scope), outputs);
                    break;
                case ExpressionItem e:
                    var context = new ExprContext(scope, Clause.Select);
                    var type = CheckExpression(e.Expression, context);
                    if (context.SawAggregate)
                    {
                        _aggregatedSpecs.Add(spec);
                    }

                    outputs.Add(MakeOutput(e, type));
                    break;
            }
        }

        foreach (var g in spec.GroupBy)
        {
            // An integer is a select-list position for PostgreSQL too; checked here so that
            // GROUP BY 99 is a positioned user error rather than a PostgreSQL one.
            RefuseConstantKey(g, outputs, "GROUP BY");
            if (g is NumberLiteral { Kind: NumberKind.Integer })
            {
                _model.OutputPositions[g] = OutputPosition(g, outputs, "GROUP BY")!.Value;
                continue;
            }

            // A bare name that is not a column of FROM may name a select-list alias (as PostgreSQL allows).
            if (g is ColumnReference { Qualifier: null } c && !IsVisibleColumn(c.Column.Normal, scope))
            {
                var position = OutputPosition(g, outputs, "GROUP BY");
                if (position is not null)
                {
                    _model.OutputPositions[g] = position.Value;
                    continue;
                }
            }

            CheckExpression(g, new ExprContext(scope, Clause.GroupBy));
        }

        if (spec.Having is not null)
        {
            _aggregatedSpecs.Add(spec);
            CheckCondition(spec.Having, new ExprContext(scope, Clause.Having));
        }

        _model.SelectLists[spec] = outputs;
        return (outputs, scope);
    }

    private SelectOutput MakeOutput(ExpressionItem item, AdqlType type)
    {
        OutputColumn meta;
        string name;
        if (item.Expression is ColumnReference c && _model.Columns.TryGetValue(c, out var binding))
        {
            name = item.Alias?.Text ?? binding.Meta.Name;
            meta = binding.Meta with { Name = name };
        }
        else
        {
            name = item.Alias?.Text ?? DefaultName(item.Expression);
            var (datatype, arraysize, xtype) = type.ToVotable();
            meta = new OutputColumn(name, datatype) { Arraysize = arraysize, Xtype = xtype };
            meta = Describe(item.Expression, meta);
        }

        var normal = item.Alias?.Normal ?? (item.Expression is ColumnReference cr ? cr.Column.Normal : name.ToLowerInvariant());
        return new SelectOutput(normal, meta, type, item.Expression, null);
    }

    private static string DefaultName(Expression e) => e switch
    {
        FunctionCall f => f.Name.Text.ToLowerInvariant(),
        CastExpression c when c.Operand is ColumnReference r => r.Column.Text,
        _ => "expr",
    };

    private void ExpandAll(Scope scope, RangeVariable? only, List<SelectOutput> outputs)
    {
        if (only is null)
        {
            foreach (var merged in scope.Merged)
            {
                var meta = merged.Column.Meta;
                outputs.Add(new SelectOutput(merged.Normal, meta, merged.Column.Type, null,
                    new ColumnBinding(null, merged.Column.SqlName, meta, merged.Column.Type)));
            }
        }

        foreach (var variable in scope.Variables)
        {
            if (only is not null && !ReferenceEquals(only, variable))
            {
                continue;
            }

            foreach (var column in variable.Columns)
            {
                if (only is null && scope.Merged.Any(m => m.Normal == column.Normal && m.Covered.Contains(variable)))
                {
                    continue;
                }

                outputs.Add(new SelectOutput(column.Normal, column.Meta, column.Type, null,
                    new ColumnBinding(variable.SqlAlias, column.SqlName, column.Meta, column.Type)));
            }
        }
    }

    private static bool IsVisibleColumn(string normal, Scope scope) =>
        scope.Merged.Any(m => m.Normal == normal) || scope.Variables.Any(v => v.Find(normal).Count > 0);
}

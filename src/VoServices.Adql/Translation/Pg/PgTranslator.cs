using System.Globalization;
using System.Text;
using VoServices.Adql.Ast;
using VoServices.Adql.Checking;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Translation.Pg;

/// <summary>
/// Writes PostgreSQL + pgsphere for a checked query. It keeps the AST's grouping (every operation is
/// parenthesised), quotes every identifier, and writes only function names it chooses itself.
/// Geometry is in degrees in ADQL and radians in pgsphere; top-level geometry results are serialised
/// by the adql_* SQL functions of sql/050_adql_functions.sql.
/// </summary>
internal sealed partial class PgTranslator
{
    private readonly SemanticModel _model;
    private readonly StringBuilder _sb;

    private PgTranslator(SemanticModel model, StringBuilder sb)
    {
        _model = model;
        _sb = sb;
    }

    public static string Translate(Query query, SemanticModel model, long? rowLimit)
    {
        var sb = new StringBuilder(256);
        new PgTranslator(model, sb).WriteQuery(query, topLevel: true, rowLimit);
        return sb.ToString();
    }

    private void WriteQuery(Query query, bool topLevel, long? rowLimit)
    {
        if (query.With.Count > 0)
        {
            _sb.Append("WITH ");
            for (var i = 0; i < query.With.Count; i++)
            {
                var cte = query.With[i];
                if (i > 0)
                {
                    _sb.Append(", ");
                }

                PgSql.AppendIdentifier(_sb, cte.Name.Normal);
                if (cte.ColumnNames.Count > 0)
                {
                    _sb.Append(" (");
                    for (var j = 0; j < cte.ColumnNames.Count; j++)
                    {
                        if (j > 0)
                        {
                            _sb.Append(", ");
                        }

                        PgSql.AppendIdentifier(_sb, cte.ColumnNames[j].Normal);
                    }

                    _sb.Append(')');
                }

                _sb.Append(" AS (");
                WriteQuery(cte.Query, topLevel: false, null);
                _sb.Append(')');
            }

            _sb.Append(' ');
        }

        long? limit = rowLimit;
        if (query.Body is QuerySpecification spec)
        {
            // TOP of a lone SELECT goes after ORDER BY, combined with the caller's row limit (TAP MAXREC+1).
            WriteSpecification(spec, topLevel);
            if (spec.Top is { } top)
            {
                limit = limit is null ? top : Math.Min(top, limit.Value);
            }
        }
        else
        {
            WriteBody(query.Body, topLevel, operand: false);
        }

        if (query.OrderBy.Count > 0)
        {
            _sb.Append(" ORDER BY ");
            for (var i = 0; i < query.OrderBy.Count; i++)
            {
                var item = query.OrderBy[i];
                if (i > 0)
                {
                    _sb.Append(", ");
                }

                if (_model.OutputPositions.TryGetValue(item, out var position))
                {
                    _sb.Append(position.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    WriteExpression(item.Expression);
                }

                if (item.Descending)
                {
                    _sb.Append(" DESC");
                }
            }
        }

        if (limit is not null)
        {
            _sb.Append(" LIMIT ").Append(limit.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (query.Offset is not null)
        {
            _sb.Append(" OFFSET ").Append(query.Offset.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void WriteBody(QueryBody body, bool topLevel, bool operand)
    {
        switch (body)
        {
            case QuerySpecification spec:
                if (operand && spec.Top is not null)
                {
                    _sb.Append('(');
                    WriteSpecification(spec, topLevel);
                    _sb.Append(" LIMIT ").Append(spec.Top.Value.ToString(CultureInfo.InvariantCulture)).Append(')');
                }
                else
                {
                    WriteSpecification(spec, topLevel);
                    if (spec.Top is not null)
                    {
                        _sb.Append(" LIMIT ").Append(spec.Top.Value.ToString(CultureInfo.InvariantCulture));
                    }
                }

                break;
            case ParenthesizedQuery p:
                _sb.Append('(');
                WriteQuery(p.Query, topLevel, null);
                _sb.Append(')');
                break;
            case SetOperation set:
                WriteSetOperand(set.Left, topLevel);
                _sb.Append(set.Operator switch
                {
                    SetOperator.Union => " UNION ",
                    SetOperator.Except => " EXCEPT ",
                    _ => " INTERSECT ",
                });
                if (set.All)
                {
                    _sb.Append("ALL ");
                }

                WriteSetOperand(set.Right, topLevel);
                break;
        }
    }

    private void WriteSetOperand(QueryBody operand, bool topLevel)
    {
        // Nested set operations keep the grouping the parser chose, whatever PostgreSQL's precedence.
        if (operand is SetOperation)
        {
            _sb.Append('(');
            WriteBody(operand, topLevel, operand: false);
            _sb.Append(')');
        }
        else
        {
            WriteBody(operand, topLevel, operand: true);
        }
    }

    private void WriteSpecification(QuerySpecification spec, bool topLevel)
    {
        _sb.Append("SELECT ");
        if (spec.Distinct)
        {
            _sb.Append("DISTINCT ");
        }

        var outputs = _model.SelectLists[spec];
        for (var i = 0; i < outputs.Count; i++)
        {
            if (i > 0)
            {
                _sb.Append(", ");
            }

            WriteOutput(outputs[i], topLevel);
        }

        _sb.Append(" FROM ");
        for (var i = 0; i < spec.From.Count; i++)
        {
            if (i > 0)
            {
                _sb.Append(", ");
            }

            WriteTableReference(spec.From[i]);
        }

        if (spec.Where is not null)
        {
            _sb.Append(" WHERE ");
            WriteCondition(spec.Where);
        }

        if (spec.GroupBy.Count > 0)
        {
            _sb.Append(" GROUP BY ");
            for (var i = 0; i < spec.GroupBy.Count; i++)
            {
                if (i > 0)
                {
                    _sb.Append(", ");
                }

                var g = spec.GroupBy[i];
                if (_model.OutputPositions.TryGetValue(g, out var position))
                {
                    _sb.Append(position.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    WriteExpression(g);
                }
            }
        }

        if (spec.Having is not null)
        {
            _sb.Append(" HAVING ");
            WriteCondition(spec.Having);
        }
    }

    private void WriteOutput(SelectOutput output, bool topLevel)
    {
        // Results leave the database in the form the VOTable writer declares: geometries as DALI
        // arrays in degrees (regions as STC-S), computed numbers in their declared SQL type.
        string? wrapper = null;
        string? cast = null;
        if (topLevel)
        {
            wrapper = output.Type switch
            {
                AdqlType.Point => "adql_dali_point",
                AdqlType.Circle => "adql_dali_circle",
                AdqlType.Polygon => "adql_dali_polygon",
                AdqlType.Region => "adql_stcs",
                _ => null,
            };
            if (wrapper is null && output.Column is null && output.Expression is not ColumnReference)
            {
                cast = output.Type switch
                {
                    AdqlType.Smallint => "smallint",
                    AdqlType.Integer => "integer",
                    AdqlType.Bigint => "bigint",
                    AdqlType.Real => "real",
                    AdqlType.Double => "double precision",
                    _ => null,
                };
            }
        }

        if (wrapper is not null)
        {
            _sb.Append(wrapper).Append('(');
        }
        else if (cast is not null)
        {
            _sb.Append("CAST(");
        }

        if (output.Column is { } column)
        {
            WriteColumn(column);
        }
        else
        {
            WriteExpression(output.Expression!);
        }

        if (wrapper is not null)
        {
            _sb.Append(')');
        }
        else if (cast is not null)
        {
            _sb.Append(" AS ").Append(cast).Append(')');
        }

        _sb.Append(" AS ");
        PgSql.AppendIdentifier(_sb, output.Normal);
    }

    private void WriteColumn(ColumnBinding binding)
    {
        if (binding.SqlQualifier is not null)
        {
            PgSql.AppendIdentifier(_sb, binding.SqlQualifier);
            _sb.Append('.');
        }

        PgSql.AppendIdentifier(_sb, binding.SqlColumn);
    }

    private void WriteTableReference(TableReference reference)
    {
        switch (reference)
        {
            case BaseTable table:
                var binding = _model.Tables[table];
                if (binding.SqlSchema is not null)
                {
                    PgSql.AppendIdentifier(_sb, binding.SqlSchema);
                    _sb.Append('.');
                }

                PgSql.AppendIdentifier(_sb, binding.SqlTable);
                _sb.Append(" AS ");
                PgSql.AppendIdentifier(_sb, binding.SqlAlias);
                if (table.SamplePercent is { } percent)
                {
                    // BERNOULLI samples rows: SYSTEM samples whole pages, so on a table of a few pages
                    // TABLESAMPLE(10) returned no rows in most runs. Switching to SYSTEM for large tables
                    // would need the table size, which the translator (no database access) does not have.
                    _sb.Append(" TABLESAMPLE BERNOULLI (").Append(percent.ToString("R", CultureInfo.InvariantCulture)).Append(')');
                }

                break;
            case DerivedTable derived:
                _sb.Append('(');
                WriteQuery(derived.Query, topLevel: false, null);
                _sb.Append(") AS ");
                PgSql.AppendIdentifier(_sb, _model.Tables[derived].SqlAlias);
                break;
            case Join join:
                WriteTableReference(join.Left);
                if (join.Natural && _model.NaturalColumns[join].Count == 0)
                {
                    // NATURAL JOIN without common columns is a cross join; written with ON TRUE to keep the outer kind.
                    _sb.Append(JoinKeyword(join.Kind));
                    WriteJoinRight(join.Right);
                    _sb.Append(" ON TRUE");
                    break;
                }

                _sb.Append(JoinKeyword(join.Kind));
                WriteJoinRight(join.Right);
                if (join.Natural)
                {
                    WriteUsing(_model.NaturalColumns[join]);
                }
                else if (join.Using.Count > 0)
                {
                    WriteUsing(join.Using.Select(u => u.Normal).ToList());
                }
                else if (join.On is not null)
                {
                    _sb.Append(" ON ");
                    WriteCondition(join.On);
                }
                else if (join.Kind != JoinKind.Cross)
                {
                    // An outer JOIN written without ON or USING (allowed by the ADQL BNF): no condition, every pair.
                    _sb.Append(" ON TRUE");
                }

                break;
        }
    }

    private void WriteJoinRight(TableReference right)
    {
        if (right is Join)
        {
            _sb.Append('(');
            WriteTableReference(right);
            _sb.Append(')');
        }
        else
        {
            WriteTableReference(right);
        }
    }

    private void WriteUsing(List<string> columns)
    {
        _sb.Append(" USING (");
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0)
            {
                _sb.Append(", ");
            }

            PgSql.AppendIdentifier(_sb, columns[i]);
        }

        _sb.Append(')');
    }

    private static string JoinKeyword(JoinKind kind) => kind switch
    {
        JoinKind.Inner => " INNER JOIN ",
        JoinKind.Left => " LEFT OUTER JOIN ",
        JoinKind.Right => " RIGHT OUTER JOIN ",
        JoinKind.Full => " FULL OUTER JOIN ",
        _ => " CROSS JOIN ",
    };
}

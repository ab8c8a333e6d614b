using System.Globalization;
using VoServices.Adql.Ast;
using VoServices.Adql.Checking;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Translation.Pg;

/// <summary>Expressions and conditions, including the index-friendly geometry predicates.</summary>
internal sealed partial class PgTranslator
{
    private void WriteExpression(Expression expression)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (expression)
        {
            case NumberLiteral n:
                _sb.Append(n.Text);
                break;
            case StringLiteral s:
                PgSql.AppendString(_sb, s.Value);
                break;
            case NullLiteral:
                _sb.Append("NULL");
                break;
            case ColumnReference c:
                WriteColumn(_model.Columns[c]);
                break;
            case UnaryExpression u:
                _sb.Append(u.Operator switch { UnaryOperator.Minus => "(-", UnaryOperator.Plus => "(+", _ => "(~" });
                WriteExpression(u.Operand);
                _sb.Append(')');
                break;
            case BinaryExpression b:
                _sb.Append('(');
                WriteExpression(b.Left);
                _sb.Append(b.Operator switch
                {
                    BinaryOperator.Add => " + ",
                    BinaryOperator.Subtract => " - ",
                    BinaryOperator.Multiply => " * ",
                    BinaryOperator.Divide => " / ",
                    BinaryOperator.Concatenate => " || ",
                    BinaryOperator.BitAnd => " & ",
                    BinaryOperator.BitOr => " | ",
                    _ => " # ", // PostgreSQL's XOR; its ^ is exponentiation.
                });
                WriteExpression(b.Right);
                _sb.Append(')');
                break;
            case CastExpression cast:
                WriteCast(cast);
                break;
            case SearchedCase sc:
                _sb.Append("CASE");
                foreach (var when in sc.Whens)
                {
                    _sb.Append(" WHEN ");
                    WriteCondition(when.When);
                    _sb.Append(" THEN ");
                    WriteExpression(when.Then);
                }

                WriteElse(sc.Else);
                break;
            case SimpleCase sc:
                _sb.Append("CASE ");
                WriteExpression(sc.Operand);
                foreach (var when in sc.Whens)
                {
                    _sb.Append(" WHEN ");
                    WriteExpression(when.When);
                    _sb.Append(" THEN ");
                    WriteExpression(when.Then);
                }

                WriteElse(sc.Else);
                break;
            case ScalarSubquery s:
                _sb.Append('(');
                WriteQuery(s.Query, topLevel: false, null);
                _sb.Append(')');
                break;
            case FunctionCall f:
                WriteFunction(f);
                break;
        }
    }

    private void WriteElse(Expression? otherwise)
    {
        if (otherwise is not null)
        {
            _sb.Append(" ELSE ");
            WriteExpression(otherwise);
        }

        _sb.Append(" END");
    }

    private void WriteCast(CastExpression cast)
    {
        var from = _model.TypeOf(cast.Operand);
        switch (cast.Target)
        {
            case CastTargetKind.Point or CastTargetKind.Circle or CastTargetKind.Polygon:
                if (from.IsGeometry())
                {
                    WriteExpression(cast.Operand);
                    return;
                }

                _sb.Append(cast.Target switch
                {
                    CastTargetKind.Point => "adql_point_from_dali(",
                    CastTargetKind.Circle => "adql_circle_from_dali(",
                    _ => "adql_polygon_from_dali(",
                });
                WriteExpression(cast.Operand);
                _sb.Append(')');
                return;
        }

        _sb.Append("CAST(");
        WriteExpression(cast.Operand);
        _sb.Append(" AS ").Append(cast.Target switch
        {
            CastTargetKind.Smallint => "smallint",
            CastTargetKind.Integer => "integer",
            CastTargetKind.Bigint => "bigint",
            CastTargetKind.Real => "real",
            CastTargetKind.DoublePrecision => "double precision",
            CastTargetKind.Char => "char",
            CastTargetKind.Varchar => "varchar",
            _ => "timestamp",
        });
        if (cast.Length is { } length)
        {
            _sb.Append('(').Append(length.ToString(CultureInfo.InvariantCulture)).Append(')');
        }

        _sb.Append(')');
    }

    private void WriteCondition(Condition condition)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (condition)
        {
            case Comparison c:
                if (!TryWriteGeometryPredicate(c))
                {
                    _sb.Append('(');
                    WriteExpression(c.Left);
                    _sb.Append(c.Operator switch
                    {
                        ComparisonOperator.Equal => " = ",
                        ComparisonOperator.NotEqual => " <> ",
                        ComparisonOperator.Less => " < ",
                        ComparisonOperator.Greater => " > ",
                        ComparisonOperator.LessOrEqual => " <= ",
                        _ => " >= ",
                    });
                    WriteExpression(c.Right);
                    _sb.Append(')');
                }

                break;
            case Between b:
                _sb.Append('(');
                WriteExpression(b.Subject);
                _sb.Append(b.Negated ? " NOT BETWEEN " : " BETWEEN ");
                WriteExpression(b.Low);
                _sb.Append(" AND ");
                WriteExpression(b.High);
                _sb.Append(')');
                break;
            case Like l:
                _sb.Append('(');
                WriteExpression(l.Subject);
                _sb.Append(l.Negated ? " NOT" : "").Append(l.CaseInsensitive ? " ILIKE " : " LIKE ");
                WriteExpression(l.Pattern);
                // ADQL has no escape character; PostgreSQL's default one (backslash) is switched off.
                _sb.Append(" ESCAPE '')");
                break;
            case IsNull n:
                _sb.Append('(');
                WriteExpression(n.Subject);
                _sb.Append(n.Negated ? " IS NOT NULL)" : " IS NULL)");
                break;
            case InList i:
                _sb.Append('(');
                WriteExpression(i.Subject);
                _sb.Append(i.Negated ? " NOT IN (" : " IN (");
                for (var k = 0; k < i.Values.Count; k++)
                {
                    if (k > 0)
                    {
                        _sb.Append(", ");
                    }

                    WriteExpression(i.Values[k]);
                }

                _sb.Append("))");
                break;
            case InSubquery i:
                _sb.Append('(');
                WriteExpression(i.Subject);
                _sb.Append(i.Negated ? " NOT IN (" : " IN (");
                WriteQuery(i.Query, topLevel: false, null);
                _sb.Append("))");
                break;
            case Exists e:
                _sb.Append("EXISTS (");
                WriteQuery(e.Query, topLevel: false, null);
                _sb.Append(')');
                break;
            case Not n:
                _sb.Append("(NOT ");
                WriteCondition(n.Operand);
                _sb.Append(')');
                break;
            case Logical l:
                _sb.Append('(');
                WriteCondition(l.Left);
                _sb.Append(l.Operator == LogicalOperator.And ? " AND " : " OR ");
                WriteCondition(l.Right);
                _sb.Append(')');
                break;
        }
    }

    /// <summary>
    /// CONTAINS/INTERSECTS compared with 0 or 1 (either side, = or &lt;&gt;) and DISTANCE(p, q) &lt; r become
    /// bare pgsphere operators, which GiST indexes serve; a CASE or cast around them would not.
    /// </summary>
    private bool TryWriteGeometryPredicate(Comparison c)
    {
        if (TryFlag(c.Left, c.Right, out var call, out var one) || TryFlag(c.Right, c.Left, out call, out one))
        {
            bool? positive = c.Operator switch
            {
                ComparisonOperator.Equal => one,
                ComparisonOperator.NotEqual => !one,
                _ => null,
            };
            if (positive is not null)
            {
                if (!positive.Value)
                {
                    _sb.Append("(NOT ");
                }

                WriteGeometryPredicate(call!);
                if (!positive.Value)
                {
                    _sb.Append(')');
                }

                return true;
            }
        }

        FunctionCall? distance = null;
        Expression? radius = null;
        if (IsFunction(c.Left, "DISTANCE") && c.Operator is ComparisonOperator.Less or ComparisonOperator.LessOrEqual)
        {
            (distance, radius) = ((FunctionCall)c.Left, c.Right);
        }
        else if (IsFunction(c.Right, "DISTANCE") && c.Operator is ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual)
        {
            (distance, radius) = ((FunctionCall)c.Right, c.Left);
        }

        if (distance is null || radius is null)
        {
            return false;
        }

        // A literal radius outside what an scircle holds (0..90 degrees) would make pgsphere raise an error;
        // the plain distance comparison is right for any value (< 100 is nearly everything, < -1 nothing).
        if (AdqlChecker.LiteralValue(radius) is { } r && r is < 0 or > AdqlChecker.MaxCircleRadius)
        {
            return false;
        }

        // p <@ scircle(q, r): the varying point on the left, where a GiST index on it can serve.
        var args = distance.Arguments;
        var points = args.Count == 2
            ? new[] { (Write: (Action)(() => WriteExpression(args[0])), Constant: IsConstant(args[0])),
                      (Write: (Action)(() => WriteExpression(args[1])), Constant: IsConstant(args[1])) }
            : new[] { (Write: (Action)(() => WritePoint(args[0], args[1])), Constant: IsConstant(args[0]) && IsConstant(args[1])),
                      (Write: (Action)(() => WritePoint(args[2], args[3])), Constant: IsConstant(args[2]) && IsConstant(args[3])) };
        var (p, q) = points[0].Constant && !points[1].Constant ? (points[1], points[0]) : (points[0], points[1]);
        var computed = AdqlChecker.LiteralValue(radius) is null;
        _sb.Append(computed ? "((" : "(");
        p.Write();
        _sb.Append(" <@ scircle(");
        q.Write();
        _sb.Append(", ");
        WriteCircleRadius(radius);
        _sb.Append("))");
        if (computed)
        {
            // A computed radius may exceed what an scircle holds: then the guarded circle is NULL and the
            // plain comparison answers. For a constant radius PostgreSQL folds the second arm away, so the
            // index still serves.
            _sb.Append(" OR (");
            WriteExpression(radius);
            _sb.Append(" > 90 AND ");
            WriteExpression(distance);
            _sb.Append(c.Operator is ComparisonOperator.Less or ComparisonOperator.Greater ? " < " : " <= ");
            WriteExpression(radius);
            _sb.Append("))");
        }

        return true;
    }

    /// <summary>
    /// radians(r) for an scircle. pgsphere raises an error (a 500) for a radius outside 0..90 degrees; the
    /// checker refuses such literals, and a computed radius outside the range gives a NULL circle instead.
    /// </summary>
    private void WriteCircleRadius(Expression radius)
    {
        _sb.Append("radians(");
        if (AdqlChecker.LiteralValue(radius) is null)
        {
            _sb.Append("CASE WHEN ");
            WriteExpression(radius);
            _sb.Append(" BETWEEN 0 AND 90 THEN ");
            WriteExpression(radius);
            _sb.Append(" END");
        }
        else
        {
            WriteExpression(radius);
        }

        _sb.Append(')');
    }

    private static bool IsConstant(Expression e) => e switch
    {
        NumberLiteral or StringLiteral or NullLiteral => true,
        UnaryExpression u => IsConstant(u.Operand),
        BinaryExpression b => IsConstant(b.Left) && IsConstant(b.Right),
        CastExpression c => IsConstant(c.Operand),
        FunctionCall f => !AdqlChecker.IsAggregate(f.Name.Text.ToUpperInvariant())
            && f.Name.Text.ToUpperInvariant() != "RAND" && f.Arguments.All(IsConstant),
        _ => false,
    };

    private bool TryFlag(Expression candidate, Expression other, out FunctionCall? call, out bool one)
    {
        call = null;
        one = false;
        if (!IsFunction(candidate, "CONTAINS") && !IsFunction(candidate, "INTERSECTS"))
        {
            return false;
        }

        if (other is NumberLiteral { Kind: NumberKind.Integer } n && n.Text.TrimStart('0') is var digits && digits is "" or "1")
        {
            call = (FunctionCall)candidate;
            one = digits == "1";
            return true;
        }

        return false;
    }

    private static bool IsFunction(Expression e, string upperName) =>
        e is FunctionCall f && string.Equals(f.Name.Text, upperName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The boolean pgsphere form of CONTAINS(a, b) or INTERSECTS(a, b).</summary>
    private void WriteGeometryPredicate(FunctionCall call)
    {
        var a = call.Arguments[0];
        var b = call.Arguments[1];
        var aType = _model.TypeOf(a);
        var bType = _model.TypeOf(b);
        var contains = IsFunction(call, "CONTAINS");
        _sb.Append('(');
        if (aType == AdqlType.Point && bType == AdqlType.Point)
        {
            WriteExpression(a);
            _sb.Append(" = ");
            WriteExpression(b);
        }
        else if (contains)
        {
            WriteExpression(a);
            _sb.Append(" <@ ");
            WriteExpression(b);
        }
        else if (bType == AdqlType.Point)
        {
            // INTERSECTS with a point is CONTAINS(point, other) (ADQL 2.1, 4.2.7).
            WriteExpression(b);
            _sb.Append(" <@ ");
            WriteExpression(a);
        }
        else if (aType == AdqlType.Point)
        {
            WriteExpression(a);
            _sb.Append(" <@ ");
            WriteExpression(b);
        }
        else
        {
            WriteExpression(a);
            _sb.Append(" && ");
            WriteExpression(b);
        }

        _sb.Append(')');
    }

    private void WritePoint(Expression lon, Expression lat)
    {
        _sb.Append("spoint(radians(");
        WriteExpression(lon);
        _sb.Append("), radians(");
        WriteExpression(lat);
        _sb.Append("))");
    }
}

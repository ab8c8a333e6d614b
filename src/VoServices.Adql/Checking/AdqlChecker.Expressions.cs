using System.Globalization;
using VoServices.Adql.Ast;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Checking;

internal enum Clause
{
    Select,
    Where,
    On,
    GroupBy,
    Having,
    OrderBy,
    OrderByGrouped,
}

/// <summary>Where an expression stands: its names and whether aggregates may appear.</summary>
internal sealed class ExprContext(Scope scope, Clause clause)
{
    public Scope Scope { get; } = scope;
    public Clause Clause { get; } = clause;
    public bool InAggregate { get; set; }
    public bool SawAggregate { get; set; }

    public bool AggregatesAllowed => Clause is Clause.Select or Clause.Having or Clause.OrderBy or Clause.OrderByGrouped;
}

/// <summary>Expressions and conditions: name resolution and typing.</summary>
internal sealed partial class AdqlChecker
{
    private AdqlType CheckExpression(Expression expression, ExprContext context)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var type = Infer(expression, context);
        _model.Types[expression] = type;
        return type;
    }

    private AdqlType Infer(Expression expression, ExprContext context)
    {
        switch (expression)
        {
            case NumberLiteral n:
                return LiteralType(n);
            case StringLiteral:
                return AdqlType.Varchar;
            case NullLiteral:
                return AdqlType.Unknown;
            case ColumnReference c:
                var binding = ResolveColumn(c, context.Scope);
                _model.Columns[c] = binding;
                return binding.Type;
            case UnaryExpression u:
                return UnaryType(u, CheckExpression(u.Operand, context));
            case BinaryExpression b:
                return BinaryType(b, CheckExpression(b.Left, context), CheckExpression(b.Right, context));
            case CastExpression cast:
                return CastType(cast, CheckExpression(cast.Operand, context));
            case SearchedCase sc:
                var thenTypes = new List<(AdqlType, Expression)>();
                foreach (var when in sc.Whens)
                {
                    CheckCondition(when.When, context);
                    thenTypes.Add((CheckExpression(when.Then, context), when.Then));
                }

                if (sc.Else is not null)
                {
                    thenTypes.Add((CheckExpression(sc.Else, context), sc.Else));
                }

                return CommonType(thenTypes, "CASE");
            case SimpleCase sc:
                var subject = CheckExpression(sc.Operand, context);
                var results = new List<(AdqlType, Expression)>();
                foreach (var when in sc.Whens)
                {
                    var whenType = CheckExpression(when.When, context);
                    if (!Comparable(subject, whenType))
                    {
                        throw TypeMismatch("CASE", subject, whenType, when.When);
                    }

                    results.Add((CheckExpression(when.Then, context), when.Then));
                }

                if (sc.Else is not null)
                {
                    results.Add((CheckExpression(sc.Else, context), sc.Else));
                }

                return CommonType(results, "CASE");
            case ScalarSubquery s:
                var outputs = CheckQuery(s.Query, context.Scope, context.Scope.Ctes);
                if (outputs.Count != 1)
                {
                    throw new AdqlException($"A subquery used as a value must return one column, not {outputs.Count}", s.Position);
                }

                return outputs[0].Type;
            case FunctionCall f:
                return CheckFunction(f, context);
            default:
                throw new InvalidOperationException($"unknown expression {expression.GetType().Name}");
        }
    }

    // The typing rules below need only the operands' types, so the metadata-free check applies them too.
    private static AdqlType LiteralType(NumberLiteral n) => n.Kind switch
    {
        NumberKind.Integer or NumberKind.Hexadecimal =>
            int.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? AdqlType.Integer
            : long.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? AdqlType.Bigint
            : AdqlType.Double,
        _ => AdqlType.Double,
    };

    private static AdqlType UnaryType(UnaryExpression u, AdqlType operand)
    {
        if (u.Operator == UnaryOperator.BitNot)
        {
            RequireIntegral(operand, u.Operand, "~");
        }
        else
        {
            RequireNumber(operand, u.Operand, u.Operator == UnaryOperator.Minus ? "unary -" : "unary +");
        }

        return operand;
    }

    private static AdqlType BinaryType(BinaryExpression b, AdqlType left, AdqlType right)
    {
        switch (b.Operator)
        {
            case BinaryOperator.Concatenate:
                RequireString(left, b.Left, "||");
                RequireString(right, b.Right, "||");
                return AdqlType.Varchar;
            case BinaryOperator.BitAnd or BinaryOperator.BitOr or BinaryOperator.BitXor:
                var symbol = b.Operator switch { BinaryOperator.BitAnd => "&", BinaryOperator.BitOr => "|", _ => "^" };
                RequireIntegral(left, b.Left, symbol);
                RequireIntegral(right, b.Right, symbol);
                return Wider(left, right);
            default:
                var op = b.Operator switch
                {
                    BinaryOperator.Add => "+",
                    BinaryOperator.Subtract => "-",
                    BinaryOperator.Multiply => "*",
                    _ => "/",
                };
                RequireNumber(left, b.Left, op);
                RequireNumber(right, b.Right, op);
                return Wider(left, right);
        }
    }

    private static AdqlType Wider(AdqlType a, AdqlType b)
    {
        if (a == AdqlType.Unknown)
        {
            return b == AdqlType.Unknown ? AdqlType.Unknown : b;
        }

        if (b == AdqlType.Unknown)
        {
            return a;
        }

        if (a.IsIntegral() && b.IsIntegral())
        {
            return (AdqlType)Math.Max((int)a, (int)b);
        }

        return a == AdqlType.Real && b == AdqlType.Real ? AdqlType.Real : AdqlType.Double;
    }

    private static AdqlType CastType(CastExpression cast, AdqlType from)
    {
        var (to, ok) = cast.Target switch
        {
            CastTargetKind.Smallint => (AdqlType.Smallint, from.IsNumeric() || from.IsString()),
            CastTargetKind.Integer => (AdqlType.Integer, from.IsNumeric() || from.IsString()),
            CastTargetKind.Bigint => (AdqlType.Bigint, from.IsNumeric() || from.IsString()),
            CastTargetKind.Real => (AdqlType.Real, from.IsNumeric() || from.IsString()),
            CastTargetKind.DoublePrecision => (AdqlType.Double, from.IsNumeric() || from.IsString()),
            CastTargetKind.Char => (AdqlType.Char, !from.IsGeometry() && from is not (AdqlType.Binary or AdqlType.Array)),
            CastTargetKind.Varchar => (AdqlType.Varchar, !from.IsGeometry() && from is not (AdqlType.Binary or AdqlType.Array)),
            CastTargetKind.Timestamp => (AdqlType.Timestamp, from.IsString() || from == AdqlType.Timestamp),
            CastTargetKind.Point => (AdqlType.Point, from.IsString() || from == AdqlType.Point),
            CastTargetKind.Circle => (AdqlType.Circle, from.IsString() || from == AdqlType.Circle),
            _ => (AdqlType.Polygon, from.IsString() || from == AdqlType.Polygon),
        };
        if (!ok && from != AdqlType.Unknown)
        {
            throw new AdqlException($"Cannot CAST {from.Display()} to {to.Display()}", cast.Operand.Position);
        }

        return to;
    }

    private static AdqlType CommonType(List<(AdqlType Type, Expression Expression)> types, string what)
    {
        var result = AdqlType.Unknown;
        foreach (var (type, expression) in types)
        {
            if (result == AdqlType.Unknown)
            {
                result = type;
            }
            else if (type != AdqlType.Unknown)
            {
                if (!Comparable(result, type))
                {
                    throw TypeMismatch(what, result, type, expression);
                }

                result = result.IsNumeric() ? Wider(result, type)
                    : result.IsString() && type.IsString() && result != type ? AdqlType.Varchar
                    : result;
            }
        }

        return result;
    }

    /// <summary>Whether two types may be compared or mixed (CASE, COALESCE, UNION).</summary>
    internal static bool Comparable(AdqlType a, AdqlType b)
    {
        if (a == AdqlType.Unknown || b == AdqlType.Unknown)
        {
            return true;
        }

        static bool Text(AdqlType t) => t.IsString() || t == AdqlType.Clob;
        return (a.IsNumeric() && b.IsNumeric())
            || (Text(a) && Text(b))
            // Timestamps compare with ISO strings, as in DaCHS and CADC.
            || (a == AdqlType.Timestamp && (b == AdqlType.Timestamp || b.IsString()))
            || (b == AdqlType.Timestamp && a.IsString())
            || (a == b && a is AdqlType.Boolean);
    }

    private static AdqlException TypeMismatch(string what, AdqlType a, AdqlType b, Expression at) =>
        new($"{what} mixes {a.Display()} and {b.Display()}", at.Position);

    private static void RequireNumber(AdqlType type, Expression e, string what)
    {
        if (type != AdqlType.Unknown && !type.IsNumeric())
        {
            throw new AdqlException($"{what} needs a number, but this is {Article(type)}", e.Position);
        }
    }

    private static void RequireIntegral(AdqlType type, Expression e, string what)
    {
        if (type != AdqlType.Unknown && !type.IsIntegral())
        {
            throw new AdqlException($"{what} needs an integer, but this is {Article(type)}", e.Position);
        }
    }

    private static void RequireString(AdqlType type, Expression e, string what)
    {
        if (type != AdqlType.Unknown && !type.IsString() && type != AdqlType.Clob)
        {
            throw new AdqlException($"{what} needs a string, but this is {Article(type)}"
                + (type.IsNumeric() ? " (use CAST(x AS VARCHAR))" : ""), e.Position);
        }
    }

    internal static string Article(AdqlType type) => type switch
    {
        AdqlType.Unknown => "a value of unknown type",
        AdqlType.Integer or AdqlType.Interval or AdqlType.Array => "an " + type.Display(),
        _ => "a " + type.Display(),
    };

    private void CheckCondition(Condition condition, ExprContext context)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (condition)
        {
            case Comparison c:
                var left = CheckExpression(c.Left, context);
                var right = CheckExpression(c.Right, context);
                if (left.IsGeometry() || right.IsGeometry())
                {
                    throw new AdqlException(
                        "Geometries cannot be compared with =, <, >; use CONTAINS(a, b) = 1, INTERSECTS(a, b) = 1 or DISTANCE(p, q)",
                        (left.IsGeometry() ? c.Left : c.Right).Position);
                }

                if (!Comparable(left, right))
                {
                    throw new AdqlException($"Cannot compare {Article(left)} with {Article(right)}", c.Position);
                }

                break;
            case Between b:
                var subject = CheckExpression(b.Subject, context);
                var low = CheckExpression(b.Low, context);
                var high = CheckExpression(b.High, context);
                if (subject.IsGeometry() || !Comparable(subject, low) || !Comparable(subject, high))
                {
                    throw new AdqlException($"BETWEEN needs comparable values, but got {Article(subject)}, {Article(low)} and {Article(high)}",
                        b.Position);
                }

                break;
            case Like l:
                var keyword = l.CaseInsensitive ? "ILIKE" : "LIKE";
                RequireString(CheckExpression(l.Subject, context), l.Subject, keyword);
                RequireString(CheckExpression(l.Pattern, context), l.Pattern, keyword);
                break;
            case IsNull n:
                CheckExpression(n.Subject, context);
                break;
            case InList i:
                var value = CheckExpression(i.Subject, context);
                foreach (var item in i.Values)
                {
                    var itemType = CheckExpression(item, context);
                    if (value.IsGeometry() || !Comparable(value, itemType))
                    {
                        throw new AdqlException($"IN compares {Article(value)} with {Article(itemType)}", item.Position);
                    }
                }

                break;
            case InSubquery i:
                var needle = CheckExpression(i.Subject, context);
                var outputs = CheckQuery(i.Query, context.Scope, context.Scope.Ctes);
                if (outputs.Count != 1)
                {
                    throw new AdqlException($"The subquery of IN must return one column, not {outputs.Count}", i.Query.Position);
                }

                if (needle.IsGeometry() || !Comparable(needle, outputs[0].Type))
                {
                    throw new AdqlException($"IN compares {Article(needle)} with {Article(outputs[0].Type)}", i.Position);
                }

                break;
            case Exists e:
                CheckQuery(e.Query, context.Scope, context.Scope.Ctes);
                break;
            case Not n:
                CheckCondition(n.Operand, context);
                break;
            case Logical l:
                CheckCondition(l.Left, context);
                CheckCondition(l.Right, context);
                break;
            default:
                throw new InvalidOperationException($"unknown condition {condition.GetType().Name}");
        }
    }
}

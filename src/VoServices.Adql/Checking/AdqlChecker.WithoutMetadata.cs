using VoServices.Adql.Ast;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Checking;

/// <summary>
/// The rules that need no table metadata, for a syntax-only check (<c>vo adql --no-resolve</c>): function
/// names and argument counts, and where the result of a function may stand (no POINT in ||, no ABS(...) as
/// a geometry). This is the ADQL BNF's distinction between geometry, numeric and string value functions:
/// columns, literals, aggregates and subqueries are "primaries" that the grammar admits anywhere, so they
/// are of unknown type here (a string literal still marks the coordinate system of POINT, CIRCLE, BOX and
/// POLYGON). Tables and columns are not looked up. The type rules are the checker's own, applied to fewer
/// known types, so whatever this refuses, checking against any catalog refuses too.
/// </summary>
internal sealed partial class AdqlChecker
{
    /// <summary>Throws a positioned <see cref="AdqlException"/> for the first metadata-free rule the query breaks.</summary>
    public static void CheckWithoutMetadata(Query query) => WithoutMetadata.VisitQuery(query);

    private static class WithoutMetadata
    {
        public static void VisitQuery(Query query)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            foreach (var cte in query.With)
            {
                VisitQuery(cte.Query);
            }

            VisitBody(query.Body);
            foreach (var item in query.OrderBy)
            {
                TypeOf(item.Expression);
            }
        }

        private static void VisitBody(QueryBody body)
        {
            switch (body)
            {
                case QuerySpecification spec:
                    VisitSpecification(spec);
                    break;
                case ParenthesizedQuery p:
                    VisitQuery(p.Query);
                    break;
                case SetOperation set:
                    VisitBody(set.Left);
                    VisitBody(set.Right);
                    break;
                default:
                    throw new InvalidOperationException($"unknown query body {body.GetType().Name}");
            }
        }

        private static void VisitSpecification(QuerySpecification spec)
        {
            foreach (var from in spec.From)
            {
                VisitTable(from);
            }

            if (spec.Where is not null)
            {
                VisitCondition(spec.Where);
            }

            foreach (var item in spec.Items.OfType<ExpressionItem>())
            {
                TypeOf(item.Expression);
            }

            foreach (var g in spec.GroupBy)
            {
                TypeOf(g);
            }

            if (spec.Having is not null)
            {
                VisitCondition(spec.Having);
            }
        }

        private static void VisitTable(TableReference reference)
        {
            switch (reference)
            {
                case BaseTable:
                    break;
                case DerivedTable derived:
                    VisitQuery(derived.Query);
                    break;
                case Join join:
                    VisitTable(join.Left);
                    VisitTable(join.Right);
                    if (join.On is not null)
                    {
                        VisitCondition(join.On);
                    }

                    break;
                default:
                    throw new InvalidOperationException($"unknown table reference {reference.GetType().Name}");
            }
        }

        private static void VisitCondition(Condition condition)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (condition)
            {
                case Comparison c:
                    TypeOf(c.Left);
                    TypeOf(c.Right);
                    break;
                case Between b:
                    TypeOf(b.Subject);
                    TypeOf(b.Low);
                    TypeOf(b.High);
                    break;
                case Like l:
                    TypeOf(l.Subject);
                    TypeOf(l.Pattern);
                    break;
                case IsNull n:
                    TypeOf(n.Subject);
                    break;
                case InList i:
                    TypeOf(i.Subject);
                    foreach (var value in i.Values)
                    {
                        TypeOf(value);
                    }

                    break;
                case InSubquery i:
                    TypeOf(i.Subject);
                    VisitQuery(i.Query);
                    break;
                case Exists e:
                    VisitQuery(e.Query);
                    break;
                case Not n:
                    VisitCondition(n.Operand);
                    break;
                case Logical l:
                    VisitCondition(l.Left);
                    VisitCondition(l.Right);
                    break;
                default:
                    throw new InvalidOperationException($"unknown condition {condition.GetType().Name}");
            }
        }

        private static AdqlType TypeOf(Expression expression)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (expression)
            {
                case NumberLiteral or StringLiteral or NullLiteral or ColumnReference:
                    return AdqlType.Unknown;
                case UnaryExpression u:
                    return UnaryType(u, TypeOf(u.Operand));
                case BinaryExpression b:
                    return BinaryType(b, TypeOf(b.Left), TypeOf(b.Right));
                case CastExpression cast:
                    return CastType(cast, TypeOf(cast.Operand));
                case SearchedCase sc:
                    var thens = new List<(AdqlType, Expression)>();
                    foreach (var when in sc.Whens)
                    {
                        VisitCondition(when.When);
                        thens.Add((TypeOf(when.Then), when.Then));
                    }

                    if (sc.Else is not null)
                    {
                        thens.Add((TypeOf(sc.Else), sc.Else));
                    }

                    return CommonType(thens, "CASE");
                case SimpleCase sc:
                    TypeOf(sc.Operand);
                    var results = new List<(AdqlType, Expression)>();
                    foreach (var when in sc.Whens)
                    {
                        TypeOf(when.When);
                        results.Add((TypeOf(when.Then), when.Then));
                    }

                    if (sc.Else is not null)
                    {
                        results.Add((TypeOf(sc.Else), sc.Else));
                    }

                    return CommonType(results, "CASE");
                case ScalarSubquery s:
                    VisitQuery(s.Query);
                    return AdqlType.Unknown;
                case FunctionCall f:
                    return TypeOfFunction(f);
                default:
                    throw new InvalidOperationException($"unknown expression {expression.GetType().Name}");
            }
        }

        private static AdqlType TypeOfFunction(FunctionCall f)
        {
            var name = f.Name.Text.ToUpperInvariant();
            if (!AdqlLanguage.IsFunction(name) && IsUdfName(name))
            {
                // Which user-defined functions a service has is service metadata, as its tables are.
                foreach (var argument in f.Arguments)
                {
                    TypeOf(argument);
                }

                return AdqlType.Unknown;
            }

            RefuseUnknownFunction(f, name);
            if (Aggregates.Contains(name))
            {
                AggregateShape(f, name);
                AggregateType(f, name, f.Star ? AdqlType.Unknown : TypeOf(f.Arguments[0]));
                return AdqlType.Unknown; // a set function is a primary
            }

            RefuseQuantifier(f, name);
            var args = f.Arguments.Select(TypeOf).ToArray();
            if (name is "POINT" or "CIRCLE" or "BOX" or "POLYGON")
            {
                // The literals of a geometry tell its form: a leading string is the coordinate system, numbers are
                // coordinates and sizes (so CIRCLE('ICRS', 2, 3) lacks one, rather than being CIRCLE(point, radius)).
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = f.Arguments[i] switch
                    {
                        NumberLiteral n => LiteralType(n),
                        StringLiteral when i == 0 => AdqlType.Varchar,
                        _ => args[i],
                    };
                }
            }

            switch (name)
            {
                case "REGION":
                    // Its shape, and so its type, is in the STC-S text, which the full check reads.
                    Arity(f, 1);
                    return AdqlType.Unknown;
                case "IN_UNIT":
                    // The factor needs the value's unit from the metadata; the result is a number either way.
                    Arity(f, 2);
                    RequireNumber(args[0], f.Arguments[0], "argument 1 of IN_UNIT");
                    return AdqlType.Double;
                default:
                    return ScalarFunctionType(f, name, args);
            }
        }

        /// <summary>
        /// A name with a prefix, as ADQL 2.1 (section 2.4) asks of user-defined functions: letters or digits, an
        /// underscore, more (ivo_healpix_index, gavo_specconv). TAN2 is no such name, so it is an unknown function.
        /// </summary>
        private static bool IsUdfName(string name)
        {
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            return underscore > 0 && underscore < name.Length - 1;
        }
    }
}

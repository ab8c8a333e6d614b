using VoServices.Adql.Ast;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Checking;

/// <summary>The functions ADQL knows: argument counts and types, result types.</summary>
internal sealed partial class AdqlChecker
{
    private static readonly HashSet<string> Aggregates = new(StringComparer.Ordinal) { "COUNT", "AVG", "MIN", "MAX", "SUM" };

    internal static bool IsAggregate(string upperName) => Aggregates.Contains(upperName);

    private AdqlType CheckFunction(FunctionCall f, ExprContext context)
    {
        var name = f.Name.Text.ToUpperInvariant();

        RefuseUnknownFunction(f, name);
        if (Aggregates.Contains(name))
        {
            return CheckAggregate(f, name, context);
        }

        RefuseQuantifier(f, name);
        var args = new AdqlType[f.Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = CheckExpression(f.Arguments[i], context);
        }

        switch (name)
        {
            case "REGION":
                Arity(f, 1);
                return CheckRegion(f, context);
            case "IN_UNIT":
                Arity(f, 2);
                RequireNumber(args[0], f.Arguments[0], "argument 1 of IN_UNIT");
                return CheckInUnit(f);
            case "CONTAINS":
                var contains = ScalarFunctionType(f, name, args);

                // Well-formed, but always false (or a mistake): refused by the full check only.
                if (args[1] == AdqlType.Point && args[0] is not (AdqlType.Point or AdqlType.Unknown))
                {
                    throw new AdqlException($"CONTAINS(a, b) asks whether a is inside b; a POINT contains nothing but itself, not {Article(args[0])}",
                        f.Arguments[1].Position);
                }

                return contains;
            default:
                return ScalarFunctionType(f, name, args);
        }
    }

    /// <summary>AdqlLanguage is the one list of functions: a name it does not give never reaches the rules below.</summary>
    private static void RefuseUnknownFunction(FunctionCall f, string name)
    {
        if (!AdqlLanguage.IsFunction(name))
        {
            throw new AdqlException($"Unknown function '{f.Name.Text}'" + Hint(Suggestions.Closest(name, AdqlLanguage.FunctionNames)),
                f.Name.Position);
        }
    }

    private static void RefuseQuantifier(FunctionCall f, string name)
    {
        if (f.Star || f.Distinct)
        {
            throw new AdqlException($"{(f.Star ? "*" : "DISTINCT")} is only allowed in aggregate functions such as COUNT, not in {name}",
                f.Position);
        }
    }

    /// <summary>
    /// Argument counts and types of a function other than an aggregate, REGION or IN_UNIT, and its result type.
    /// Needs only the argument types (unknown ones pass), so the metadata-free check applies it too.
    /// </summary>
    private static AdqlType ScalarFunctionType(FunctionCall f, string name, AdqlType[] args)
    {
        switch (name)
        {
            case "ABS":
                Arity(f, 1);
                Numbers(f, args);
                return args[0] == AdqlType.Unknown ? AdqlType.Double : args[0];
            case "ACOS" or "ASIN" or "ATAN" or "COS" or "COT" or "SIN" or "TAN" or "DEGREES" or "RADIANS" or "EXP"
                or "LOG" or "LOG10" or "SQRT" or "CEILING" or "FLOOR":
                Arity(f, 1);
                Numbers(f, args);
                return AdqlType.Double;
            case "ATAN2" or "POWER":
                Arity(f, 2);
                Numbers(f, args);
                return AdqlType.Double;
            case "MOD":
                Arity(f, 2);
                Numbers(f, args);
                return args[0].IsIntegral() && args[1].IsIntegral() ? Wider(args[0], args[1]) : AdqlType.Double;
            case "PI":
                Arity(f, 0);
                return AdqlType.Double;
            case "RAND":
                Arity(f, 0, 1);
                Numbers(f, args);
                return AdqlType.Double;
            case "ROUND" or "TRUNCATE":
                Arity(f, 1, 2);
                Numbers(f, args);
                if (args.Length == 2)
                {
                    RequireIntegral(args[1], f.Arguments[1], $"argument 2 of {name}");
                }

                return AdqlType.Double;
            case "LOWER" or "UPPER":
                Arity(f, 1);
                RequireString(args[0], f.Arguments[0], name);
                return AdqlType.Varchar;
            case "COALESCE":
                if (args.Length < 1)
                {
                    throw WrongCount(f, "at least 1 argument");
                }

                return CommonType(args.Select((t, i) => (t, f.Arguments[i])).ToList(), "COALESCE");
            case "IVO_HASWORD" or "IVO_NOCASEMATCH":
                Arity(f, 2);
                RequireString(args[0], f.Arguments[0], $"argument 1 of {name}");
                RequireString(args[1], f.Arguments[1], $"argument 2 of {name}");
                return AdqlType.Integer;
            case "IVO_INTERVAL_OVERLAPS":
                Arity(f, 4);
                Numbers(f, args);
                return AdqlType.Integer;
            case "IVO_HEALPIX_INDEX":
                Arity(f, 2, 3);
                RequireIntegral(args[0], f.Arguments[0], "the HEALPix order (argument 1 of IVO_HEALPIX_INDEX)");
                if (args.Length == 2)
                {
                    Geometry(f, args, 1, AdqlType.Point);
                }
                else
                {
                    RequireNumber(args[1], f.Arguments[1], "argument 2 of IVO_HEALPIX_INDEX");
                    RequireNumber(args[2], f.Arguments[2], "argument 3 of IVO_HEALPIX_INDEX");
                }

                return AdqlType.Bigint;
            case "IVO_HEALPIX_CENTER":
                Arity(f, 2);
                RequireIntegral(args[0], f.Arguments[0], "the HEALPix order (argument 1 of IVO_HEALPIX_CENTER)");
                RequireIntegral(args[1], f.Arguments[1], "the HEALPix index (argument 2 of IVO_HEALPIX_CENTER)");
                return AdqlType.Point;
            default:
                return CheckGeometryFunction(f, name, args)
                    ?? throw new InvalidOperationException($"AdqlLanguage lists {name}, but the checker has no rule for it");
        }
    }

    private AdqlType CheckAggregate(FunctionCall f, string name, ExprContext context)
    {
        if (!context.AggregatesAllowed)
        {
            throw new AdqlException($"Aggregate function {name} is not allowed in {ClauseName(context.Clause)}"
                + (context.Clause == Clause.Where ? " (use HAVING)" : ""), f.Position);
        }

        if (context.InAggregate)
        {
            throw new AdqlException($"Aggregate function {name} cannot be nested in another aggregate", f.Position);
        }

        context.SawAggregate = true;
        AggregateShape(f, name);
        if (f.Star)
        {
            return AdqlType.Bigint;
        }

        context.InAggregate = true;
        AdqlType arg;
        try
        {
            arg = CheckExpression(f.Arguments[0], context);
        }
        finally
        {
            context.InAggregate = false;
        }

        return AggregateType(f, name, arg);
    }

    /// <summary>COUNT(*), or one argument.</summary>
    private static void AggregateShape(FunctionCall f, string name)
    {
        if (f.Star)
        {
            if (name != "COUNT")
            {
                throw new AdqlException($"Only COUNT accepts *, not {name}", f.Position);
            }

            return;
        }

        Arity(f, 1);
    }

    private static AdqlType AggregateType(FunctionCall f, string name, AdqlType arg)
    {
        if (f.Star)
        {
            return AdqlType.Bigint;
        }

        switch (name)
        {
            case "COUNT":
                return AdqlType.Bigint;
            case "AVG":
                RequireNumber(arg, f.Arguments[0], "AVG");
                return AdqlType.Double;
            case "SUM":
                RequireNumber(arg, f.Arguments[0], "SUM");
                return arg.IsIntegral() ? AdqlType.Bigint : AdqlType.Double;
            default:
                if (arg.IsGeometry() || arg is AdqlType.Binary or AdqlType.Array)
                {
                    throw new AdqlException($"{name} cannot order {Article(arg)}", f.Arguments[0].Position);
                }

                return arg;
        }
    }

    private static string ClauseName(Clause clause) => clause switch
    {
        Clause.Where => "WHERE",
        Clause.On => "a join condition",
        Clause.GroupBy => "GROUP BY",
        _ => clause.ToString(),
    };

    /// <summary>Geometry functions; null if the name is not one.</summary>
    private static AdqlType? CheckGeometryFunction(FunctionCall f, string name, AdqlType[] args)
    {
        switch (name)
        {
            case "POINT":
            {
                var first = SkipCoordSys(f, args, 2);
                Arity(f, first + 2, first + 2);
                NumbersFrom(f, args, first);
                return AdqlType.Point;
            }

            case "CIRCLE":
            {
                var first = SkipCoordSys(f, args, 2);
                if (args.Length - first == 2 && !args[first].IsNumeric())
                {
                    Geometry(f, args, first, AdqlType.Point);
                    RequireNumber(args[first + 1], f.Arguments[first + 1], "the radius of CIRCLE");
                }
                else
                {
                    Arity(f, first + 3, first + 3, "CIRCLE([coordsys,] lon, lat, radius) or CIRCLE(point, radius)");
                    NumbersFrom(f, args, first);
                }

                CheckCircleRadius(f.Arguments[^1]);
                return AdqlType.Circle;
            }

            case "BOX":
            {
                var first = SkipCoordSys(f, args, 3);
                if (args.Length - first == 3 && !args[first].IsNumeric())
                {
                    Geometry(f, args, first, AdqlType.Point);
                    NumbersFrom(f, args, first + 1);
                }
                else
                {
                    Arity(f, first + 4, first + 4, "BOX([coordsys,] lon, lat, width, height) or BOX(point, width, height)");
                    NumbersFrom(f, args, first);
                }

                return AdqlType.Polygon;
            }

            case "POLYGON":
            {
                var first = SkipCoordSys(f, args, 3);
                var rest = args.Length - first;
                if (IsPolygonOfPoints(args, first))
                {
                    if (rest < 3)
                    {
                        throw WrongCount(f, "at least 3 points");
                    }

                    TooManyVertices(f, rest);

                    for (var i = first; i < args.Length; i++)
                    {
                        Geometry(f, args, i, AdqlType.Point);
                    }
                }
                else
                {
                    if (rest < 6 || rest % 2 != 0)
                    {
                        throw WrongCount(f, "at least 3 vertices: POLYGON([coordsys,] lon1, lat1, lon2, lat2, lon3, lat3, ...) or POLYGON(p1, p2, p3, ...)");
                    }

                    TooManyVertices(f, rest / 2);

                    NumbersFrom(f, args, first);
                }

                return AdqlType.Polygon;
            }

            case "CONTAINS":
                Arity(f, 2);
                AnyGeometry(f, args, 0);
                AnyGeometry(f, args, 1);
                return AdqlType.Integer;
            case "INTERSECTS":
                Arity(f, 2);
                AnyGeometry(f, args, 0);
                AnyGeometry(f, args, 1);
                return AdqlType.Integer;
            case "DISTANCE":
                if (args.Length == 2)
                {
                    Geometry(f, args, 0, AdqlType.Point);
                    Geometry(f, args, 1, AdqlType.Point);
                }
                else
                {
                    Arity(f, 4, 4, "DISTANCE(point, point) or DISTANCE(lon1, lat1, lon2, lat2)");
                    NumbersFrom(f, args, 0);
                }

                return AdqlType.Double;
            case "AREA":
                Arity(f, 1);
                AnyGeometry(f, args, 0);
                return AdqlType.Double;
            case "CENTROID":
                Arity(f, 1);
                AnyGeometry(f, args, 0);
                return AdqlType.Point;
            case "COORD1" or "COORD2":
                Arity(f, 1);
                Geometry(f, args, 0, AdqlType.Point);
                return AdqlType.Double;
            case "COORDSYS":
                Arity(f, 1);
                AnyGeometry(f, args, 0);
                return AdqlType.Varchar;
            default:
                return null;
        }
    }

    /// <summary>
    /// 1 if the first argument is the deprecated coordinate-system string (ADQL 2.1 makes it optional;
    /// a NULL literal stands for "not given" too), else 0. <paramref name="minimumRest"/> is how many
    /// arguments must follow it.
    /// </summary>
    internal static int SkipCoordSys(FunctionCall f, AdqlType[] args, int minimumRest)
    {
        if (args.Length > minimumRest && (args[0].IsString() || f.Arguments[0] is NullLiteral))
        {
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// Whether POLYGON has the form POLYGON(p1, p2, p3, ...): its first vertex is a POINT, or of unknown type
    /// where the coordinates form cannot fit (fewer than 6 or an odd number of arguments).
    /// </summary>
    internal static bool IsPolygonOfPoints(AdqlType[] args, int first)
    {
        var rest = args.Length - first;
        return rest >= 1 && (args[first] == AdqlType.Point || (args[first] == AdqlType.Unknown && (rest < 6 || rest % 2 != 0)));
    }

    private static void Arity(FunctionCall f, int min, int? max = null, string? usage = null)
    {
        var upper = max ?? min;
        var n = f.Arguments.Count;
        if (n < min || n > upper)
        {
            throw WrongCount(f, usage ?? (min == upper ? $"{min} argument{(min == 1 ? "" : "s")}" : $"{min} to {upper} arguments"));
        }
    }

    /// <summary>
    /// pgsphere's cost grows with the vertices and a long polygon cannot be cancelled mid-way (10,000 held a core
    /// for ~70 s); 1,000 is more than any survey footprint written into a query needs.
    /// </summary>
    internal const int MaxPolygonVertices = 1000;

    private static void TooManyVertices(FunctionCall f, int vertices)
    {
        if (vertices > MaxPolygonVertices)
        {
            throw new AdqlException($"POLYGON may have at most {MaxPolygonVertices} vertices, but was given {vertices}", f.Position);
        }
    }

    private static AdqlException WrongCount(FunctionCall f, string expected) =>
        new($"{f.Name.Text.ToUpperInvariant()} takes {expected}, but was given {f.Arguments.Count}", f.Position);

    private static void Numbers(FunctionCall f, AdqlType[] args) => NumbersFrom(f, args, 0);

    private static void NumbersFrom(FunctionCall f, AdqlType[] args, int first)
    {
        for (var i = first; i < args.Length; i++)
        {
            if (args[i] != AdqlType.Unknown && !args[i].IsNumeric())
            {
                throw new AdqlException(
                    $"Argument {i + 1} of {f.Name.Text.ToUpperInvariant()} must be a number, but it is {Article(args[i])}",
                    f.Arguments[i].Position);
            }
        }
    }

    private static void Geometry(FunctionCall f, AdqlType[] args, int index, AdqlType expected)
    {
        if (args[index] != AdqlType.Unknown && args[index] != expected)
        {
            throw new AdqlException(
                $"Argument {index + 1} of {f.Name.Text.ToUpperInvariant()} must be a {expected.Display()}, but it is {Article(args[index])}",
                f.Arguments[index].Position);
        }
    }

    private static void AnyGeometry(FunctionCall f, AdqlType[] args, int index)
    {
        if (args[index] != AdqlType.Unknown && !args[index].IsGeometry())
        {
            throw new AdqlException(
                $"Argument {index + 1} of {f.Name.Text.ToUpperInvariant()} must be a geometry (POINT, CIRCLE, POLYGON or a region column), but it is {Article(args[index])}",
                f.Arguments[index].Position);
        }
    }

    /// <summary>Units and UCDs of computed columns where ADQL defines them.</summary>
    private OutputColumn Describe(Expression e, OutputColumn meta)
    {
        if (e is not FunctionCall f)
        {
            return meta;
        }

        var name = f.Name.Text.ToUpperInvariant();
        OutputColumn? argMeta = f.Arguments.Count == 1 && f.Arguments[0] is ColumnReference c && _model.Columns.TryGetValue(c, out var b)
            ? b.Meta
            : null;
        return name switch
        {
            "DISTANCE" => meta with { Unit = "deg", Ucd = "pos.angDistance" },
            "AREA" => meta with { Unit = "deg**2", Ucd = "phys.angArea" },
            "COORD1" => meta with { Unit = "deg", Ucd = "pos.eq.ra" },
            "COORD2" => meta with { Unit = "deg", Ucd = "pos.eq.dec" },
            "POINT" or "CIRCLE" or "POLYGON" or "BOX" or "CENTROID" or "REGION" => meta with { Unit = "deg" },
            "IN_UNIT" => meta with
            {
                Unit = _model.UnitConversions[f].Unit,
                Ucd = f.Arguments[0] is ColumnReference source && _model.Columns.TryGetValue(source, out var s) ? s.Meta.Ucd : null,
            },
            "COUNT" => meta with { Ucd = "meta.number" },
            "MIN" => meta with { Unit = UnitOf(f.Arguments[0]), Ucd = argMeta?.Ucd is { } u1 ? "stat.min;" + u1 : "stat.min" },
            "MAX" => meta with { Unit = UnitOf(f.Arguments[0]), Ucd = argMeta?.Ucd is { } u2 ? "stat.max;" + u2 : "stat.max" },
            "AVG" => meta with { Unit = UnitOf(f.Arguments[0]), Ucd = argMeta?.Ucd is { } u3 ? "stat.mean;" + u3 : "stat.mean" },
            "SUM" => meta with { Unit = UnitOf(f.Arguments[0]) },
            "IVO_HEALPIX_INDEX" => meta with { Ucd = "pos.healpix" },
            _ => meta,
        };
    }

    /// <summary>
    /// The largest circle radius, in degrees: CIRCLE becomes a pgsphere scircle, whose radius must be at
    /// most 90 degrees (a PostgreSQL error, so a 500, before). A wider cap is the complement of a narrower
    /// one; write that as CONTAINS(...) = 0 with the antipodal centre and 180 - r.
    /// </summary>
    internal const double MaxCircleRadius = 90;

    /// <summary>Refuses a literal radius outside 0..90 degrees (a computed one is the database's to judge).</summary>
    private static void CheckCircleRadius(Expression radius)
    {
        if (LiteralValue(radius) is { } r && r is < 0 or > MaxCircleRadius)
        {
            throw new AdqlException(
                $"The radius of CIRCLE must be between 0 and {MaxCircleRadius} degrees, not {r.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
                + (r > MaxCircleRadius && r <= 180 ? " (for a wider circle, use CONTAINS(...) = 0 with the opposite centre and 180 minus the radius)" : ""),
                radius.Position);
        }
    }

    /// <summary>The value of a number literal, optionally signed; null for anything else.</summary>
    internal static double? LiteralValue(Expression e) => e switch
    {
        NumberLiteral n when double.TryParse(n.Text, System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var v) => v,
        UnaryExpression { Operator: UnaryOperator.Minus, Operand: var o } when LiteralValue(o) is { } v => -v,
        UnaryExpression { Operator: UnaryOperator.Plus, Operand: var o } => LiteralValue(o),
        _ => null,
    };
}

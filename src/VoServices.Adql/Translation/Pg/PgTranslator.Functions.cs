using System.Globalization;
using VoServices.Adql.Ast;
using VoServices.Adql.Checking;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Translation.Pg;

/// <summary>
/// ADQL functions to PostgreSQL. Only names listed here reach SQL: a query cannot name a database
/// function itself (the checker rejects unknown names), so pg_sleep and friends are unreachable.
/// </summary>
internal sealed partial class PgTranslator
{
    private void WriteFunction(FunctionCall f)
    {
        var name = f.Name.Text.ToUpperInvariant();
        var args = f.Arguments;
        switch (name)
        {
            case "ABS":
                Call("abs", args[0]);
                return;
            case "ACOS" or "ASIN" or "ATAN" or "COS" or "COT" or "SIN" or "TAN" or "DEGREES" or "RADIANS" or "EXP"
                or "SQRT" or "CEILING" or "FLOOR":
                CallDouble(name.ToLowerInvariant(), args);
                return;
            case "LOG":
                CallDouble("ln", args);
                return;
            case "LOG10":
                CallDouble("log", args);
                return;
            case "ATAN2" or "POWER":
                CallDouble(name.ToLowerInvariant(), args);
                return;
            case "MOD":
                if (_model.TypeOf(args[0]).IsIntegral() && _model.TypeOf(args[1]).IsIntegral())
                {
                    Call("mod", args[0], args[1]);
                }
                else
                {
                    // PostgreSQL has no mod(double, double); numeric keeps the sign of the dividend, as ADQL wants.
                    _sb.Append("CAST(mod(CAST(");
                    WriteExpression(args[0]);
                    _sb.Append(" AS numeric), CAST(");
                    WriteExpression(args[1]);
                    _sb.Append(" AS numeric)) AS double precision)");
                }

                return;
            case "PI":
                _sb.Append("pi()");
                return;
            case "RAND":
                // The seed has no defined meaning in ADQL; PostgreSQL's random() takes none.
                _sb.Append("random()");
                return;
            case "ROUND" or "TRUNCATE":
                var pg = name == "ROUND" ? "round" : "trunc";
                if (args.Count == 1)
                {
                    CallDouble(pg, args);
                }
                else
                {
                    // The two-argument forms exist for numeric only.
                    _sb.Append("CAST(").Append(pg).Append("(CAST(");
                    WriteExpression(args[0]);
                    _sb.Append(" AS numeric), CAST(");
                    WriteExpression(args[1]);
                    _sb.Append(" AS integer)) AS double precision)");
                }

                return;
            case "LOWER" or "UPPER" or "COALESCE":
                Call(name.ToLowerInvariant(), [.. args]);
                return;
            case "COUNT" or "AVG" or "MIN" or "MAX" or "SUM":
                _sb.Append(name.ToLowerInvariant()).Append('(');
                if (f.Star)
                {
                    _sb.Append('*');
                }
                else
                {
                    if (f.Distinct)
                    {
                        _sb.Append("DISTINCT ");
                    }

                    WriteExpression(args[0]);
                }

                _sb.Append(')');
                return;
            case "IVO_HASWORD" or "IVO_NOCASEMATCH" or "IVO_INTERVAL_OVERLAPS":
                Call(name.ToLowerInvariant(), [.. args]);
                return;
            case "IVO_HEALPIX_INDEX":
                _sb.Append("healpix_nest(CAST(");
                WriteExpression(args[0]);
                _sb.Append(" AS integer), ");
                if (args.Count == 2)
                {
                    WriteExpression(args[1]);
                }
                else
                {
                    WritePoint(args[1], args[2]);
                }

                _sb.Append(')');
                return;
            case "IVO_HEALPIX_CENTER":
                _sb.Append("center_of_healpix_nest(CAST(");
                WriteExpression(args[0]);
                _sb.Append(" AS integer), CAST(");
                WriteExpression(args[1]);
                _sb.Append(" AS bigint))");
                return;
            case "IN_UNIT":
                // The factor was fixed by the checker from the column's unit; double precision as ADQL 2.1 says.
                var factor = _model.UnitConversions[f].Factor;
                _sb.Append("(CAST(");
                WriteExpression(args[0]);
                _sb.Append(" AS double precision)");
                if (factor != 1)
                {
                    _sb.Append(" * ").Append(factor.ToString("R", CultureInfo.InvariantCulture));
                }

                _sb.Append(')');
                return;
            case "REGION":
                // The same SQL as the CIRCLE/POLYGON/BOX/POINT call the STC-S stands for.
                WriteExpression(_model.Regions[f]);
                return;
            default:
                WriteGeometryFunction(f, name, args);
                return;
        }
    }

    private void WriteGeometryFunction(FunctionCall f, string name, IReadOnlyList<Expression> args)
    {
        var types = args.Select(_model.TypeOf).ToArray();
        switch (name)
        {
            case "POINT":
            {
                var first = AdqlChecker.SkipCoordSys(f, types, 2);
                WritePoint(args[first], args[first + 1]);
                return;
            }

            case "CIRCLE":
            {
                var first = AdqlChecker.SkipCoordSys(f, types, 2);
                _sb.Append("scircle(");
                int radius;
                if (args.Count - first == 2)
                {
                    WriteExpression(args[first]);
                    radius = first + 1;
                }
                else
                {
                    WritePoint(args[first], args[first + 1]);
                    radius = first + 2;
                }

                _sb.Append(", ");
                WriteCircleRadius(args[radius]);
                _sb.Append(')');
                return;
            }

            case "BOX":
            {
                var first = AdqlChecker.SkipCoordSys(f, types, 3);
                Call("adql_box", [.. args.Skip(first)]);
                return;
            }

            case "POLYGON":
            {
                var first = AdqlChecker.SkipCoordSys(f, types, 3);
                var points = AdqlChecker.IsPolygonOfPoints(types, first);
                _sb.Append("adql_polygon(ARRAY[");
                for (var i = first; i < args.Count; i++)
                {
                    if (i > first)
                    {
                        _sb.Append(", ");
                    }

                    if (points)
                    {
                        WriteExpression(args[i]);
                    }
                    else
                    {
                        _sb.Append("CAST(");
                        WriteExpression(args[i]);
                        _sb.Append(" AS double precision)");
                    }
                }

                _sb.Append("])");
                return;
            }

            case "CONTAINS" or "INTERSECTS":
                // As a value (not compared with 0/1): NULL stays NULL, as in the predicate form.
                _sb.Append("CAST(");
                WriteGeometryPredicate(f);
                _sb.Append(" AS integer)");
                return;
            case "DISTANCE":
                _sb.Append("degrees(");
                if (args.Count == 2)
                {
                    _sb.Append('(');
                    WriteExpression(args[0]);
                    _sb.Append(" <-> ");
                    WriteExpression(args[1]);
                    _sb.Append(')');
                }
                else
                {
                    _sb.Append('(');
                    WritePoint(args[0], args[1]);
                    _sb.Append(" <-> ");
                    WritePoint(args[2], args[3]);
                    _sb.Append(')');
                }

                _sb.Append(')');
                return;
            case "AREA":
                if (types[0] == AdqlType.Point)
                {
                    _sb.Append("CAST(0 AS double precision)");
                }
                else
                {
                    // Steradians to square degrees: two factors of 180/pi.
                    _sb.Append("degrees(degrees(area(");
                    WriteExpression(args[0]);
                    _sb.Append(")))");
                }

                return;
            case "CENTROID":
                Call("adql_centroid", args[0]);
                return;
            case "COORD1":
                _sb.Append("degrees(long(");
                WriteExpression(args[0]);
                _sb.Append("))");
                return;
            case "COORD2":
                _sb.Append("degrees(lat(");
                WriteExpression(args[0]);
                _sb.Append("))");
                return;
            case "COORDSYS":
                // Everything here is ICRS; the deprecated function only reports it.
                _sb.Append("'ICRS'");
                return;
            default:
                throw new InvalidOperationException($"AdqlLanguage lists {name}, but the translator has no SQL for it");
        }
    }

    private void Call(string sqlName, params Expression[] args)
    {
        _sb.Append(sqlName).Append('(');
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                _sb.Append(", ");
            }

            WriteExpression(args[i]);
        }

        _sb.Append(')');
    }

    /// <summary>A double-precision function: integer arguments are cast so PostgreSQL picks the double overload.</summary>
    private void CallDouble(string sqlName, IReadOnlyList<Expression> args)
    {
        _sb.Append(sqlName).Append('(');
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0)
            {
                _sb.Append(", ");
            }

            var type = _model.TypeOf(args[i]);
            if (type == AdqlType.Double || type == AdqlType.Real)
            {
                WriteExpression(args[i]);
            }
            else
            {
                _sb.Append("CAST(");
                WriteExpression(args[i]);
                _sb.Append(" AS double precision)");
            }
        }

        _sb.Append(')');
    }
}

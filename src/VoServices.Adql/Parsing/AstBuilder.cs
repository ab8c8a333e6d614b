using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using System.Text;
using Antlr4.Runtime;
using VoServices.Adql.Ast;
using static VoServices.Adql.Generated.AdqlParser;

namespace VoServices.Adql.Parsing;

/// <summary>
/// Turns the generated parse tree into the hand-written immutable AST. Only this type knows the
/// generated context classes; everything after parsing works on <see cref="Query"/>.
/// </summary>
internal static class AstBuilder
{
    public static Query Build(QueryContext context)
    {
        var with = context.withClause() is { } w ? BuildWith(w) : [];
        return new Query(with, BuildBody(context.queryExpression()), BuildOrderBy(context.orderByClause()),
            BuildOffset(context.offsetClause()), Pos(context.Start));
    }

    private static SourcePosition Pos(IToken token) => new(token.Line, token.Column + 1);

    private static List<CommonTableExpression> BuildWith(WithClauseContext context)
    {
        if (context.RECURSIVE() is { } recursive)
        {
            throw new AdqlException("WITH RECURSIVE is not supported in ADQL", Pos(recursive.Symbol));
        }

        return context.withItem().Select(item =>
        {
            var names = item.identifier();
            return new CommonTableExpression(BuildIdentifier(names[0]), names.Skip(1).Select(BuildIdentifier).ToList(),
                BuildSubquery(item.subqueryBody()), Pos(item.Start));
        }).ToList();
    }

    private static Query BuildSubquery(SubqueryBodyContext context) =>
        new([], BuildBody(context.queryExpression()), BuildOrderBy(context.orderByClause()),
            BuildOffset(context.offsetClause()), Pos(context.Start));

    private static QueryBody BuildBody(QueryExpressionContext context) => context switch
    {
        PrimaryQueryContext c => c.queryPrimary() switch
        {
            SpecificationPrimaryContext s => BuildSpecification(s.querySpecification()),
            ParenthesizedPrimaryContext p => new ParenthesizedQuery(BuildSubquery(p.subqueryBody()), Pos(p.Start)),
            _ => throw Unexpected(c),
        },
        IntersectQueryContext c => new SetOperation(BuildBody(c.left), SetOperator.Intersect, c.ALL() is not null,
            BuildBody(c.right), Pos(c.Start)),
        UnionQueryContext c => new SetOperation(BuildBody(c.left),
            c.op.Type == Generated.AdqlLexer.UNION ? SetOperator.Union : SetOperator.Except, c.ALL() is not null,
            BuildBody(c.right), Pos(c.Start)),
        _ => throw Unexpected(context),
    };

    private static QuerySpecification BuildSpecification(QuerySpecificationContext context)
    {
        long? top = context.topClause() is { } t ? ParseCount(t.UNSIGNED_INTEGER().Symbol, "TOP") : null;
        var items = context.selectList().selectItem().Select(BuildSelectItem).ToList();
        var from = context.fromClause().tableReference().Select(BuildTableReference).ToList();
        var where = context.whereClause() is { } w ? BuildCondition(w.searchCondition()) : null;
        var groupBy = context.groupByClause() is { } g ? g.valueExpression().Select(BuildExpression).ToList() : [];
        var having = context.havingClause() is { } h ? BuildCondition(h.searchCondition()) : null;
        return new QuerySpecification(context.setQuantifier()?.DISTINCT() is not null, top, items, from, where, groupBy,
            having, Pos(context.Start));
    }

    private static long ParseCount(IToken token, string clause)
    {
        if (!long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new AdqlException($"{clause} value {token.Text} is too large", Pos(token));
        }

        return value;
    }

    private static long? BuildOffset(OffsetClauseContext? context) =>
        context is null ? null : ParseCount(context.UNSIGNED_INTEGER().Symbol, "OFFSET");

    private static List<SortItem> BuildOrderBy(OrderByClauseContext? context) =>
        context is null
            ? []
            : context.sortSpecification()
                .Select(s => new SortItem(BuildExpression(s.valueExpression()), s.DESC() is not null, Pos(s.Start)))
                .ToList();

    private static SelectItem BuildSelectItem(SelectItemContext context) => context switch
    {
        AllColumnsItemContext c => new AllColumns(Pos(c.Start)),
        QualifiedAllColumnsItemContext c => new QualifiedAllColumns(BuildTableName(c.qualifiedName()), Pos(c.Start)),
        ExpressionItemContext c => new ExpressionItem(BuildExpression(c.valueExpression()),
            c.identifier() is { } alias ? BuildIdentifier(alias) : null, Pos(c.Start)),
        _ => throw Unexpected(context),
    };

    private static TableReference BuildTableReference(TableReferenceContext context) => context switch
    {
        PrimaryTableReferenceContext c => BuildTablePrimary(c.tablePrimary()),
        CrossJoinContext c => new Join(BuildTableReference(c.left), BuildTablePrimary(c.right), JoinKind.Cross, false,
            null, [], Pos(c.Start)),
        NaturalJoinContext c => new Join(BuildTableReference(c.left), BuildTablePrimary(c.right), JoinKindOf(c.joinType()),
            true, null, [], Pos(c.Start)),
        QualifiedJoinContext c => c.joinSpecification() switch
        {
            OnJoinContext on => new Join(BuildTableReference(c.left), BuildTablePrimary(c.right), JoinKindOf(c.joinType()),
                false, BuildCondition(on.searchCondition()), [], Pos(c.Start)),
            UsingJoinContext u => new Join(BuildTableReference(c.left), BuildTablePrimary(c.right), JoinKindOf(c.joinType()),
                false, null, u.identifier().Select(BuildIdentifier).ToList(), Pos(c.Start)),
            // No ON, USING or NATURAL (the ADQL BNF allows it): no condition restricts the pairs of rows.
            // [INNER] JOIN is then a cross join; an outer kind stays outer (the translator adds ON TRUE).
            null => new Join(BuildTableReference(c.left), BuildTablePrimary(c.right),
                JoinKindOf(c.joinType()) is JoinKind.Inner ? JoinKind.Cross : JoinKindOf(c.joinType()), false, null, [], Pos(c.Start)),
            _ => throw Unexpected(c),
        },
        _ => throw Unexpected(context),
    };

    private static JoinKind JoinKindOf(JoinTypeContext? context) =>
        context is null || context.INNER() is not null ? JoinKind.Inner
        : context.LEFT() is not null ? JoinKind.Left
        : context.RIGHT() is not null ? JoinKind.Right
        : JoinKind.Full;

    private static TableReference BuildTablePrimary(TablePrimaryContext context)
    {
        switch (context)
        {
            case BaseTableContext c:
                var samples = c.tableSample();
                if (samples.Length > 1)
                {
                    throw new AdqlException("TABLESAMPLE may be given only once per table", Pos(samples[1].Start));
                }

                double? percent = samples.Length == 1 ? SamplePercent(samples[0]) : null;
                return new BaseTable(BuildTableName(c.qualifiedName()),
                    c.identifier() is { } alias ? BuildIdentifier(alias) : null, percent, Pos(c.Start));
            case DerivedTableContext c:
                return new DerivedTable(BuildSubquery(c.subqueryBody()), BuildIdentifier(c.identifier()), Pos(c.Start));
            case ParenthesizedJoinContext c:
                return BuildTableReference(c.tableReference());
            default:
                throw Unexpected(context);
        }
    }

    private static double SamplePercent(TableSampleContext context)
    {
        var number = context.signedNumber();
        var value = double.Parse(BuildNumber(number.unsignedNumber()).Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (number.MINUS() is not null)
        {
            value = -value;
        }

        if (!(value > 0 && value <= 100))
        {
            throw new AdqlException("TABLESAMPLE takes a percentage of rows: a number greater than 0 and at most 100",
                Pos(number.Start));
        }

        return value;
    }

    private static Condition BuildCondition(SearchConditionContext context)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return context switch
        {
        PredicateConditionContext c => BuildPredicate(c.predicate()),
        NotConditionContext c => new Not(BuildCondition(c.searchCondition()), Pos(c.Start)),
        AndConditionContext c => new Logical(LogicalOperator.And, BuildCondition(c.left), BuildCondition(c.right), Pos(c.Start)),
        OrConditionContext c => new Logical(LogicalOperator.Or, BuildCondition(c.left), BuildCondition(c.right), Pos(c.Start)),
        _ => throw Unexpected(context),
        };
    }

    private static Condition BuildPredicate(PredicateContext context) => context switch
    {
        ComparisonPredicateContext c => new Comparison(BuildExpression(c.left), ComparisonOf(c.compOp()),
            BuildExpression(c.right), Pos(c.Start)),
        BetweenPredicateContext c => new Between(BuildExpression(c.subject), BuildExpression(c.low), BuildExpression(c.high),
            c.NOT() is not null, Pos(c.Start)),
        LikePredicateContext c => new Like(BuildExpression(c.subject), BuildExpression(c.pattern), c.NOT() is not null,
            c.op.Type == Generated.AdqlLexer.ILIKE, Pos(c.Start)),
        NullPredicateContext c => new IsNull(BuildExpression(c.valueExpression()), c.NOT() is not null, Pos(c.Start)),
        InSubqueryPredicateContext c => new InSubquery(BuildExpression(c.valueExpression()), BuildSubquery(c.subqueryBody()),
            c.NOT() is not null, Pos(c.Start)),
        InListPredicateContext c => new InList(BuildExpression(c.valueExpression(0)),
            c.valueExpression().Skip(1).Select(BuildExpression).ToList(), c.NOT() is not null, Pos(c.Start)),
        ExistsPredicateContext c => new Exists(BuildSubquery(c.subqueryBody()), Pos(c.Start)),
        ParenthesizedConditionContext c => BuildCondition(c.searchCondition()),
        _ => throw Unexpected(context),
    };

    private static ComparisonOperator ComparisonOf(CompOpContext context) => context.Start.Type switch
    {
        Generated.AdqlLexer.EQUAL => ComparisonOperator.Equal,
        Generated.AdqlLexer.NOT_EQUAL => ComparisonOperator.NotEqual,
        Generated.AdqlLexer.LESS => ComparisonOperator.Less,
        Generated.AdqlLexer.GREATER => ComparisonOperator.Greater,
        Generated.AdqlLexer.LESS_EQUAL => ComparisonOperator.LessOrEqual,
        _ => ComparisonOperator.GreaterOrEqual,
    };

    private static Expression BuildExpression(ValueExpressionContext context)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return context switch
        {
        PrimaryExpressionContext c => BuildPrimary(c.primary()),
        UnaryExpressionContext c => BuildUnary(c),
        MultiplicativeExpressionContext c => Binary(c.op.Type == Generated.AdqlLexer.ASTERISK
            ? BinaryOperator.Multiply : BinaryOperator.Divide, c.left, c.right, c),
        AdditiveExpressionContext c => Binary(c.op.Type == Generated.AdqlLexer.PLUS
            ? BinaryOperator.Add : BinaryOperator.Subtract, c.left, c.right, c),
        BitAndExpressionContext c => Binary(BinaryOperator.BitAnd, c.left, c.right, c),
        BitXorExpressionContext c => Binary(BinaryOperator.BitXor, c.left, c.right, c),
        BitOrExpressionContext c => Binary(BinaryOperator.BitOr, c.left, c.right, c),
        ConcatExpressionContext c => Binary(BinaryOperator.Concatenate, c.left, c.right, c),
        _ => throw Unexpected(context),
        };
    }

    private static BinaryExpression Binary(BinaryOperator op, ValueExpressionContext left, ValueExpressionContext right,
        ParserRuleContext context) =>
        new(op, BuildExpression(left), BuildExpression(right), Pos(context.Start));

    private static Expression BuildUnary(UnaryExpressionContext context)
    {
        var operand = BuildExpression(context.valueExpression());
        var op = context.op.Type switch
        {
            Generated.AdqlLexer.PLUS => UnaryOperator.Plus,
            Generated.AdqlLexer.MINUS => UnaryOperator.Minus,
            _ => UnaryOperator.BitNot,
        };
        return new UnaryExpression(op, operand, Pos(context.Start));
    }

    private static Expression BuildPrimary(PrimaryContext context)
    {
        switch (context)
        {
            case NumberLiteralContext c:
                return BuildNumber(c.unsignedNumber());
            case StringLiteralContext c:
                return BuildString(c);
            case NullLiteralContext c:
                return new NullLiteral(Pos(c.Start));
            case CastExpressionContext c:
                return BuildCast(c);
            case SimpleCaseExpressionContext c:
                return new SimpleCase(BuildExpression(c.valueExpression()),
                    c.caseValueWhen().Select(w => new SimpleWhen(BuildExpression(w.valueExpression(0)),
                        BuildExpression(w.valueExpression(1)), Pos(w.Start))).ToList(),
                    c.caseElse() is { } e1 ? BuildExpression(e1.valueExpression()) : null, Pos(c.Start));
            case SearchedCaseExpressionContext c:
                return new SearchedCase(
                    c.caseConditionWhen().Select(w => new SearchedWhen(BuildCondition(w.searchCondition()),
                        BuildExpression(w.valueExpression()), Pos(w.Start))).ToList(),
                    c.caseElse() is { } e2 ? BuildExpression(e2.valueExpression()) : null, Pos(c.Start));
            case FunctionCallContext c:
                return BuildFunctionCall(c);
            case ColumnReferenceContext c:
                return BuildColumnReference(c.qualifiedName());
            case ScalarSubqueryContext c:
                return new ScalarSubquery(BuildSubquery(c.subqueryBody()), Pos(c.Start));
            case ParenthesizedExpressionContext c:
                return BuildExpression(c.valueExpression());
            default:
                throw Unexpected(context);
        }
    }

    private static FunctionCall BuildFunctionCall(FunctionCallContext context)
    {
        var name = new Identifier(context.name.Text, false, Pos(context.name));
        var arguments = context.functionArguments();
        var star = arguments?.ASTERISK() is not null;
        var args = arguments is null || star ? [] : arguments.valueExpression().Select(BuildExpression).ToList();
        var quantifier = context.setQuantifier();
        return new FunctionCall(name, args, quantifier?.DISTINCT() is not null, star, Pos(context.Start));
    }

    /// <summary>A table name, or the qualifier of t.*: [catalog.][schema.]table, so at most three parts.</summary>
    private static QualifiedName BuildTableName(QualifiedNameContext context)
    {
        var name = BuildQualifiedName(context);
        if (name.Parts.Count > 3)
        {
            throw new AdqlException($"'{name}' has too many parts: a table is at most catalog.schema.table", name.Position);
        }

        return name;
    }

    private static ColumnReference BuildColumnReference(QualifiedNameContext context)
    {
        var name = BuildQualifiedName(context);
        if (name.Parts.Count > 4)
        {
            throw new AdqlException($"'{name}' has too many parts: a column is at most catalog.schema.table.column",
                name.Position);
        }

        var qualifier = name.Parts.Count == 1
            ? null
            : new QualifiedName(name.Parts.Take(name.Parts.Count - 1).ToList(), name.Position);
        return new ColumnReference(qualifier, name.Last, name.Position);
    }

    private static Expression BuildCast(CastExpressionContext context)
    {
        var target = context.castTarget();
        var words = string.Join(" ", target.REGULAR_IDENTIFIER().Select(t => t.GetText().ToUpperInvariant()));
        CastTargetKind? kind = words switch
        {
            "SMALLINT" => CastTargetKind.Smallint,
            "INTEGER" or "INT" => CastTargetKind.Integer,
            "BIGINT" => CastTargetKind.Bigint,
            "REAL" => CastTargetKind.Real,
            "DOUBLE PRECISION" => CastTargetKind.DoublePrecision,
            "CHAR" or "CHARACTER" => CastTargetKind.Char,
            "VARCHAR" or "CHAR VARYING" or "CHARACTER VARYING" => CastTargetKind.Varchar,
            "TIMESTAMP" => CastTargetKind.Timestamp,
            "POINT" => CastTargetKind.Point,
            "CIRCLE" => CastTargetKind.Circle,
            "POLYGON" => CastTargetKind.Polygon,
            _ => null,
        };
        if (kind is null)
        {
            throw new AdqlException(
                $"Cannot CAST to '{words}': the types are SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, CHAR(n), VARCHAR(n), TIMESTAMP, POINT, CIRCLE and POLYGON",
                Pos(target.Start));
        }

        int? length = null;
        if (target.UNSIGNED_INTEGER() is { } n)
        {
            if (kind is not (CastTargetKind.Char or CastTargetKind.Varchar))
            {
                throw new AdqlException($"Only CHAR and VARCHAR take a length, not {words}", Pos(n.Symbol));
            }

            if (!int.TryParse(n.GetText(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 10485760)
            {
                throw new AdqlException("A CHAR/VARCHAR length must be between 1 and 10485760", Pos(n.Symbol));
            }

            length = parsed;
        }

        return new CastExpression(BuildExpression(context.valueExpression()), kind.Value, length, Pos(context.Start));
    }

    private static NumberLiteral BuildNumber(UnsignedNumberContext context)
    {
        var token = context.Start;
        var text = token.Text;
        switch (token.Type)
        {
            case Generated.AdqlLexer.HEX_LITERAL:
                var value = BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                if (value > long.MaxValue)
                {
                    throw new AdqlException($"Hexadecimal literal {text} does not fit in a BIGINT", Pos(token));
                }

                return new NumberLiteral(value.ToString(CultureInfo.InvariantCulture), NumberKind.Hexadecimal, Pos(token));
            case Generated.AdqlLexer.UNSIGNED_INTEGER:
                return new NumberLiteral(text, NumberKind.Integer, Pos(token));
            case Generated.AdqlLexer.EXACT_DECIMAL:
                return new NumberLiteral(text, NumberKind.Decimal, Pos(token));
            default:
                // Validates the exponent range: a literal like 1E999 would be an error in PostgreSQL only.
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsInfinity(d))
                {
                    throw new AdqlException($"Number {text} is out of range for DOUBLE PRECISION", Pos(token));
                }

                return new NumberLiteral(text.ToUpperInvariant(), NumberKind.Approximate, Pos(token));
        }
    }

    private static StringLiteral BuildString(StringLiteralContext context)
    {
        var parts = context.STRING_LITERAL();
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            var text = part.GetText();
            sb.Append(text, 1, text.Length - 2);
        }

        sb.Replace("''", "'");
        var value = sb.ToString();
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new AdqlException("A string literal may not contain the NUL character", Pos(context.Start));
        }

        return new StringLiteral(value, Pos(context.Start));
    }

    private static QualifiedName BuildQualifiedName(QualifiedNameContext context) =>
        new(context.identifier().Select(BuildIdentifier).ToList(), Pos(context.Start));

    private static Identifier BuildIdentifier(IdentifierContext context)
    {
        var token = context.Start;
        if (token.Type == Generated.AdqlLexer.DELIMITED_IDENTIFIER)
        {
            var inner = token.Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            if (inner.Contains('\0', StringComparison.Ordinal))
            {
                throw new AdqlException("A delimited identifier may not contain the NUL character", Pos(token));
            }

            return new Identifier(inner, true, Pos(token));
        }

        if (AdqlReservedWords.Contains(token.Text))
        {
            throw new AdqlException(
                $"'{token.Text}' is an ADQL reserved word; write it as a delimited identifier, \"{token.Text.ToLowerInvariant()}\", to use it as a name",
                Pos(token));
        }

        return new Identifier(token.Text, false, Pos(token));
    }

    /// <summary>
    /// The reserved words ADQL 2.1 adds to SQL's (section 2.1.2) that the lexer does not already make keywords:
    /// its function and type names. They may not be regular identifiers (columns, tables, aliases), so
    /// <c>SELECT distance FROM t</c> is refused with a hint to quote the name; as function names they work as usual.
    /// SQL-92's own reserved words that the grammar does not need (size, date, value) stay usable, leniently.
    /// </summary>
    private static readonly FrozenSet<string> AdqlReservedWords = new[]
    {
        "ABS", "ACOS", "AREA", "ASIN", "ATAN", "ATAN2", "BIGINT", "BOX", "CEILING", "CENTROID", "CIRCLE", "CONTAINS",
        "COORD1", "COORD2", "COORDSYS", "COS", "COT", "DEGREES", "DISTANCE", "EXP", "FLOOR", "IN_UNIT", "INTERSECTS",
        "LOG", "LOG10", "MOD", "PI", "POINT", "POLYGON", "POWER", "RADIANS", "RAND", "REGION", "ROUND", "SIN", "SQRT",
        "TAN", "TRUNCATE",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static InvalidOperationException Unexpected(ParserRuleContext context) =>
        new($"AST builder does not handle {context.GetType().Name} (grammar and builder are out of step)");
}

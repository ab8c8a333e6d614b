namespace VoServices.Adql.Ast;

/// <summary>
/// A complete query: optional WITH, a body (one SELECT or a set operation), and the ORDER BY and
/// OFFSET that apply to the whole body. Also used for every parenthesised subquery.
/// </summary>
public sealed record Query(
    IReadOnlyList<CommonTableExpression> With,
    QueryBody Body,
    IReadOnlyList<SortItem> OrderBy,
    long? Offset,
    SourcePosition Position) : AdqlNode(Position);

/// <summary>WITH name [(columns)] AS (query).</summary>
public sealed record CommonTableExpression(
    Identifier Name,
    IReadOnlyList<Identifier> ColumnNames,
    Query Query,
    SourcePosition Position) : AdqlNode(Position);

public abstract record QueryBody(SourcePosition Position) : AdqlNode(Position);

/// <summary>SELECT [DISTINCT] [TOP n] items FROM ... [WHERE] [GROUP BY] [HAVING].</summary>
public sealed record QuerySpecification(
    bool Distinct,
    long? Top,
    IReadOnlyList<SelectItem> Items,
    IReadOnlyList<TableReference> From,
    Condition? Where,
    IReadOnlyList<Expression> GroupBy,
    Condition? Having,
    SourcePosition Position) : QueryBody(Position);

public enum SetOperator
{
    Union,
    Except,
    Intersect,
}

/// <summary>left UNION|EXCEPT|INTERSECT [ALL] right; grouping as parsed (INTERSECT binds tighter).</summary>
public sealed record SetOperation(
    QueryBody Left,
    SetOperator Operator,
    bool All,
    QueryBody Right,
    SourcePosition Position) : QueryBody(Position);

/// <summary>A parenthesised operand of a set operation, which may carry its own ORDER BY/OFFSET.</summary>
public sealed record ParenthesizedQuery(Query Query, SourcePosition Position) : QueryBody(Position);

public abstract record SelectItem(SourcePosition Position) : AdqlNode(Position);

/// <summary>SELECT *.</summary>
public sealed record AllColumns(SourcePosition Position) : SelectItem(Position);

/// <summary>SELECT t.*.</summary>
public sealed record QualifiedAllColumns(QualifiedName Qualifier, SourcePosition Position) : SelectItem(Position);

/// <summary>SELECT expression [AS alias].</summary>
public sealed record ExpressionItem(Expression Expression, Identifier? Alias, SourcePosition Position) : SelectItem(Position);

/// <summary>ORDER BY item: an expression, an output column name or a 1-based position.</summary>
public sealed record SortItem(Expression Expression, bool Descending, SourcePosition Position) : AdqlNode(Position);

public abstract record TableReference(SourcePosition Position) : AdqlNode(Position);

/// <summary>A published table, with an optional correlation name and the DaCHS-style TABLESAMPLE(percent).</summary>
public sealed record BaseTable(QualifiedName Name, Identifier? Alias, double? SamplePercent, SourcePosition Position)
    : TableReference(Position);

/// <summary>(subquery) AS alias.</summary>
public sealed record DerivedTable(Query Query, Identifier Alias, SourcePosition Position) : TableReference(Position);

public enum JoinKind
{
    Inner,
    Left,
    Right,
    Full,
    Cross,
}

/// <summary>
/// left [NATURAL] kind JOIN right [ON condition | USING (columns)]. A comma in FROM is not a Join:
/// it is a further item of <see cref="QuerySpecification.From"/>.
/// </summary>
public sealed record Join(
    TableReference Left,
    TableReference Right,
    JoinKind Kind,
    bool Natural,
    Condition? On,
    IReadOnlyList<Identifier> Using,
    SourcePosition Position) : TableReference(Position);

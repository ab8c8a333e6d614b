namespace VoServices.Adql.Ast;

/// <summary>A search condition (WHERE, HAVING, ON, CASE WHEN): true, false or unknown, never a value.</summary>
public abstract record Condition(SourcePosition Position) : AdqlNode(Position);

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
}

public sealed record Comparison(Expression Left, ComparisonOperator Operator, Expression Right, SourcePosition Position)
    : Condition(Position);

public sealed record Between(Expression Subject, Expression Low, Expression High, bool Negated, SourcePosition Position)
    : Condition(Position);

/// <summary>[NOT] LIKE / ILIKE.</summary>
public sealed record Like(Expression Subject, Expression Pattern, bool Negated, bool CaseInsensitive, SourcePosition Position)
    : Condition(Position);

public sealed record IsNull(Expression Subject, bool Negated, SourcePosition Position) : Condition(Position);

public sealed record InList(Expression Subject, IReadOnlyList<Expression> Values, bool Negated, SourcePosition Position)
    : Condition(Position);

public sealed record InSubquery(Expression Subject, Query Query, bool Negated, SourcePosition Position) : Condition(Position);

public sealed record Exists(Query Query, SourcePosition Position) : Condition(Position);

public sealed record Not(Condition Operand, SourcePosition Position) : Condition(Position);

public enum LogicalOperator
{
    And,
    Or,
}

public sealed record Logical(LogicalOperator Operator, Condition Left, Condition Right, SourcePosition Position) : Condition(Position);

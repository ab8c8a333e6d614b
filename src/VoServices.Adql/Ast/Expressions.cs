namespace VoServices.Adql.Ast;

/// <summary>A value expression (numbers, strings, geometries, ...).</summary>
public abstract record Expression(SourcePosition Position) : AdqlNode(Position);

public enum NumberKind
{
    /// <summary>Digits only; may exceed 64 bits (then it is an exact numeric).</summary>
    Integer,

    /// <summary>Digits with a decimal point, no exponent.</summary>
    Decimal,

    /// <summary>With an exponent: a double.</summary>
    Approximate,

    /// <summary>0x... ; <see cref="NumberLiteral.Text"/> holds the decimal value.</summary>
    Hexadecimal,
}

/// <summary>An unsigned numeric literal; Text is canonical decimal text, safe to emit verbatim.</summary>
public sealed record NumberLiteral(string Text, NumberKind Kind, SourcePosition Position) : Expression(Position);

/// <summary>A string literal's value, with '' already unescaped and adjacent parts joined.</summary>
public sealed record StringLiteral(string Value, SourcePosition Position) : Expression(Position);

public sealed record NullLiteral(SourcePosition Position) : Expression(Position);

/// <summary>A column, optionally qualified by [schema.]table or a correlation name.</summary>
public sealed record ColumnReference(QualifiedName? Qualifier, Identifier Column, SourcePosition Position) : Expression(Position);

/// <summary>
/// Any call name(args): built-in, geometry, aggregate or user-defined; the checker resolves the name.
/// <see cref="Star"/> is COUNT(*); <see cref="Distinct"/> is an aggregate's DISTINCT.
/// </summary>
public sealed record FunctionCall(
    Identifier Name,
    IReadOnlyList<Expression> Arguments,
    bool Distinct,
    bool Star,
    SourcePosition Position) : Expression(Position);

public enum UnaryOperator
{
    Plus,
    Minus,
    BitNot,
}

public sealed record UnaryExpression(UnaryOperator Operator, Expression Operand, SourcePosition Position) : Expression(Position);

public enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Concatenate,
    BitAnd,
    BitOr,
    BitXor,
}

/// <summary>A binary operation; the tree keeps the written grouping, so a-b-c stays (a-b)-c.</summary>
public sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right, SourcePosition Position)
    : Expression(Position);

public enum CastTargetKind
{
    Smallint,
    Integer,
    Bigint,
    Real,
    DoublePrecision,
    Char,
    Varchar,
    Timestamp,
    Point,
    Circle,
    Polygon,
}

/// <summary>CAST(operand AS target[(length)]).</summary>
public sealed record CastExpression(Expression Operand, CastTargetKind Target, int? Length, SourcePosition Position)
    : Expression(Position);

/// <summary>CASE WHEN condition THEN value ... [ELSE value] END.</summary>
public sealed record SearchedCase(IReadOnlyList<SearchedWhen> Whens, Expression? Else, SourcePosition Position) : Expression(Position);

public sealed record SearchedWhen(Condition When, Expression Then, SourcePosition Position) : AdqlNode(Position);

/// <summary>CASE operand WHEN value THEN value ... [ELSE value] END.</summary>
public sealed record SimpleCase(Expression Operand, IReadOnlyList<SimpleWhen> Whens, Expression? Else, SourcePosition Position)
    : Expression(Position);

public sealed record SimpleWhen(Expression When, Expression Then, SourcePosition Position) : AdqlNode(Position);

/// <summary>(SELECT ...) used as a value.</summary>
public sealed record ScalarSubquery(Query Query, SourcePosition Position) : Expression(Position);

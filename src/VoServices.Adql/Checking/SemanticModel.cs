using VoServices.Adql.Ast;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Checking;

/// <summary>How a column reference reaches the database: "qualifier"."column" (no qualifier for a USING column).</summary>
internal sealed record ColumnBinding(string? SqlQualifier, string SqlColumn, OutputColumn Meta, AdqlType Type);

/// <summary>
/// One column of a query's result: an expression item, or one column of an expanded '*'.
/// <see cref="Normal"/> is the folded name (what outer queries match and the SQL alias).
/// </summary>
internal sealed record SelectOutput(
    string Normal,
    OutputColumn Meta,
    AdqlType Type,
    Expression? Expression,
    ColumnBinding? Column);

/// <summary>An IN_UNIT call: the factor from the value's unit to <see cref="Unit"/>, the unit as the query wrote it.</summary>
internal sealed record UnitConversion(double Factor, string Unit);

/// <summary>A table reference resolved for SQL: the object to read and the alias to read it under.</summary>
internal sealed record TableBinding(string? SqlSchema, string SqlTable, string SqlAlias);

/// <summary>
/// What the checker learned about a query, for the translator: bindings and types, keyed by node
/// identity (records compare by value, and equal-looking nodes in different scopes differ).
/// </summary>
internal sealed class SemanticModel
{
    private static readonly ReferenceEqualityComparer Identity = ReferenceEqualityComparer.Instance;

    public Dictionary<ColumnReference, ColumnBinding> Columns { get; } = new(Identity);
    public Dictionary<Expression, AdqlType> Types { get; } = new(Identity);
    public Dictionary<TableReference, TableBinding> Tables { get; } = new(Identity);
    public Dictionary<QuerySpecification, List<SelectOutput>> SelectLists { get; } = new(Identity);
    public Dictionary<QueryBody, List<SelectOutput>> BodyOutputs { get; } = new(Identity);

    /// <summary>ORDER BY / GROUP BY items that name an output column: its 1-based position.</summary>
    public Dictionary<AdqlNode, int> OutputPositions { get; } = new(Identity);

    /// <summary>Natural joins: the columns (SQL names) they join on.</summary>
    public Dictionary<Join, List<string>> NaturalColumns { get; } = new(Identity);

    /// <summary>IN_UNIT calls and their conversion factors.</summary>
    public Dictionary<FunctionCall, UnitConversion> UnitConversions { get; } = new(Identity);

    /// <summary>REGION calls and the geometry call (POINT, CIRCLE, BOX, POLYGON) each stands for.</summary>
    public Dictionary<FunctionCall, FunctionCall> Regions { get; } = new(Identity);

    public AdqlType TypeOf(Expression e) => Types.TryGetValue(e, out var t) ? t : AdqlType.Unknown;
}

namespace VoServices.Adql.Ast;

/// <summary>Where a node starts in the query text: 1-based line and column.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>Every AST node knows where it starts, so checking errors can point at it.</summary>
public abstract record AdqlNode(SourcePosition Position);

/// <summary>
/// An identifier as written. Regular identifiers compare case-insensitively (folded to lower case,
/// as PostgreSQL does); delimited ones ("...") compare exactly.
/// </summary>
public sealed record Identifier(string Text, bool Delimited, SourcePosition Position) : AdqlNode(Position)
{
    /// <summary>The name after case folding: what is compared and what reaches the database.</summary>
    public string Normal { get; } = Delimited ? Text : Text.ToLowerInvariant();

    public override string ToString() => Delimited ? "\"" + Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : Text;
}

/// <summary>A dotted name: [catalog.][schema.]table or [[schema.]table.]column.</summary>
public sealed record QualifiedName(IReadOnlyList<Identifier> Parts, SourcePosition Position) : AdqlNode(Position)
{
    public Identifier Last => Parts[^1];

    public override string ToString() => string.Join(".", Parts);
}

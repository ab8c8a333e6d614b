using VoServices.Adql.Ast;

namespace VoServices.Adql;

/// <summary>
/// What is wrong with a query and where: 1-based line and column of the offending text.
/// The message is meant for the user as is (it may end with a hint such as "did you mean ...?").
/// </summary>
public sealed record AdqlError(string Message, int Line, int Column)
{
    internal AdqlError(string message, SourcePosition position)
        : this(message, position.Line, position.Column)
    {
    }

    /// <summary>"line L, column C: message", the form TAP error documents and the CLI show.</summary>
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>Internal control flow: the first error found aborts parsing or checking.</summary>
internal sealed class AdqlException(AdqlError error) : Exception(error.ToString())
{
    public AdqlError Error { get; } = error;

    public AdqlException(string message, SourcePosition position)
        : this(new AdqlError(message, position))
    {
    }
}

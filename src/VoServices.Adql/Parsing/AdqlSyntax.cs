using Antlr4.Runtime;
using Antlr4.Runtime.Atn;
using Antlr4.Runtime.Misc;
using VoServices.Adql.Ast;
using VoServices.Adql.Generated;

namespace VoServices.Adql.Parsing;

/// <summary>The result of parsing: a query, or the first syntax error.</summary>
public sealed record AdqlParseResult(Query? Query, AdqlError? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>Turns ADQL text into the AST (syntax only: no table metadata involved).</summary>
public static class AdqlSyntax
{
    /// <summary>Parses one query; never throws for bad input, returns the positioned error instead.</summary>
    public static AdqlParseResult Parse(string adql)
    {
        ArgumentNullException.ThrowIfNull(adql);
        try
        {
            return new AdqlParseResult(ParseOrThrow(adql), null);
        }
        catch (AdqlException e)
        {
            return new AdqlParseResult(null, e.Error);
        }
        catch (InsufficientExecutionStackException)
        {
            return new AdqlParseResult(null, TooDeep);
        }
    }

    internal static readonly AdqlError TooDeep = new("The query is nested too deeply to be processed", 1, 1);

    /// <summary>
    /// Nesting depth beyond which a query is refused before parsing. The generated parser recurses once per
    /// level (parenthesis, CASE, and each prefix NOT, +, - or ~) without checking the stack, so 50,000 NOTs
    /// would overflow it and kill the process; PostgreSQL too gives up ("stack depth limit exceeded") on
    /// deep expressions. No real query comes near 100.
    /// </summary>
    internal const int MaxNestingDepth = 100;

    internal static Query ParseOrThrow(string adql)
    {
        var lexer = new AdqlLexer(new AntlrInputStream(adql));
        lexer.RemoveErrorListeners();
        var tokens = new CommonTokenStream(lexer);
        tokens.Fill();
        CheckNesting(tokens.GetTokens());
        var parser = new AdqlParser(tokens) { BuildParseTree = true };
        parser.RemoveErrorListeners();

        // Two-stage parsing: the fast SLL mode succeeds for nearly every query; only when it
        // fails do we pay for full LL, which also gives the exact error position.
        parser.Interpreter.PredictionMode = PredictionMode.SLL;
        parser.ErrorHandler = new BailErrorStrategy();
        AdqlParser.QueryContext tree;
        try
        {
            tree = parser.query();
        }
        catch (ParseCanceledException)
        {
            tokens.Seek(0);
            parser.Reset();
            parser.Interpreter.PredictionMode = PredictionMode.LL;
            parser.ErrorHandler = new DefaultErrorStrategy();
            parser.AddErrorListener(new ThrowingErrorListener());
            tree = parser.query();
        }

        return AstBuilder.Build(tree);
    }

    /// <summary>
    /// A cheap scan of the tokens for the nesting the parser would recurse into: open parentheses and
    /// CASEs, plus the current run of prefix operators (NOT NOT x, - - 1) on top of them.
    /// </summary>
    private static void CheckNesting(IList<IToken> tokens)
    {
        var depth = 0;
        var prefixRun = 0;
        foreach (var token in tokens)
        {
            if (token.Channel != TokenConstants.DefaultChannel)
            {
                continue; // whitespace and comments separate NOT NOT but do not end the run
            }

            switch (token.Type)
            {
                case AdqlLexer.LPAREN:
                    if (++depth > MaxNestingDepth)
                    {
                        throw new AdqlException($"Parentheses are nested more than {MaxNestingDepth} deep",
                            new SourcePosition(token.Line, token.Column + 1));
                    }

                    break;
                case AdqlLexer.CASE:
                    depth++;
                    break;
                case AdqlLexer.RPAREN or AdqlLexer.END:
                    depth--;
                    break;
            }

            prefixRun = token.Type is AdqlLexer.NOT or AdqlLexer.PLUS or AdqlLexer.MINUS or AdqlLexer.TILDE ? prefixRun + 1 : 0;
            if (depth + prefixRun > MaxNestingDepth)
            {
                throw new AdqlException(
                    $"The expression is nested more than {MaxNestingDepth} deep (parentheses, CASE, NOT or signs)",
                    new SourcePosition(token.Line, token.Column + 1));
            }
        }
    }

    /// <summary>Reports the first syntax error in words a user understands, then stops.</summary>
    private sealed class ThrowingErrorListener : BaseErrorListener
    {
        public override void SyntaxError(TextWriter output, IRecognizer recognizer, IToken offendingSymbol, int line,
            int charPositionInLine, string msg, RecognitionException e)
        {
            var parser = (Parser)recognizer;
            IntervalSet expected;
            try
            {
                expected = e?.GetExpectedTokens() ?? parser.GetExpectedTokens();
            }
            catch (ArgumentException)
            {
                expected = new IntervalSet();
            }

            var previous = Previous((ITokenStream)parser.InputStream, offendingSymbol);
            var position = new SourcePosition(offendingSymbol.Line, offendingSymbol.Column + 1);
            if (offendingSymbol.Type == TokenConstants.EOF && previous is not null)
            {
                // "Unexpected end" points just after the last word, not at a trailing newline.
                var text = previous.Text ?? "";
                var newline = text.LastIndexOf('\n');
                position = newline < 0
                    ? new SourcePosition(previous.Line, previous.Column + 1 + text.Length)
                    : new SourcePosition(previous.Line + text.Count(c => c == '\n'), text.Length - newline);
            }

            if (previous is { Type: AdqlLexer.SEMICOLON } && offendingSymbol.Type != TokenConstants.EOF)
            {
                throw new AdqlException("Only one statement is allowed; nothing may follow ';'",
                    new SourcePosition(previous.Line, previous.Column + 1));
            }

            throw new AdqlException(SyntaxMessages.Describe(offendingSymbol, previous, expected, parser.Vocabulary), position);
        }

        private static IToken? Previous(ITokenStream tokens, IToken token)
        {
            for (var i = token.TokenIndex - 1; i >= 0; i--)
            {
                var candidate = tokens.Get(i);
                if (candidate.Channel == TokenConstants.DefaultChannel)
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}

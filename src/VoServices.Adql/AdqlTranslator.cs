using System.Diagnostics.CodeAnalysis;
using VoServices.Adql.Ast;
using VoServices.Adql.Checking;
using VoServices.Adql.Metadata;
using VoServices.Adql.Parsing;
using VoServices.Adql.Translation.Pg;

namespace VoServices.Adql;

/// <summary>Per-query translation settings.</summary>
public sealed record AdqlTranslationOptions
{
    /// <summary>
    /// The most rows the SQL may return, combined with the query's TOP into one LIMIT (the smaller wins).
    /// A TAP service passes MAXREC+1 and reports OVERFLOW when the extra row arrives.
    /// </summary>
    public long? RowLimit { get; init; }

    public static AdqlTranslationOptions Default { get; } = new();
}

/// <summary>
/// A translated query (<see cref="Sql"/> and <see cref="Columns"/>) or why it could not be translated
/// (<see cref="Error"/>, with line and column).
/// </summary>
public sealed class AdqlTranslation
{
    private readonly string? _sql;

    private AdqlTranslation(string? sql, IReadOnlyList<OutputColumn> columns, Query? query, AdqlError? error)
    {
        _sql = sql;
        Columns = columns;
        Query = query;
        Error = error;
    }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Query))]
    public bool Succeeded => Error is null;

    /// <summary>
    /// One PostgreSQL SELECT statement (no trailing semicolon). User values are inline literals
    /// produced by the translator's single escaper; there are no parameters to bind.
    /// </summary>
    public string Sql => _sql ?? throw new InvalidOperationException($"the query did not translate: {Error}");

    /// <summary>The result columns in select-list order, with their VOTable metadata.</summary>
    public IReadOnlyList<OutputColumn> Columns { get; }

    /// <summary>The parsed query (for callers that want to look at it, e.g. to log the tables used).</summary>
    public Query? Query { get; }

    public AdqlError? Error { get; }

    internal static AdqlTranslation Success(string sql, IReadOnlyList<OutputColumn> columns, Query query) =>
        new(sql, columns, query, null);

    internal static AdqlTranslation Failure(AdqlError error) => new(null, [], null, error);
}

/// <summary>
/// The entry point: ADQL text in, PostgreSQL + pgsphere out (parse, check against the catalog, translate).
/// Thread-safe; never throws for a bad query, returns a positioned <see cref="AdqlError"/> instead.
/// </summary>
public static class AdqlTranslator
{
    public static AdqlTranslation Translate(string adql, ISchemaCatalog catalog, AdqlTranslationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(adql);
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= AdqlTranslationOptions.Default;
        if (options.RowLimit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RowLimit must not be negative");
        }

        try
        {
            var query = AdqlSyntax.ParseOrThrow(adql);
            var model = AdqlChecker.Check(query, catalog);
            var sql = PgTranslator.Translate(query, model, options.RowLimit);
            var columns = model.BodyOutputs[query.Body].Select(o => o.Meta).ToList();
            return AdqlTranslation.Success(sql, columns, query);
        }
        catch (AdqlException e)
        {
            return AdqlTranslation.Failure(e.Error);
        }
        catch (InsufficientExecutionStackException)
        {
            return AdqlTranslation.Failure(AdqlSyntax.TooDeep);
        }
    }

    /// <summary>
    /// Syntax and the rules that need no table metadata (known functions, their argument counts, the types of
    /// literals and function results, e.g. no POINT in ||): null if the query passes, else the positioned error.
    /// Tables and columns are not looked up. What this refuses, <see cref="Translate"/> refuses for any catalog.
    /// </summary>
    public static AdqlError? CheckSyntax(string adql)
    {
        var parsed = AdqlSyntax.Parse(adql);
        if (parsed.Query is null)
        {
            return parsed.Error;
        }

        try
        {
            AdqlChecker.CheckWithoutMetadata(parsed.Query);
            return null;
        }
        catch (AdqlException e)
        {
            return e.Error;
        }
        catch (InsufficientExecutionStackException)
        {
            return AdqlSyntax.TooDeep;
        }
    }
}

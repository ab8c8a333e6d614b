using Npgsql;
using VoServices.Dali;

namespace VoServices.Database;

/// <summary>
/// PostgreSQL failures as DALI faults: a statement timeout or a data error of the user's own query is
/// the user's (400), a database that is down or full is 503. Everything else stays what it is (a bug).
/// </summary>
public static class PostgresFaults
{
    /// <summary>The fault <paramref name="exception"/> is for the client, or null when it is no database failure the client caused or should retry.</summary>
    public static DaliException? Translate(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            PostgresException pg when pg.SqlState == PostgresErrorCodes.QueryCanceled => new DaliException(DaliErrorKind.BadRequest,
                "The query was cancelled because it ran longer than the execution time limit; " +
                "restrict it (e.g. with a WHERE clause on indexed columns or TOP) or run it as an asynchronous job", inner: pg),
            PostgresException pg when IsUserDataError(pg.SqlState) =>
                new DaliException(DaliErrorKind.BadRequest, "The query failed in the database: " + pg.MessageText, inner: pg),
            PostgresException pg when IsUserQueryError(pg.SqlState) =>
                new DaliException(DaliErrorKind.BadRequest, "The query is not valid: " + pg.MessageText, inner: pg),
            PostgresException pg when pg.SqlState is PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown => Unavailable(pg),
            PostgresException => null,
            NpgsqlException npgsql => Unavailable(npgsql), // no server answer: refused, reset, timed out
            _ => null,
        };
    }

    /// <summary>The one classification every protocol's error document starts from.</summary>
    public static DaliError Classify(Exception exception) => DaliErrorMapper.Map(Translate(exception) ?? exception);

    private static DaliException Unavailable(Exception inner) =>
        new(DaliErrorKind.Unavailable, "The database is temporarily unavailable; please try again in a minute", inner: inner);

    /// <summary>
    /// Errors caused by the data a user's query computes on (division by zero, bad casts, out-of-range
    /// values, invalid geometry): class 22 "data exception". Their text names no internals.
    /// </summary>
    private static bool IsUserDataError(string sqlState) => sqlState.StartsWith("22", StringComparison.Ordinal);

    /// <summary>
    /// Mistakes in a query's structure that the ADQL checker leaves to the database: grouping (a column neither
    /// grouped nor aggregated, an aggregate in GROUP BY), mismatched types (UNION, CASE, an operator between
    /// types that have none), ORDER BY outside SELECT DISTINCT, a subquery of several rows used as a value.
    /// Their text names the columns and types, never the generated SQL.
    /// </summary>
    private static bool IsUserQueryError(string sqlState) => sqlState is PostgresErrorCodes.GroupingError or PostgresErrorCodes.DatatypeMismatch
        or PostgresErrorCodes.WindowingError or PostgresErrorCodes.InvalidColumnReference or PostgresErrorCodes.UndefinedFunction
        or PostgresErrorCodes.CardinalityViolation;
}

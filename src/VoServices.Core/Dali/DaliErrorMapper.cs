using Npgsql;

namespace VoServices.Core.Dali;

/// <summary>What a failure becomes on the wire: HTTP status, the message for the client, and whether it is a bug.</summary>
public sealed record DaliError(int HttpStatus, string Message, bool IsBug);

/// <summary>
/// The one place that turns an exception into a DALI error: 400 for user errors, 403, 404, 409, 413,
/// 503 when the database is unreachable or overloaded, 500 only for bugs. The message of a bug or of a
/// database failure never reaches the client (no stack traces, no SQL); the caller logs those.
/// </summary>
public static class DaliErrorMapper
{
    public static DaliError Map(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case DaliException dali:
                return new DaliError(StatusOf(dali.Kind), dali.Message, false);
            case PostgresException pg when pg.SqlState == PostgresErrorCodes.QueryCanceled:
                return new DaliError(400, "The query was cancelled because it ran longer than the execution time limit; " +
                    "restrict it (e.g. with a WHERE clause on indexed columns or TOP) or run it as an asynchronous job", false);
            case PostgresException pg when IsUserDataError(pg.SqlState):
                return new DaliError(400, "The query failed in the database: " + pg.MessageText, false);
            case PostgresException pg when pg.SqlState is PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown:
                return Unavailable();
            case NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException }:
                return Unavailable();
            case NpgsqlException when exception is not PostgresException:
                return Unavailable();
            default:
                return new DaliError(500, "Internal error in the service (it has been logged); please report it if it persists", true);
        }
    }

    public static int StatusOf(DaliErrorKind kind) => kind switch
    {
        DaliErrorKind.BadRequest => 400,
        DaliErrorKind.Forbidden => 403,
        DaliErrorKind.NotFound => 404,
        DaliErrorKind.Conflict => 409,
        DaliErrorKind.TooLarge => 413,
        DaliErrorKind.Unavailable => 503,
        _ => 500,
    };

    private static DaliError Unavailable() =>
        new(503, "The database is temporarily unavailable; please try again in a minute", false);

    /// <summary>
    /// Errors caused by the data a user's query computes on (division by zero, bad casts, out-of-range
    /// values, invalid geometry): class 22 "data exception". Their text names no internals.
    /// </summary>
    private static bool IsUserDataError(string sqlState) => sqlState.StartsWith("22", StringComparison.Ordinal);
}

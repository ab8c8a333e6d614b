namespace VoServices.Dali;

/// <summary>The classes of failure a DALI service reports, each with its HTTP status (see <see cref="DaliErrorMapper"/>).</summary>
public enum DaliErrorKind
{
    /// <summary>The request is wrong (bad parameter, invalid query): HTTP 400.</summary>
    BadRequest,

    /// <summary>A parameter the service takes once was given several values (SODA's MultiValuedParamNotSupported): HTTP 400.</summary>
    MultiValuedParameter,

    /// <summary>The resource needs a login the request did not give: HTTP 401.</summary>
    Unauthorized,

    /// <summary>Access denied (e.g. another user's job): HTTP 403.</summary>
    Forbidden,

    /// <summary>Unknown resource (job, table, result): HTTP 404.</summary>
    NotFound,

    /// <summary>The request conflicts with the resource's state (e.g. parameters of a running job): HTTP 409.</summary>
    Conflict,

    /// <summary>The request body arrived too slowly (the server's minimum data rate): HTTP 408.</summary>
    RequestTimeout,

    /// <summary>The request or an upload is larger than allowed: HTTP 413.</summary>
    TooLarge,

    /// <summary>One client has too many requests running at once (admission control): HTTP 429, with Retry-After.</summary>
    TooManyRequests,

    /// <summary>Overloaded, draining or the database is down: HTTP 503.</summary>
    Unavailable,
}

/// <summary>
/// A failure meant for the client: the message says what is wrong, names the parameter and gives a hint.
/// Every other exception reaching <see cref="DaliErrorMapper"/> is a bug (HTTP 500, logged with its stack).
/// </summary>
public sealed class DaliException : Exception
{
    public DaliException(DaliErrorKind kind, string message, string? parameter = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Parameter = parameter;
    }

    public DaliErrorKind Kind { get; }

    /// <summary>The request parameter at fault, if one is (upper case, as the standards spell it).</summary>
    public string? Parameter { get; }

    public static DaliException BadParameter(string parameter, string message) =>
        new(DaliErrorKind.BadRequest, $"{parameter}: {message}", parameter);

    public static DaliException NotFound(string message) => new(DaliErrorKind.NotFound, message);
}

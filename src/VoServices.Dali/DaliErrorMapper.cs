using VoServices.Fits;
using VoServices.Fits.Wcs;

namespace VoServices.Dali;

/// <summary>
/// What a failure becomes on the wire: HTTP status, its class (null when it is the service's own
/// failure), the message for the client, and whether the operator must be told (logged with stack).
/// </summary>
public sealed record DaliError(int HttpStatus, DaliErrorKind? Kind, string Message, bool IsBug);

/// <summary>
/// The one place that turns an exception into a DALI error: 400 for user errors, 401, 403, 404, 408, 409,
/// 413 as they mean, 503 when the service is unavailable, 500 only for our own failures (a bug, or an
/// archive file that cannot be read). The message of those never reaches the client (no stack traces,
/// no SQL, no paths); the caller logs them. Database failures become <see cref="DaliException"/>s
/// before they get here (VoServices.Database's <c>PostgresFaults</c>), so this library knows no driver.
/// </summary>
public static class DaliErrorMapper
{
    public static DaliError Map(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            DaliException dali => new DaliError(StatusOf(dali.Kind), dali.Kind, dali.Message, false),
            FitsFormatException or WcsException => new DaliError(500, null,
                "A file of the archive could not be read (it has been logged for the operator); please report it if it persists", true),
            _ => new DaliError(500, null, "Internal error in the service (it has been logged); please report it if it persists", true),
        };
    }

    public static int StatusOf(DaliErrorKind kind) => kind switch
    {
        DaliErrorKind.BadRequest or DaliErrorKind.MultiValuedParameter => 400,
        DaliErrorKind.Unauthorized => 401,
        DaliErrorKind.Forbidden => 403,
        DaliErrorKind.NotFound => 404,
        DaliErrorKind.Conflict => 409,
        DaliErrorKind.RequestTimeout => 408,
        DaliErrorKind.TooLarge => 413,
        DaliErrorKind.TooManyRequests => 429,
        DaliErrorKind.Unavailable => 503,
        _ => 500,
    };
}

using VoServices.Dali;

namespace VoServices.Datalink;

/// <summary>
/// DataLink 1.1 §5 fault names: an error document's text, and a links row's error_message, start with the
/// most specific of them, then ": " and the detail.
/// </summary>
public static class DatalinkFault
{
    /// <summary>The ID is not known here.</summary>
    public const string NotFound = "NotFoundFault";

    public static string Name(DaliError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind switch
        {
            null => "FatalFault",
            DaliErrorKind.NotFound => NotFound,
            DaliErrorKind.Unavailable or DaliErrorKind.TooManyRequests => "TransientFault",
            _ => "UsageFault",
        };
    }

    public static string Message(DaliError error) => Name(error) + ": " + error?.Message;

    /// <summary>A links row's error_message for an ID that is not published.</summary>
    public static string NotFoundMessage(string detail) => NotFound + ": " + detail;
}

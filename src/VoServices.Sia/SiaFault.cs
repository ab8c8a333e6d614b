using VoServices.Dali;

namespace VoServices.Sia;

/// <summary>
/// SIA 2.0 §2.3 (after DALI): an error message starts with the most specific fault name, then ": " and
/// the detail, e.g. <c>UsageFault: POS: ...</c>.
/// </summary>
public static class SiaFault
{
    public static string Message(DaliError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Name(error) + ": " + error.Message;
    }

    /// <summary>
    /// UsageFault for what the client can fix, TransientFault when the service is temporarily unavailable,
    /// FatalFault for the service's own failures.
    /// </summary>
    public static string Name(DaliError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind switch
        {
            null => "FatalFault",
            DaliErrorKind.Unavailable or DaliErrorKind.TooManyRequests => "TransientFault",
            _ => "UsageFault",
        };
    }
}

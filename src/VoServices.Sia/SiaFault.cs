using VoServices.Dali;

using VoServices.Database;

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
    /// UsageFault for what the client can fix (4xx), TransientFault when the service is temporarily
    /// unavailable (503), FatalFault for our own failures (500).
    /// </summary>
    public static string Name(DaliError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.HttpStatus switch
        {
            >= 400 and < 500 => "UsageFault",
            503 => "TransientFault",
            500 => "FatalFault",
            _ => "DefaultFault",
        };
    }
}

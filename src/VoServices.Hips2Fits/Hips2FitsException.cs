namespace VoServices.Hips2Fits;

/// <summary>
/// A request hips2fits refuses: <see cref="Title"/> and the message become the JSON error document
/// (`{"title": …, "description": …}`) astroquery reads, with <see cref="Status"/> (4xx) as the HTTP status.
/// </summary>
public sealed class Hips2FitsException : Exception
{
    public Hips2FitsException(string title, string description, int status = 400)
        : base(description)
    {
        Title = title;
        Status = status;
    }

    public Hips2FitsException()
        : this("Bad request", "The request is not valid")
    {
    }

    public Hips2FitsException(string message)
        : this("Bad request", message)
    {
    }

    public Hips2FitsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Title = "Bad request";
        Status = 400;
    }

    public string Title { get; }

    public int Status { get; }

    /// <summary>A 400 naming the parameter at fault.</summary>
    public static Hips2FitsException Parameter(string name, string description) => new($"Invalid parameter: {name}", description);
}

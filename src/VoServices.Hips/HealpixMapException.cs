namespace VoServices.Hips;

/// <summary>An input (HEALPix map or point table) that cannot be read as HEALPix cells; the message names the file and the row, column or keyword at fault.</summary>
public sealed class HealpixMapException : Exception
{
    public HealpixMapException(string message)
        : base(message)
    {
    }

    public HealpixMapException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A map that does not fit an option: the option's value is wrong rather than the file.</summary>
    public HealpixMapException(string message, string option)
        : base(message)
    {
        Option = option;
    }

    /// <summary>The command-line option at fault (`--column`, `--weight`), when it is one.</summary>
    public string? Option { get; }
}

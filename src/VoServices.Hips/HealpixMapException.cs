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
}

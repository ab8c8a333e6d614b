using VoServices.Dali;

namespace VoServices.Cubes;

/// <summary>The bounds of the cube services: one source for the checks, the README and /cube/capabilities.</summary>
public static class CubeLimits
{
    /// <summary>
    /// Working memory of one request (the per-pixel sums and maps of moments, the binned planes of channel maps):
    /// beyond it the answer is 413, naming what makes it smaller.
    /// </summary>
    public const long MaxWorkingBytes = 2L << 30;

    /// <summary>Refuses with 413 naming <paramref name="parameter"/> when <paramref name="bytes"/> exceed <see cref="MaxWorkingBytes"/>.</summary>
    public static void RequireWorkingMemory(long bytes, string parameter, string what, string advice)
    {
        if (bytes > MaxWorkingBytes)
        {
            throw new DaliException(DaliErrorKind.TooLarge,
                $"{parameter}: {what} would need {bytes >> 20} MB of working memory, more than the {MaxWorkingBytes >> 20} MB one request may use; {advice}", parameter);
        }
    }
}

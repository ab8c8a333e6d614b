namespace VoServices.Integration.Tests;

/// <summary>Polling with a deadline, for what a background worker does in its own time (no fixed sleeps).</summary>
public static class Eventually
{
    /// <summary>Re-checks <paramref name="condition"/> every 100 ms; fails naming <paramref name="what"/> when it is still false after the deadline.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 60)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"expected within {timeoutSeconds} s: {what}");
            }

            await Task.Delay(100);
        }
    }
}

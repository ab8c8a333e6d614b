namespace VoServices.Web;

/// <summary>
/// At most one log entry per <paramref name="interval"/> for one kind of event, with the count of those left out
/// since: a flood of failing requests (a fuzzer, a database outage under load) must not fill the disk.
/// </summary>
public sealed class LogThrottle(TimeSpan interval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long NextTicks, int Suppressed)> _kinds = new(StringComparer.Ordinal);

    /// <summary>True when an entry of <paramref name="kind"/> may be written now; <paramref name="suppressed"/> is how many were left out before it.</summary>
    public bool ShouldLog(string kind, out int suppressed)
    {
        var now = _time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            _kinds.TryGetValue(kind, out var state);
            if (now < state.NextTicks)
            {
                _kinds[kind] = (state.NextTicks, state.Suppressed + 1);
                suppressed = 0;
                return false;
            }

            if (_kinds.Count > 1000)
            {
                _kinds.Clear(); // bounded: kinds are few by construction; this only guards against a mistake
            }

            _kinds[kind] = (now + interval.Ticks, 0);
            suppressed = state.Suppressed;
            return true;
        }
    }
}

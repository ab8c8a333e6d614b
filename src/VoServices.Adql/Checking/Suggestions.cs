namespace VoServices.Adql.Checking;

/// <summary>"Did you mean ...?": the closest candidate by edit distance, if it is close enough.</summary>
internal static class Suggestions
{
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestCommon = 0;
        var needle = name.ToLowerInvariant();
        foreach (var candidate in candidates)
        {
            var hay = candidate.ToLowerInvariant();
            if (hay == needle)
            {
                continue;
            }

            var distance = Distance(needle, hay);
            var common = LongestCommonSubstring(needle, hay);
            if (distance < bestDistance || (distance == bestDistance && common > bestCommon))
            {
                best = candidate;
                bestDistance = distance;
                bestCommon = common;
            }
        }

        // Short names tolerate a few edits (ra2 -> s_ra), long ones about a third of their length,
        // but beyond one edit a suggestion must share at least two letters in a row with what was typed.
        var limit = Math.Max(3, needle.Length / 3);
        return best is not null && bestDistance <= limit && (bestDistance <= 1 || bestCommon >= Math.Min(2, needle.Length)) ? best : null;
    }

    /// <summary>Optimal string alignment distance (Levenshtein with transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static int LongestCommonSubstring(string a, string b)
    {
        var best = 0;
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                var k = 0;
                while (i + k < a.Length && j + k < b.Length && a[i + k] == b[j + k])
                {
                    k++;
                }

                best = Math.Max(best, k);
            }
        }

        return best;
    }
}

using System.Globalization;

namespace VoServices.Dali;

/// <summary>
/// The parameters of a DALI request (GET query string, POSTed form, or UWS job parameters): names
/// compare case-insensitively, values are kept exactly and in order, a name may repeat. Unknown names
/// are kept and ignored by whoever does not need them. Immutable.
/// </summary>
public sealed class DaliParameters
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _pairs;
    private readonly Dictionary<string, List<string>> _byName;

    public DaliParameters(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        _pairs = pairs.ToArray();
        _byName = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in _pairs)
        {
            if (!_byName.TryGetValue(name, out var list))
            {
                _byName[name] = list = [];
            }

            list.Add(value);
        }
    }

    public static DaliParameters Empty { get; } = new([]);

    /// <summary>
    /// Most values one repeatable constraint parameter may have (SIA POS/BAND/TIME/POL/..., SODA POL and ID).
    /// Each value becomes more SQL or another cutout pass: 20 polygons of 1,000 vertices held the database
    /// for 31 s. A client with more should split its query.
    /// </summary>
    public const int MaxRepeatedValues = 20;

    /// <summary>Every (name, value) pair in request order, names as the client wrote them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>All values of a (possibly repeated) parameter, in request order; empty when absent.</summary>
    public IReadOnlyList<string> GetAll(string name) => _byName.TryGetValue(name, out var list) ? list : [];

    /// <summary>
    /// The non-blank values of a repeatable parameter (blank ones are an empty form field, no constraint),
    /// in request order; more than <paramref name="limit"/> of them is an error naming the parameter.
    /// </summary>
    public IReadOnlyList<string> GetRepeated(string name, int limit = MaxRepeatedValues)
    {
        var values = GetAll(name).Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
        if (values.Length > limit)
        {
            throw DaliException.BadParameter(name.ToUpperInvariant(),
                $"given {values.Length} times, more than the {limit} values this service takes in one request; split the query");
        }

        return values;
    }

    /// <summary>
    /// The value of a single-valued parameter, or null when absent. Giving it twice with different
    /// values is an error (the same value twice is tolerated: some clients repeat form fields).
    /// </summary>
    public string? GetSingle(string name)
    {
        if (!_byName.TryGetValue(name, out var list))
        {
            return null;
        }

        if (list.Skip(1).Any(v => !string.Equals(v, list[0], StringComparison.Ordinal)))
        {
            throw DaliException.BadParameter(name.ToUpperInvariant(),
                $"given {list.Count} times with different values, but it takes a single value");
        }

        return list[0];
    }

    public string GetRequired(string name, string hint) =>
        GetSingle(name) is { } value && value.Trim().Length > 0
            ? value
            : throw DaliException.BadParameter(name.ToUpperInvariant(), "missing. " + hint);

    /// <summary>An integer in [min, max], or null when absent.</summary>
    public long? GetInteger(string name, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = GetSingle(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw DaliException.BadParameter(name.ToUpperInvariant(), $"'{Shorten(text)}' is not an integer");
        }

        if (value < min || value > max)
        {
            var range = max == long.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"give a value of {min} or more")
                : string.Create(CultureInfo.InvariantCulture, $"give a value from {min} to {max}");
            throw DaliException.BadParameter(name.ToUpperInvariant(), $"{value} is out of range; {range}");
        }

        return value;
    }

    /// <summary>A DALI boolean (true/false/1/0, any case), or null when absent.</summary>
    public bool? GetBoolean(string name)
    {
        var text = GetSingle(name)?.Trim();
        return text switch
        {
            null or "" => null,
            _ when text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1" => true,
            _ when text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0" => false,
            _ => throw DaliException.BadParameter(name.ToUpperInvariant(), $"'{Shorten(text)}' is not a boolean; use true or false"),
        };
    }

    /// <summary>
    /// MAXREC as DALI defines it: absent → <paramref name="defaultLimit"/>, above <paramref name="hardLimit"/>
    /// → silently lowered to it, negative or not a number → error.
    /// </summary>
    public long GetMaxrec(long defaultLimit, long hardLimit)
    {
        var requested = GetInteger("MAXREC", 0, long.MaxValue);
        return Math.Min(requested ?? defaultLimit, hardLimit);
    }

    /// <summary>A copy with more pairs appended (UWS: parameters POSTed to a pending job).</summary>
    public DaliParameters With(IEnumerable<KeyValuePair<string, string>> more) => new(_pairs.Concat(more));

    /// <summary>A copy in which the named parameters are replaced by the given pairs.</summary>
    public DaliParameters Replacing(IEnumerable<KeyValuePair<string, string>> replacements)
    {
        var list = replacements.ToList();
        var names = list.Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new(_pairs.Where(p => !names.Contains(p.Key)).Concat(list));
    }

    /// <summary>A value cut to 60 characters for error messages.</summary>
    public static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}

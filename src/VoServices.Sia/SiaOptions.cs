using VoServices.Database;


namespace VoServices.Sia;

/// <summary>The limits of the SIA query service; the self-description and capabilities advertise them.</summary>
public sealed record SiaOptions
{
    /// <summary>MAXREC when the client gives none.</summary>
    public long DefaultMaxrec { get; init; } = 100_000;

    /// <summary>MAXREC above this is lowered to it.</summary>
    public long HardMaxrec { get; init; } = 50_000_000;

    /// <summary>Statement timeout of a query, in seconds.</summary>
    public int TimeoutSeconds { get; init; } = 600;

    /// <summary>How long the OPTION lists of the self-description (distinct values in the table) are reused.</summary>
    public TimeSpan ValueListsMaxAge { get; init; } = TimeSpan.FromMinutes(10);
}

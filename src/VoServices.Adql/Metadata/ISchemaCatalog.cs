namespace VoServices.Adql.Metadata;

/// <summary>
/// The tables a query may reach. Only these exist for the checker, so nothing else in the database
/// can be named by a query. Implementations must be safe for concurrent reads.
/// </summary>
public interface ISchemaCatalog
{
    /// <summary>Every table, for "did you mean" suggestions.</summary>
    IEnumerable<TableInfo> Tables { get; }

    /// <summary>The tables whose unqualified normalised name is <paramref name="tableNormal"/>.</summary>
    IReadOnlyList<TableInfo> FindByTableName(string tableNormal);
}

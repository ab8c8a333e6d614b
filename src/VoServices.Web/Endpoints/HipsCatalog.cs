using VoServices.Products;

namespace VoServices.Web.Endpoints;

/// <summary>
/// The published HiPS, held in memory and re-read from the database when older than <see cref="MaxAge"/>: a
/// tile request then costs no database round trip (it was most of a warm tile's time). The set is small (one
/// row per survey, not per tile), so it is bounded by what is published; a survey ingested or withdrawn is
/// seen within <see cref="MaxAge"/>.
/// </summary>
public sealed class HipsCatalog(ProductCatalog products)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    /// <summary>Every published HiPS, by collection and obs_id.</summary>
    public async Task<IReadOnlyList<PublishedProduct>> ListAsync(CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).All;

    /// <summary>The HiPS of <paramref name="collection"/> whose obs_id is the longest of <paramref name="obsIdCandidates"/>, or null.</summary>
    public async Task<PublishedProduct?> FindAsync(string collection, IEnumerable<string> obsIdCandidates, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        return obsIdCandidates
            .Select(c => snapshot.ByName.GetValueOrDefault((collection, c)))
            .OfType<PublishedProduct>()
            .MaxBy(p => p.ObsId.Length);
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } fresh && DateTime.UtcNow - fresh.Read < MaxAge)
        {
            return fresh;
        }

        // One reader refreshes; the others wait for its snapshot rather than all querying at once.
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } other && DateTime.UtcNow - other.Read < MaxAge)
            {
                return other;
            }

            var all = await products.ListHipsAsync(cancellationToken);
            var snapshot = new Snapshot(DateTime.UtcNow, all, all.ToDictionary(p => (p.Collection, p.ObsId)));
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Snapshot(DateTime Read, IReadOnlyList<PublishedProduct> All, IReadOnlyDictionary<(string, string), PublishedProduct> ByName);
}

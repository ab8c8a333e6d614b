using Dapper;
using Npgsql;

namespace VoServices.SodaBulk;

/// <summary>
/// Which published products cover which targets, in one set query: the targets go in as two arrays, pgsphere tests each
/// centre against every footprint (s_region, GiST-indexed), and the ObsCore constraints of the request narrow the
/// products. HiPS are left out: SODA cuts files.
/// </summary>
public static class BulkCoverage
{
    private const string Sql = """
        SELECT t.n::int AS Row, o.obs_publisher_did AS PublisherDid
        FROM unnest(@ra::float8[], @dec::float8[]) WITH ORDINALITY AS t(ra, dec, n)
        JOIN ivoa.obscore o ON o.s_region @> spoint(radians(t.ra), radians(t.dec))
        JOIN vo.products p ON p.obs_publisher_did = o.obs_publisher_did
        WHERE p.product_kind <> 'hips'
          AND (@collection::text IS NULL OR o.obs_collection = @collection)
          AND (@calib::int IS NULL OR o.calib_level = @calib)
          AND (@dptype::text IS NULL OR o.dataproduct_type = @dptype)
        ORDER BY t.n, o.obs_publisher_did
        """;

    /// <summary>(target row, covering product's DID) pairs, by target row.</summary>
    public static async Task<IReadOnlyList<(int Row, string PublisherDid)>> FindAsync(NpgsqlDataSource dataSource, BulkRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(int Row, string PublisherDid)>(new CommandDefinition(Sql, new
        {
            ra = request.Targets.Select(t => t.Ra).ToArray(),
            dec = request.Targets.Select(t => t.Dec).ToArray(),
            collection = request.Collection,
            calib = request.CalibLevel,
            dptype = request.DataproductType,
        }, cancellationToken: cancellationToken, commandTimeout: 600));
        // Row numbers of the query are positions in the arrays; the manifest counts target-list rows.
        return rows.Select(r => (request.Targets[r.Row - 1].Row, r.PublisherDid)).ToList();
    }
}

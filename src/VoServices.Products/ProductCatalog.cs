using Dapper;
using Npgsql;
using VoServices.Products;

using VoServices.Fits.Sky;

namespace VoServices.Products;

/// <summary>What DataLink and SODA need to know of a published product: its ObsCore ranges and its file.</summary>
public sealed record PublishedProduct
{
    public required string PublisherDid { get; init; }
    public required string Collection { get; init; }
    public required string ObsId { get; init; }
    public string? Title { get; init; }
    public string? DataproductType { get; init; }
    public double? Ra { get; init; }
    public double? Dec { get; init; }
    public double? Fov { get; init; }

    /// <summary>s_region as a DALI polygon (degrees, lon lat pairs).</summary>
    public double[]? Polygon { get; init; }

    public double? EmMin { get; init; }
    public double? EmMax { get; init; }
    public double? TMin { get; init; }
    public double? TMax { get; init; }
    public string? PolStates { get; init; }
    public required ProductKind Kind { get; init; }

    /// <summary>Where the data live on this server's disk (from vo.products; never from a request).</summary>
    public required string FilePath { get; init; }

    public long FileSize { get; init; }
    public DateTime FileModified { get; init; }

    /// <summary>The MIME type the file is served with.</summary>
    public string? FileContentType => ProductKinds.FileContentType(Kind);

    /// <summary>The path under /files that serves the product (for a HiPS, the same files as under <see cref="HipsPath"/>).</summary>
    public string FilesPath => "/files/" + EscapedName;

    /// <summary>
    /// A HiPS's base URL path, without the trailing '/' (clients append "/properties", "/Norder3/..."): what Aladin
    /// and other HiPS clients open; a browser sent there is redirected to its index.html, an Aladin Lite view.
    /// </summary>
    public string HipsPath => "/hips/" + EscapedName;

    /// <summary>collection/obs_id, each segment URL-escaped: the product's stable name in /files and /hips URLs.</summary>
    private string EscapedName => Uri.EscapeDataString(Collection) + "/" + string.Join('/', ObsId.Split('/').Select(Uri.EscapeDataString));
}

/// <summary>A related product declared in the mapping file, seen from the product asked about.</summary>
/// <param name="Related">The other product, null when it is not (or no longer) published.</param>
public sealed record ProductRelation(string PublisherDid, string Semantics, string RelatedDid, PublishedProduct? Related);

/// <summary>
/// Looks products up by obs_publisher_did (case-insensitively, as IVOIDs compare). The IDs are query
/// parameters and the file paths come from vo.products, so a request can name nothing but a
/// published product.
/// </summary>
public sealed class ProductCatalog(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        o.obs_publisher_did AS PublisherDid, o.obs_collection AS Collection, o.obs_id AS ObsId, o.obs_title AS Title,
        o.dataproduct_type AS DataproductType, o.s_ra AS Ra, o.s_dec AS Dec, o.s_fov AS Fov,
        public.adql_dali_polygon(o.s_region) AS Polygon, o.em_min AS EmMin, o.em_max AS EmMax, o.t_min AS TMin, o.t_max AS TMax,
        o.pol_states AS PolStates, p.product_kind AS Kind, p.file_path AS FilePath, p.file_size AS FileSize, p.file_mtime AS FileModified
        """;

    private const string ProductsSql = $"""
        SELECT {Columns}
        FROM ivoa.obscore o JOIN vo.products p ON p.obs_publisher_did = o.obs_publisher_did
        WHERE lower(o.obs_publisher_did) = ANY(@ids)
        """;

    private const string ByObsIdSql = $"""
        SELECT {Columns}
        FROM ivoa.obscore o JOIN vo.products p ON p.obs_publisher_did = o.obs_publisher_did
        WHERE o.obs_collection = @collection AND o.obs_id = ANY(@candidates)
        """;

    private const string HipsSql = $"""
        SELECT {Columns}
        FROM ivoa.obscore o JOIN vo.products p ON p.obs_publisher_did = o.obs_publisher_did
        WHERE p.product_kind = 'hips'
        ORDER BY o.obs_collection, o.obs_id
        """;

    /// <summary>Declared relations of the products, and the inverse of #progenitor (#derivation) and vice versa.</summary>
    private const string RelationsSql = $"""
        WITH r AS (
            SELECT obs_publisher_did AS did, semantics, related_did AS related FROM vo.product_relations
            WHERE lower(obs_publisher_did) = ANY(@ids)
            UNION
            SELECT related_did, CASE semantics WHEN '#progenitor' THEN '#derivation' ELSE '#progenitor' END, obs_publisher_did
            FROM vo.product_relations
            WHERE semantics IN ('#progenitor', '#derivation') AND lower(related_did) = ANY(@ids))
        SELECT r.did AS Did, r.semantics AS Semantics, r.related AS RelatedDid, {Columns}
        FROM r LEFT JOIN (ivoa.obscore o JOIN vo.products p ON p.obs_publisher_did = o.obs_publisher_did)
            ON lower(o.obs_publisher_did) = lower(r.related)
        ORDER BY r.semantics, r.related
        """;

    /// <summary>The relation's own columns, before the related product's.</summary>
    private sealed record RelationKey(string Did, string Semantics, string RelatedDid);

    /// <summary>The published products among <paramref name="ids"/>, keyed by lower-case DID.</summary>
    public async Task<IReadOnlyDictionary<string, PublishedProduct>> FindAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var lowered = ids.Select(i => i.ToLowerInvariant()).Distinct().ToArray();
        if (lowered.Length == 0)
        {
            return new Dictionary<string, PublishedProduct>();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PublishedProduct>(new CommandDefinition(ProductsSql, new { ids = lowered }, cancellationToken: cancellationToken));
        return rows.ToDictionary(p => p.PublisherDid.ToLowerInvariant());
    }

    public async Task<PublishedProduct?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await FindAsync([id], cancellationToken)).GetValueOrDefault(id.ToLowerInvariant());

    /// <summary>
    /// The product of <paramref name="collection"/> whose obs_id is the longest of <paramref name="obsIdCandidates"/>
    /// (a file's whole path, or a HiPS directory's leading part of a path into it); null when none is published.
    /// </summary>
    public async Task<PublishedProduct?> FindByObsIdAsync(string collection, IReadOnlyList<string> obsIdCandidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(obsIdCandidates);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PublishedProduct>(new CommandDefinition(
            ByObsIdSql, new { collection, candidates = obsIdCandidates.ToArray() }, cancellationToken: cancellationToken));
        return rows.OrderByDescending(p => p.ObsId.Length).FirstOrDefault();
    }

    /// <summary>Every published HiPS, by collection and obs_id (for the HiPS list and the /hips/ page).</summary>
    public async Task<IReadOnlyList<PublishedProduct>> ListHipsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PublishedProduct>(new CommandDefinition(HipsSql, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>The relations of the given products, keyed by lower-case DID.</summary>
    public async Task<ILookup<string, ProductRelation>> RelationsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var lowered = ids.Select(i => i.ToLowerInvariant()).Distinct().ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The related product's columns start at PublisherDid; they are all NULL when it is not published.
        var rows = await connection.QueryAsync<RelationKey, PublishedProduct?, ProductRelation>(
            new CommandDefinition(RelationsSql, new { ids = lowered }, cancellationToken: cancellationToken),
            (key, related) => new ProductRelation(key.Did, key.Semantics, key.RelatedDid, related), splitOn: "PublisherDid");
        return rows.ToLookup(r => r.PublisherDid.ToLowerInvariant());
    }
}

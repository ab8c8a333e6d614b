using VoServices.Ingest;
using VoServices.Tap;
using VoServices.Web;

namespace VoServices.Cli.Configuration;

/// <summary>
/// What the `vo` CLI takes from VO_* environment variables and vo.conf, read once at start-up by
/// <see cref="VoConfiguration"/> and already validated: commands get typed values, never raw strings.
/// </summary>
internal sealed record VoSettings
{
    /// <summary>The Npgsql connection string of VO_DATABASE_URL (default: the private cluster on VO_PG_PORT).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>VO_PUBLIC_URL, the base URL clients see; null when unset (the server then uses its listen URL).</summary>
    public required string? PublicUrl { get; init; }

    /// <summary>VO_PUBLISHER_DID, the IVOID prefix of every obs_publisher_did.</summary>
    public required string PublisherDid { get; init; }

    /// <summary>VO_URLS, where `vo serve` listens unless --urls says otherwise.</summary>
    public required string ListenUrls { get; init; }

    /// <summary>VO_TAP_RESULTS, an absolute path (made on first use).</summary>
    public required string TapResultDirectory { get; init; }

    /// <summary>VO_PREVIEW_CACHE, an absolute path (made on first use).</summary>
    public required string PreviewDirectory { get; init; }

    /// <summary>VO_SQL_DIR, else sql/ of the checkout; null when neither exists (then nothing can be migrated).</summary>
    public required string? SqlDirectory { get; init; }

    /// <summary>VO_QUERY_PG_USER, the login of user queries; null for the default (vo_query).</summary>
    public string? QueryUser { get; init; }

    /// <summary>VO_QUERY_PG_PASSWORD; null for trust or peer authentication.</summary>
    public string? QueryPassword { get; init; }

    /// <summary>VO_QUERY_POOL and VO_OWNER_POOL: connections per pool; null for the defaults.</summary>
    public int? QueryPoolSize { get; init; }

    public int? OwnerPoolSize { get; init; }

    /// <summary>VO_SYNC_CONCURRENCY, VO_SYNC_QUEUE, VO_SYNC_PER_CLIENT, VO_SYNC_QUEUE_SECONDS: the sync admission control; null for the defaults.</summary>
    public int? SyncConcurrency { get; init; }

    public int? SyncQueue { get; init; }

    public int? SyncPerClient { get; init; }

    public int? SyncQueueSeconds { get; init; }

    /// <summary>VO_HIPS2FITS_CONCURRENCY, VO_HIPS2FITS_QUEUE, VO_HIPS_TILE_CACHE_MB: hips2fits admission and tile cache; null for the defaults.</summary>
    public int? Hips2FitsConcurrency { get; init; }

    public int? Hips2FitsQueue { get; init; }

    public int? HipsTileCacheMegabytes { get; init; }

    /// <summary>VO_CUBE_CONCURRENCY, VO_CUBE_QUEUE: admission of moment maps, channel maps and PV slices; null for the defaults.</summary>
    public int? CubeConcurrency { get; init; }

    public int? CubeQueue { get; init; }

    /// <summary>VO_UPLOAD_BY_URL (default false) and VO_UPLOAD_URL_HOSTS (comma-separated host names).</summary>
    public bool AllowUploadByUrl { get; init; }

    public IReadOnlyList<string> UploadUrlHosts { get; init; } = [];

    public VoServerOptions ToServerOptions(string? urls)
    {
        var defaults = new VoServerOptions(ConnectionString);
        return defaults with
        {
            Urls = urls ?? ListenUrls,
            PublicUrl = PublicUrl,
            PreviewDirectory = PreviewDirectory,
            Tap = new TapOptions { ResultDirectory = TapResultDirectory },
            QueryUser = QueryUser ?? defaults.QueryUser,
            QueryPassword = QueryPassword,
            QueryPoolSize = QueryPoolSize ?? defaults.QueryPoolSize,
            OwnerPoolSize = OwnerPoolSize ?? defaults.OwnerPoolSize,
            SyncConcurrency = SyncConcurrency,
            SyncQueue = SyncQueue,
            SyncPerClient = SyncPerClient ?? defaults.SyncPerClient,
            SyncQueueSeconds = SyncQueueSeconds ?? defaults.SyncQueueSeconds,
            AllowUploadByUrl = AllowUploadByUrl,
            UploadUrlHosts = UploadUrlHosts,
            Hips2FitsConcurrency = Hips2FitsConcurrency,
            Hips2FitsQueue = Hips2FitsQueue ?? defaults.Hips2FitsQueue,
            HipsTileCacheMegabytes = HipsTileCacheMegabytes ?? defaults.HipsTileCacheMegabytes,
            CubeConcurrency = CubeConcurrency ?? defaults.CubeConcurrency,
            CubeQueue = CubeQueue ?? defaults.CubeQueue,
        };
    }

    /// <remarks>No public URL: access_url is stored relative and completed by the service when it answers.</remarks>
    public IngestOptions ToIngestOptions(string collection, CollectionMapping mapping) =>
        new(collection, PublisherDid, mapping);
}

using VoServices.SodaBulk;
using VoServices.Tap;

namespace VoServices.Web;

/// <summary>How to run the server: where it listens, the URL clients see, the database, and the TAP limits.</summary>
public sealed record VoServerOptions(string ConnectionString)
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static string DefaultPreviewDirectory { get; } = Path.Combine(Path.GetTempPath(), "voservices-previews");

    /// <summary>Kestrel listen URLs (e.g. http://127.0.0.1:8080; port 0 picks a free port).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>
    /// The base URL clients use (behind a proxy it differs from <see cref="Urls"/>); env VO_PUBLIC_URL.
    /// Null means "the listen URL".
    /// </summary>
    public string? PublicUrl { get; init; }

    public TapOptions Tap { get; init; } = new();

    /// <summary>Where DataLink #preview images are cached (env VO_PREVIEW_CACHE); made on first use.</summary>
    public string PreviewDirectory { get; init; } = DefaultPreviewDirectory;

    /// <summary>
    /// Allow UPLOAD=name,http(s)://... (the server fetches the URL). Off by default: a server that
    /// fetches user URLs can be used to probe its own network (SSRF).
    /// </summary>
    public bool AllowUploadByUrl { get; init; }

    /// <summary>
    /// The hosts UPLOAD by URL may fetch from (exact host names, case-insensitive); even these are
    /// refused when they resolve to a loopback, link-local or private address.
    /// </summary>
    public IReadOnlyList<string> UploadUrlHosts { get; init; } = [];

    /// <summary>
    /// The unprivileged login role user queries (TAP, SIA) connect as, on the host
    /// and database of <see cref="ConnectionString"/>; sql/060_query_login_role.sql creates it (env VO_QUERY_PG_USER). Null: user
    /// queries use the owner's login (only for databases without that migration; never in production).
    /// </summary>
    public string? QueryUser { get; init; } = "vo_query";

    /// <summary>Its password; null for trust authentication (the private cluster).</summary>
    public string? QueryPassword { get; init; }

    /// <summary>
    /// Connections user queries may hold at once. Kept well below the cluster's
    /// max_connections (100 on the private cluster) so the owner pool, psql and ingest still get in.
    /// </summary>
    public int QueryPoolSize { get; init; } = 20;

    /// <summary>Connections of the owner pool: UWS job store, TAP_SCHEMA, DataLink lookups.</summary>
    public int OwnerPoolSize { get; init; } = 10;

    /// <summary>Seconds an idle pooled connection is kept (Npgsql's default 300 s holds a burst's connections for long).</summary>
    public int PoolIdleSeconds { get; init; } = 30;

    /// <summary>Synchronous queries (TAP /sync, SIA /query) running at once; null: the query pool less the UWS workers' connections (regular and burst).</summary>
    public int? SyncConcurrency { get; init; }

    /// <summary>Synchronous queries that may wait for a place beyond those; null: as many as run.</summary>
    public int? SyncQueue { get; init; }

    /// <summary>Synchronous queries one client address may have running or waiting (0: no limit, e.g. behind a proxy).</summary>
    public int SyncPerClient { get; init; } = 8;

    /// <summary>Seconds a synchronous query waits for a place before 503.</summary>
    public int SyncQueueSeconds { get; init; } = 10;

    /// <summary>The admission limits these settings make (one source for the server and the README's figures).</summary>
    public QueryAdmissionLimits SyncAdmission
    {
        get
        {
            var running = Math.Max(1, SyncConcurrency ?? (QueryPoolSize - Tap.Workers - Tap.BurstWorkers));
            return new QueryAdmissionLimits(running, Math.Max(0, SyncQueue ?? running), Math.Max(0, SyncPerClient), Math.Max(0, SyncQueueSeconds));
        }
    }

    /// <summary>Bounds of SODA async bulk cutout jobs (targets, cutouts, bytes).</summary>
    public BulkLimits SodaBulk { get; init; } = new();

    /// <summary>hips2fits cutouts rendered at once (CPU-bound: one per core by default); more wait in a queue of <see cref="Hips2FitsQueue"/>.</summary>
    public int? Hips2FitsConcurrency { get; init; }

    /// <summary>hips2fits cutouts waiting for a place; more are refused with 503.</summary>
    public int Hips2FitsQueue { get; init; } = 16;

    /// <summary>Decoded HiPS tiles kept in memory for hips2fits (a 512² tile is 1 MB).</summary>
    public int HipsTileCacheMegabytes { get; init; } = 512;

    /// <summary>
    /// Cube products (moments, channel maps, PV slices) made at once: each reads its whole spectral range and may hold up
    /// to <c>CubeLimits.MaxWorkingBytes</c>, and a moment map uses every core, so two by default.
    /// </summary>
    public int CubeConcurrency { get; init; } = 2;

    /// <summary>Cube products waiting for a place; more are refused with 503.</summary>
    public int CubeQueue { get; init; } = 16;

    public QueryAdmissionLimits CubeAdmission => new(Math.Max(1, CubeConcurrency), Math.Max(0, CubeQueue), 0, 30);

    public QueryAdmissionLimits Hips2FitsAdmission =>
        new(Math.Max(1, Hips2FitsConcurrency ?? Environment.ProcessorCount), Math.Max(0, Hips2FitsQueue), 0, 30);
}

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

    public VoServerOptions ToServerOptions(string? urls) => new(ConnectionString)
    {
        Urls = urls ?? ListenUrls,
        PublicUrl = PublicUrl,
        PreviewDirectory = PreviewDirectory,
        Tap = new TapOptions { ResultDirectory = TapResultDirectory },
    };

    /// <remarks>No public URL: access_url is stored relative and completed by the service when it answers.</remarks>
    public IngestOptions ToIngestOptions(string collection, CollectionMapping mapping) =>
        new(collection, PublisherDid, mapping);
}

using Microsoft.Extensions.Logging;
using Npgsql;
using VoServices.Database;
using VoServices.Tap;
using VoServices.Uws;

namespace VoServices.Web;

/// <summary>The TAP service's parts, shared by its endpoints (one instance per server).</summary>
public sealed class TapService(TapOptions options, NpgsqlDataSource dataSource, TapMetadataCache metadata, TapQueryRunner runner,
    UwsJobManager jobs, PublicUrls urls, ILogger<TapService> logger)
{
    public const string JobList = "tap";

    public TapOptions Options { get; } = options;

    public NpgsqlDataSource DataSource { get; } = dataSource;

    public TapMetadataCache Metadata { get; } = metadata;

    public TapQueryRunner Runner { get; } = runner;

    public UwsJobManager Jobs { get; } = jobs;

    public PublicUrls Urls { get; } = urls;

    public ILogger Logger { get; } = logger;

    public DateTime StartedAt { get; } = DateTime.UtcNow;
}

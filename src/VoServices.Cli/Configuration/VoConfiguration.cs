using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using VoServices.Database;
using VoServices.Ingest;
using VoServices.Tap;
using VoServices.Web;

namespace VoServices.Cli.Configuration;

/// <summary>
/// The one reader of the configuration: VO_* environment variables win over the checkout's vo.conf,
/// which wins over the defaults (the order `./vo` applies). Every value is checked here, and all bad
/// ones are reported together, each naming its variable.
/// </summary>
internal static class VoConfiguration
{
    private const string FileName = "vo.conf";
    private const string DefaultPgPort = "54329";

    private const string DatabaseUrlKey = "VO_DATABASE_URL";
    private const string PgPortKey = "VO_PG_PORT";
    private const string PublicUrlKey = "VO_PUBLIC_URL";
    private const string PublisherDidKey = "VO_PUBLISHER_DID";
    private const string UrlsKey = "VO_URLS";
    private const string TapResultsKey = "VO_TAP_RESULTS";
    private const string PreviewCacheKey = "VO_PREVIEW_CACHE";
    private const string SqlDirKey = "VO_SQL_DIR";
    private const string QueryUserKey = "VO_QUERY_PG_USER";
    private const string QueryPasswordKey = "VO_QUERY_PG_PASSWORD";
    private const string QueryPoolKey = "VO_QUERY_POOL";
    private const string OwnerPoolKey = "VO_OWNER_POOL";
    private const string SyncConcurrencyKey = "VO_SYNC_CONCURRENCY";
    private const string SyncQueueKey = "VO_SYNC_QUEUE";
    private const string SyncPerClientKey = "VO_SYNC_PER_CLIENT";
    private const string SyncQueueSecondsKey = "VO_SYNC_QUEUE_SECONDS";
    private const string Hips2FitsConcurrencyKey = "VO_HIPS2FITS_CONCURRENCY";
    private const string Hips2FitsQueueKey = "VO_HIPS2FITS_QUEUE";
    private const string HipsTileCacheKey = "VO_HIPS_TILE_CACHE_MB";
    private const string CubeConcurrencyKey = "VO_CUBE_CONCURRENCY";
    private const string CubeQueueKey = "VO_CUBE_QUEUE";
    private const string UploadByUrlKey = "VO_UPLOAD_BY_URL";
    private const string UploadUrlHostsKey = "VO_UPLOAD_URL_HOSTS";

    private static readonly string[] Keys =
    [
        DatabaseUrlKey, PgPortKey, PublicUrlKey, PublisherDidKey, UrlsKey, TapResultsKey, PreviewCacheKey, SqlDirKey,
        QueryUserKey, QueryPasswordKey, QueryPoolKey, OwnerPoolKey, SyncConcurrencyKey, SyncQueueKey, SyncPerClientKey, SyncQueueSecondsKey,
        UploadByUrlKey, UploadUrlHostsKey, Hips2FitsConcurrencyKey, Hips2FitsQueueKey, HipsTileCacheKey,
        CubeConcurrencyKey, CubeQueueKey,
    ];

    /// <summary>The process's environment and working directory: the only place that reads environment variables.</summary>
    public static VoSettings FromProcess() =>
        Load(Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal),
            Environment.CurrentDirectory);

    /// <param name="environment">The environment variables (tests pass their own).</param>
    /// <param name="currentDirectory">Where vo.conf and sql/ are looked for (in the checkout above it, if any); relative paths are resolved against it.</param>
    /// <exception cref="VoConfigurationException">Some value is invalid; the message lists each.</exception>
    public static VoSettings Load(IReadOnlyDictionary<string, string?> environment, string currentDirectory)
    {
        var root = CheckoutRoot(currentDirectory);
        var file = new VoConfFile(Path.Combine(root, FileName));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [PgPortKey] = DefaultPgPort,
                [PublisherDidKey] = IngestOptions.DefaultPublisherAuthority,
                [UrlsKey] = VoServerOptions.DefaultUrls,
                [TapResultsKey] = TapOptions.DefaultResultDirectory,
                [PreviewCacheKey] = VoServerOptions.DefaultPreviewDirectory,
            })
            .Add(file)
            // Exact names only (configuration keys ignore case, the environment does not); empty counts as unset, as in ./vo.
            .AddInMemoryCollection(Keys.Where(k => environment.GetValueOrDefault(k) is { Length: > 0 })
                .Select(k => KeyValuePair.Create(k, environment[k])))
            .Build();
        return new Reader(configuration, file, root, currentDirectory).Read();
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> holding VoServices.sln; else <paramref name="start"/> itself.</summary>
    private static string CheckoutRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VoServices.sln")))
            {
                return dir.FullName;
            }
        }

        return Path.GetFullPath(start);
    }

    private sealed class Reader(IConfigurationRoot configuration, VoConfFile file, string root, string currentDirectory)
    {
        private readonly List<string> _errors = [];

        public VoSettings Read()
        {
            // The private cluster's database, as ./vo names it, unless another is given.
            var port = Port(PgPortKey);
            var databaseUrl = configuration[DatabaseUrlKey] ?? (port is null ? null : $"postgresql://vo@127.0.0.1:{port}/voservices");
            var settings = new VoSettings
            {
                ConnectionString = databaseUrl is null ? "" : ConnectionString(databaseUrl),
                PublicUrl = configuration[PublicUrlKey] is null ? null : BaseUrl(PublicUrlKey),
                PublisherDid = Ivoid(PublisherDidKey),
                ListenUrls = ListenUrls(UrlsKey),
                TapResultDirectory = NewDirectory(TapResultsKey),
                PreviewDirectory = NewDirectory(PreviewCacheKey),
                SqlDirectory = configuration[SqlDirKey] is null
                    ? Directory.Exists(Path.Combine(root, "sql")) ? Path.Combine(root, "sql") : null
                    : ExistingDirectory(SqlDirKey),
                QueryUser = configuration[QueryUserKey],
                QueryPassword = configuration[QueryPasswordKey],
                QueryPoolSize = Integer(QueryPoolKey, 1, 1000),
                OwnerPoolSize = Integer(OwnerPoolKey, 1, 1000),
                SyncConcurrency = Integer(SyncConcurrencyKey, 1, 10_000),
                SyncQueue = Integer(SyncQueueKey, 0, 100_000),
                SyncPerClient = Integer(SyncPerClientKey, 0, 10_000),
                SyncQueueSeconds = Integer(SyncQueueSecondsKey, 0, 600),
                Hips2FitsConcurrency = Integer(Hips2FitsConcurrencyKey, 1, 1_000),
                Hips2FitsQueue = Integer(Hips2FitsQueueKey, 0, 10_000),
                HipsTileCacheMegabytes = Integer(HipsTileCacheKey, 1, 1_000_000),
                CubeConcurrency = Integer(CubeConcurrencyKey, 1, 1_000),
                CubeQueue = Integer(CubeQueueKey, 0, 10_000),
                AllowUploadByUrl = Boolean(UploadByUrlKey),
                UploadUrlHosts = (configuration[UploadUrlHostsKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
            return _errors.Count == 0 ? settings : throw new VoConfigurationException(_errors);
        }

        private string Value(string key) => configuration[key] ?? "";

        private void Fail(string key, string problem)
        {
            // Under ./vo a vo.conf value arrives as an environment variable; run directly, say which file to fix.
            var fromFile = configuration.Providers.LastOrDefault(p => p.TryGet(key, out _)) == file;
            _errors.Add($"{key}: {problem}" + (fromFile ? $" (set in {file.Path})" : ""));
        }

        /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; null when unset (the server's default).</summary>
        private int? Integer(string key, int min, int max)
        {
            if (configuration[key] is null)
            {
                return null;
            }

            if (int.TryParse(Value(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            Fail(key, $"'{Value(key)}' is not a whole number from {min} to {max}");
            return null;
        }

        private bool Boolean(string key)
        {
            switch (Value(key).ToUpperInvariant())
            {
                case "" or "0" or "FALSE" or "NO" or "OFF":
                    return false;
                case "1" or "TRUE" or "YES" or "ON":
                    return true;
                default:
                    Fail(key, $"'{Value(key)}' is not true or false");
                    return false;
            }
        }

        private int? Port(string key)
        {
            if (int.TryParse(Value(key), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
            {
                return port;
            }

            Fail(key, $"'{Value(key)}' is not a port number (1-65535)");
            return null;
        }

        private string ConnectionString(string url)
        {
            try
            {
                return DatabaseUrl.ToConnectionString(url);
            }
            catch (FormatException e)
            {
                Fail(DatabaseUrlKey, e.Message);
                return "";
            }
        }

        /// <summary>An absolute http(s) URL that paths can be appended to (so no query or fragment).</summary>
        private string BaseUrl(string key)
        {
            var value = Value(key);
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is ("http" or "https")
                && uri.Host.Length > 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0)
            {
                return value;
            }

            Fail(key, $"'{value}' is not an http(s) base URL such as https://vo.example.org/archive");
            return value;
        }

        /// <summary>The DID prefix: obs_publisher_did appends '?collection/path', so no query or fragment of its own.</summary>
        private string Ivoid(string key)
        {
            var value = Value(key);
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "ivo"
                && uri.Host.Length > 0 && !value.Contains('?', StringComparison.Ordinal) && !value.Contains('#', StringComparison.Ordinal))
            {
                return value;
            }

            Fail(key, $"'{value}' is not an IVOID such as ivo://example.org/archive");
            return value;
        }

        /// <summary>Kestrel's form: http(s) URLs separated by ';', whose host may be * or + (so not checked as a URI).</summary>
        private string ListenUrls(string key)
        {
            var value = Value(key);
            var parts = value.Split(';');
            if (!parts.All(p => (p.StartsWith("http://", StringComparison.Ordinal) && p.Length > 7)
                                || (p.StartsWith("https://", StringComparison.Ordinal) && p.Length > 8)))
            {
                Fail(key, $"'{value}' is not a list of http(s) URLs separated by ';', such as http://127.0.0.1:8080");
            }

            return value;
        }

        /// <summary>A directory made on first use: any path that is not an existing file.</summary>
        private string NewDirectory(string key)
        {
            var path = FullPath(key);
            if (path is not null && File.Exists(path))
            {
                Fail(key, $"'{Value(key)}' is a file, not a directory");
            }

            return path ?? "";
        }

        private string? ExistingDirectory(string key)
        {
            var path = FullPath(key);
            if (path is not null && !Directory.Exists(path))
            {
                Fail(key, $"'{Value(key)}' is not a directory");
            }

            return path;
        }

        private string? FullPath(string key)
        {
            try
            {
                return Path.GetFullPath(Value(key), currentDirectory);
            }
            catch (ArgumentException)
            {
                Fail(key, $"'{Value(key)}' is not a path");
                return null;
            }
        }
    }
}

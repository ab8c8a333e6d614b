using VoServices.Database;
using VoServices.Tap;

namespace VoServices.Web;

/// <summary>How to run the server: where it listens, the URL clients see, the database, and the TAP limits.</summary>
public sealed record VoServerOptions(string ConnectionString)
{
    /// <summary>Kestrel listen URLs (e.g. http://127.0.0.1:8080; port 0 picks a free port).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>
    /// The base URL clients use (behind a proxy it differs from <see cref="Urls"/>); env VO_PUBLIC_URL.
    /// Null means "the listen URL".
    /// </summary>
    public string? PublicUrl { get; init; }

    public TapOptions Tap { get; init; } = new();

    /// <summary>Where DataLink #preview images are cached (env VO_PREVIEW_CACHE); made on first use.</summary>
    public string PreviewDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "voservices-previews");

    /// <summary>Allow UPLOAD=name,http(s)://... (the server fetches the URL).</summary>
    public bool AllowUploadByUrl { get; init; } = true;

    /// <summary>Options from the environment: VO_DATABASE_URL, VO_PUBLIC_URL, VO_TAP_RESULTS (results directory), VO_PREVIEW_CACHE.</summary>
    public static VoServerOptions FromEnvironment(string? urls = null)
    {
        var options = new VoServerOptions(Database.DatabaseUrl.FromEnvironment())
        {
            PublicUrl = Environment.GetEnvironmentVariable("VO_PUBLIC_URL") is { Length: > 0 } p ? p : null,
        };
        if (urls is not null)
        {
            options = options with { Urls = urls };
        }

        if (Environment.GetEnvironmentVariable("VO_PREVIEW_CACHE") is { Length: > 0 } previews)
        {
            options = options with { PreviewDirectory = previews };
        }

        if (Environment.GetEnvironmentVariable("VO_TAP_RESULTS") is { Length: > 0 } results)
        {
            options = options with { Tap = options.Tap with { ResultDirectory = results } };
        }

        return options;
    }
}

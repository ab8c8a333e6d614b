using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace VoServices.Web;

/// <summary>
/// What every response of the server gets, whatever the protocol: CORS for browser clients on other origins
/// (Aladin Lite, JavaScript notebooks), HEAD on every GET resource (RFC 9110 §9.3.2), security headers, and no
/// <c>Server</c> header. One place, so that endpoints added later get it without asking.
/// </summary>
public static class HttpHardening
{
    public const string CorsPolicy = "vo-public";

    /// <summary>How long a browser may reuse a preflight answer (browsers cap it lower: Chromium at 2 h).</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromHours(2);

    /// <summary>
    /// The CSP of HTML pages (landing page, /tap/examples): their one inline style block and nothing else; no
    /// framing (clickjacking), no scripts, forms only to this origin.
    /// </summary>
    public const string HtmlContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Host settings: no <c>Server: Kestrel</c> header (it tells an attacker the stack and helps no client), and CORS.</summary>
    public static WebApplicationBuilder AddHttpHardening(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddPublicCors();
        return builder;
    }

    /// <summary>
    /// Everything is public and anonymous, so any origin may read it; credentials are never allowed (with
    /// <c>*</c> browsers refuse them anyway). DELETE is UWS's job deletion. Exposed: what clients read beyond
    /// the safelisted headers (file names, ranges, the UWS redirect target, the admission control's Retry-After).
    /// </summary>
    public static IServiceCollection AddPublicCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .AllowAnyOrigin()
            .WithMethods("GET", "POST", "HEAD", "OPTIONS", "DELETE")
            .WithHeaders("Content-Type", "Accept", "Accept-Language", "Content-Language", "Range", "X-Requested-With")
            .WithExposedHeaders("Content-Disposition", "Content-Range", "Accept-Ranges", "Location", "Retry-After", "ETag")
            .SetPreflightMaxAge(PreflightMaxAge)));

    /// <summary>
    /// The middleware, in order: security headers (set when the response starts, so that error documents,
    /// which the exception handler writes after clearing the headers, get them too), CORS (before routing: a
    /// preflight is answered 204 here and never reaches the router's 405), then HEAD served as GET.
    /// Call before <c>UseRouting</c>, so that a HEAD is routed to the GET endpoint.
    /// </summary>
    public static IApplicationBuilder UseHttpHardening(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state => AddSecurityHeaders((HttpResponse)state), context.Response);
            return next(context);
        });
        app.UseCors(CorsPolicy);
        app.Use(static (context, next) => HttpMethods.IsHead(context.Request.Method) ? HeadAsGetAsync(context, next) : next(context));
        return app;
    }

    private static Task AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        var type = response.ContentType ?? "";
        if (type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/xhtml+xml", StringComparison.OrdinalIgnoreCase))
        {
            // A page that runs scripts (the HiPS viewer) states its own, narrower than none at all.
            if (string.IsNullOrEmpty(response.Headers.ContentSecurityPolicy))
            {
                response.Headers.XFrameOptions = "DENY";
                response.Headers.ContentSecurityPolicy = HtmlContentSecurityPolicy;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A HEAD runs the GET endpoint with a body that discards what is written (files are not even read), so
    /// status and headers are those of the GET. The DAL queries (/tap/sync, /sia/query) run with MAXREC=0: the
    /// query is parsed and checked (a bad one is still a 400) but not executed, so a HEAD costs no scan.
    /// </summary>
    private static async Task HeadAsGetAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var bodyFeature = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        await using var discarding = new DiscardingBody(bodyFeature);
        context.Features.Set<IHttpResponseBodyFeature>(discarding);
        request.Method = HttpMethods.Get;
        if (request.Path.StartsWithSegments("/tap/sync", StringComparison.Ordinal) || request.Path.StartsWithSegments("/sia/query", StringComparison.Ordinal))
        {
            request.QueryString = MetadataOnly(request.QueryString);
        }

        try
        {
            await next(context);
        }
        finally
        {
            // Restored for what runs after (logging): the client sent a HEAD.
            request.Method = HttpMethods.Head;
            context.Features.Set(bodyFeature);
        }
    }

    /// <summary>The query string with every MAXREC (any case) replaced by MAXREC=0.</summary>
    public static QueryString MetadataOnly(QueryString query)
    {
        var kept = QueryHelpers.ParseQuery(query.Value)
            .Where(p => !p.Key.Equals("MAXREC", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create<string, string?>("MAXREC", "0"));
        return QueryString.Create(kept);
    }

    /// <summary>A response body that swallows writes and file sends; headers still go out through the real one.</summary>
    private sealed class DiscardingBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature, IAsyncDisposable
    {
        private readonly PipeWriter _writer = PipeWriter.Create(Stream.Null, new StreamPipeWriterOptions(leaveOpen: true));

        public Stream Stream => Stream.Null;

        public PipeWriter Writer => _writer;

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => inner.CompleteAsync();

        public ValueTask DisposeAsync() => _writer.CompleteAsync();
    }
}

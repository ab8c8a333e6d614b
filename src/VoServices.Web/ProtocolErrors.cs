using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using VoServices.Dali;
using VoServices.Dali.Votable;
using VoServices.Database;

namespace VoServices.Web;

/// <summary>
/// The error document one protocol prescribes, attached to its route group as endpoint metadata; the one
/// <see cref="ProtocolExceptionHandler"/> renders every failure with the document of the endpoint that failed.
/// The status is the same for all (<see cref="DaliErrorMapper"/>); only the body differs.
/// </summary>
public abstract record ProtocolErrors
{
    /// <summary>
    /// TAP: a VOTable with QUERY_STATUS=ERROR and the message as is (TAP 1.1 names no fault labels);
    /// text/plain when CSV, TSV or FITS was asked for with RESPONSEFORMAT or its TAP alias FORMAT.
    /// </summary>
    public static ProtocolErrors Tap { get; } = new VotableErrors(e => e.Message, ["RESPONSEFORMAT", "FORMAT"]);

    /// <summary>Plain text with the message alone (the /files tree, which is not a DAL service).</summary>
    public static ProtocolErrors Text { get; } = new TextErrors(e => e.Message);

    public abstract Task WriteAsync(HttpContext context, DaliError error);

    /// <summary>
    /// A VOTable error document with the text <paramref name="Describe"/> makes (SIA and DataLink: the fault
    /// name first); text/plain instead when one of <paramref name="FormatParameters"/> asks for a format
    /// that is not a VOTable (DALI 1.1 §4.5 errors). No parameters: always a VOTable.
    /// </summary>
    public sealed record VotableErrors(Func<DaliError, string> Describe, IReadOnlyList<string> FormatParameters) : ProtocolErrors
    {
        public override async Task WriteAsync(HttpContext context, DaliError error)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (!AsksForVotable(context.Request, FormatParameters))
            {
                await DaliHttp.WriteTextAsync(context, Describe(error) + "\n");
                return;
            }

            context.Response.ContentType = DaliHttp.VotableMime;
            await VotableWriter.WriteErrorDocumentAsync(context.Response.BodyWriter, Describe(error), context.RequestAborted);
        }

        /// <summary>The format asked in the query string or the form already read; an unknown one is itself the error, answered as a VOTable.</summary>
        private static bool AsksForVotable(HttpRequest request, IReadOnlyList<string> formatParameters)
        {
            if (formatParameters.Count == 0)
            {
                return true;
            }

            var form = request.HttpContext.Features.Get<IFormFeature>()?.Form;
            var values = request.Query.Concat(form ?? Enumerable.Empty<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>())
                .Where(p => formatParameters.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
                .SelectMany(p => p.Value)
                .ToList();
            if (values.Count != 1)
            {
                return true;
            }

            try
            {
                return ResponseFormats.Resolve(values[0], ResponseFormats.All).Format.IsVotable;
            }
            catch (DaliException)
            {
                return true;
            }
        }
    }

    /// <summary>A text/plain error document whose text <paramref name="Describe"/> makes (SODA: <c>UsageError: ...</c>).</summary>
    public sealed record TextErrors(Func<DaliError, string> Describe) : ProtocolErrors
    {
        public override Task WriteAsync(HttpContext context, DaliError error) =>
            DaliHttp.WriteTextAsync(context, Describe(error) + "\n");
    }
}

/// <summary>
/// Every failure of every endpoint becomes, here and only here, its protocol's error document: the status
/// from <see cref="DaliErrorMapper"/> (PostgreSQL faults translated first), the body from the endpoint's
/// <see cref="ProtocolErrors"/> (TAP's when it has none). Bugs are logged with their stack, outages in one line, both rate-limited; the
/// client sees neither stack nor SQL nor path. A failure after the response has started cannot become a
/// document: the middleware then lets the connection be cut, so the client sees an incomplete response.
/// </summary>
public sealed class ProtocolExceptionHandler(ILogger<ProtocolExceptionHandler> logger) : IExceptionHandler
{
    private static readonly LogThrottle Throttle = new(TimeSpan.FromSeconds(1));

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var error = PostgresFaults.Classify(exception);
        if (error.IsBug && Throttle.ShouldLog(exception.GetType().FullName ?? "", out var left))
        {
            // A bug of ours: its stack is what the operator needs, but one per second per kind of exception is enough.
            logger.LogError(exception, "{Method} {Path} failed ({Suppressed} similar failures not logged)", httpContext.Request.Method,
                httpContext.Request.Path, left);
        }

        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        await WriteAsync(httpContext, endpoint?.Metadata.GetMetadata<ProtocolErrors>(), error, logger);
        return true;
    }

    /// <summary>
    /// The answer to <paramref name="error"/>: its status, Retry-After when the service is overloaded or down, and
    /// <paramref name="document"/> (TAP's when null). Also used without an exception, for refusals under load,
    /// where thousands a second must stay cheap.
    /// </summary>
    public static Task WriteAsync(HttpContext httpContext, ProtocolErrors? document, DaliError error, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(error);
        if (error.HttpStatus == StatusCodes.Status503ServiceUnavailable && Throttle.ShouldLog("503", out var left))
        {
            // Overload or an outage: one line, no stack (the cause is outside the request), rate-limited.
            logger.LogWarning("{Method} {Path}: 503 {Message} ({Suppressed} similar answers not logged)", httpContext.Request.Method,
                httpContext.Request.Path, error.Message, left);
        }

        httpContext.Response.StatusCode = error.HttpStatus;
        if (error.HttpStatus is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            // Overload and outages pass: say when to come back (pyVO and browsers read it; CORS exposes it).
            httpContext.Response.Headers.RetryAfter = QueryAdmissionLimits.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return (document ?? ProtocolErrors.Tap).WriteAsync(httpContext, error);
    }
}

/// <summary>Attaching a protocol's error document to a route group.</summary>
public static class ProtocolErrorsExtensions
{
    /// <summary>
    /// A group for one protocol's endpoints. Its prefix is empty: the routes keep the absolute paths the
    /// service also advertises (capabilities, DataLink descriptors), so routed and advertised URLs are one string.
    /// </summary>
    public static RouteGroupBuilder MapProtocol(this IEndpointRouteBuilder app, ProtocolErrors errors)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGroup("").WithMetadata(errors);
    }
}

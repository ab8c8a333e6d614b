using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoServices.Dali;

namespace VoServices.Web;

/// <summary>The admission limits of synchronous user queries (TAP /sync and SIA /query share them).</summary>
/// <param name="Concurrency">Queries running at once on the whole server.</param>
/// <param name="Queue">Queries waiting for a place beyond those; more are refused at once with 503.</param>
/// <param name="PerClient">Queries one client address may have running or waiting; more are refused with 429. 0: no per-client limit.</param>
/// <param name="QueueSeconds">How long a query waits for a place before it is refused with 503.</param>
public sealed record QueryAdmissionLimits(int Concurrency, int Queue, int PerClient, int QueueSeconds)
{
    /// <summary>The Retry-After of a refusal: about the time a place takes to free up.</summary>
    public const int RetryAfterSeconds = 5;
}

/// <summary>
/// Admission control for synchronous queries: each holds a database connection and a worker for as long as
/// its client reads, so they are counted where they arrive, not where the pool runs out. A bounded queue in
/// arrival order absorbs bursts; beyond it, or after waiting too long, the client gets 503 (429 when it alone
/// holds more than its share) with Retry-After and its protocol's error document. The global limit stays
/// below the query pool so UWS workers still get connections.
/// </summary>
public sealed class QueryAdmission : IDisposable
{
    private readonly ConcurrencyLimiter _global;
    private readonly PartitionedRateLimiter<string>? _perClient;

    public QueryAdmission(QueryAdmissionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _global = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, limits.Concurrency),
            QueueLimit = Math.Max(0, limits.Queue),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        if (limits.PerClient > 0)
        {
            _perClient = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetConcurrencyLimiter(client,
                _ => new ConcurrencyLimiterOptions { PermitLimit = limits.PerClient, QueueLimit = 0 }));
        }
    }

    public QueryAdmissionLimits Limits { get; }

    /// <summary>A place for one query of <paramref name="client"/>, held until the lease is disposed; throws the refusal.</summary>
    public async ValueTask<IDisposable> AdmitAsync(string client, CancellationToken cancellationToken)
    {
        var (lease, refusal) = await TryAdmitAsync(client, cancellationToken);
        return lease ?? throw refusal!;
    }

    /// <summary>A place (held until disposed), or the refusal to answer with: no exception, as refusals come by the thousand under load.</summary>
    public async ValueTask<(IDisposable? Lease, DaliException? Refusal)> TryAdmitAsync(string client, CancellationToken cancellationToken)
    {
        RateLimitLease? own = null;
        if (_perClient is not null)
        {
            own = _perClient.AttemptAcquire(client);
            if (!own.IsAcquired)
            {
                own.Dispose();
                return (null, new DaliException(DaliErrorKind.TooManyRequests,
                    $"This client already has {Limits.PerClient} queries running or waiting, the most this service runs for one client; retry when one has finished"));
            }
        }

        // Most refusals under load are a full queue: answered without waiting or a timer.
        var place = _global.AttemptAcquire(1);
        if (!place.IsAcquired && _global.GetStatistics()?.CurrentQueuedCount < Math.Max(0, Limits.Queue))
        {
            place.Dispose();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(Math.Max(0, Limits.QueueSeconds)));
            try
            {
                place = await _global.AcquireAsync(1, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                own?.Dispose();
                return (null, Busy($"no place freed up within {Limits.QueueSeconds} s"));
            }
            catch
            {
                own?.Dispose();
                throw;
            }
        }

        if (!place.IsAcquired)
        {
            place.Dispose();
            own?.Dispose();
            return (null, Busy($"{Limits.Queue} queries are already waiting"));
        }

        return (new Lease(place, own), null);
    }

    public void Dispose()
    {
        _global.Dispose();
        _perClient?.Dispose();
    }

    private DaliException Busy(string why) => new(DaliErrorKind.Unavailable,
        $"The service is busy: {Limits.Concurrency} queries are running and {why}; retry in a few seconds");

    private sealed class Lease(RateLimitLease place, RateLimitLease? own) : IDisposable
    {
        public void Dispose()
        {
            place.Dispose();
            own?.Dispose();
        }
    }
}

/// <summary>Putting an endpoint under the query admission control.</summary>
public static class QueryAdmissionExtensions
{
    /// <summary>
    /// The endpoint runs only with a place from <see cref="QueryAdmission"/>, held until its response is
    /// written; the client is its remote address (behind a proxy, all clients share the proxy's: set the
    /// per-client limit to 0 there).
    /// </summary>
    public static RouteHandlerBuilder WithQueryAdmission(this RouteHandlerBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var admission = http.RequestServices.GetRequiredService<QueryAdmission>();
            var (place, refusal) = await admission.TryAdmitAsync(http.Connection.RemoteIpAddress?.ToString() ?? "", http.RequestAborted);
            if (refusal is not null)
            {
                await ProtocolExceptionHandler.WriteAsync(http, http.GetEndpoint()?.Metadata.GetMetadata<ProtocolErrors>(), DaliErrorMapper.Map(refusal),
                    http.RequestServices.GetRequiredService<ILogger<QueryAdmission>>());
                return Results.Empty;
            }

            using (place)
            {
                return await next(context);
            }
        });
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using VoServices.Dali;

using VoServices.Database;

namespace VoServices.Uws;

/// <summary>Runs one job's work: writes its result under <paramref name="jobDirectory"/> and describes it.</summary>
public interface IUwsJobExecutor
{
    /// <summary>
    /// Throw <see cref="DaliException"/> (or a database error) for failures the user should see; the
    /// token is cancelled on ABORT, on exceeding the execution duration, and at shutdown.
    /// </summary>
    Task<UwsResult> ExecuteAsync(UwsJob job, string jobDirectory, CancellationToken cancellationToken);
}

/// <summary>
/// The life of the jobs of one job list: creation, phase changes, a bounded pool of workers (jobs wait
/// in QUEUED), ABORT and execution-duration cancellation, WAIT notifications, restart recovery and the
/// destruction sweep. <c>log</c> receives bugs and notable events (exception or null, message). State lives in PostgreSQL (<see cref="UwsJobStore"/>), results in
/// <c>ResultDirectory/jobId</c>.
/// </summary>
public sealed class UwsJobManager : IAsyncDisposable
{
    private readonly UwsJobStore _store;
    private readonly IUwsJobExecutor _executor;
    private readonly Action<Exception?, string> _log;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _executingSince = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _bursts = new(StringComparer.Ordinal);
    private int _burstWorkers;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Task> _workers = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _starter;
    private Task? _sweeper;
    private int _disposed;

    public UwsJobManager(UwsJobStore store, IUwsJobExecutor executor, UwsManagerOptions options, Action<Exception?, string> log)
    {
        _store = store;
        _executor = executor;
        Options = options;
        _log = log;
    }

    /// <summary>The suffix of a result while it is written; renamed away when complete.</summary>
    public const string PartialSuffix = ".part";

    public UwsManagerOptions Options { get; }

    public UwsJobStore Store => _store;

    public string JobDirectory(string jobId) => Path.Combine(Options.ResultDirectory, jobId);

    /// <summary>
    /// Recovers jobs left by a previous run, removes their partial results, then starts the workers and the sweeper;
    /// in the background, retried every few seconds while the database is unreachable, so the server starts
    /// (and says available=false) without it. Workers start only after the recovery: it fails EXECUTING jobs,
    /// which must be the previous run's.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _starter = Task.Run(() => RecoverThenWorkAsync(_shutdown.Token), CancellationToken.None);
        // With the database up, the server starts with its jobs recovered; without it, after the first attempt.
        await Task.WhenAny(_started.Task, _firstAttempt.Task).WaitAsync(cancellationToken);
    }

    /// <summary>Completes when the recovery is done and the workers run (tests; a start without a database waits for it).</summary>
    public Task Started => _started.Task;

    private async Task RecoverThenWorkAsync(CancellationToken shutdown)
    {
        while (true)
        {
            try
            {
                foreach (var jobId in await _store.RecoverAsync(Options.JobList, shutdown))
                {
                    _queue.Writer.TryWrite(jobId);
                }

                break;
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                _firstAttempt.TrySetResult();
                return;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                _firstAttempt.TrySetResult();
                _log(null, $"UWS recovery: the database is not reachable ({e.Message}); retrying in {Options.RecoveryRetry.TotalSeconds:0} s");
                await Task.Delay(Options.RecoveryRetry, shutdown).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                if (shutdown.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        RemovePartialResults();
        for (var i = 0; i < Math.Max(1, Options.Workers); i++)
        {
            _workers.Add(Task.Run(() => WorkAsync(shutdown), CancellationToken.None));
        }

        _sweeper = Task.Run(() => SweepLoopAsync(shutdown), CancellationToken.None);
        _workers.Add(Task.Run(() => BurstLoopAsync(shutdown), CancellationToken.None));
        _started.TrySetResult();
    }

    /// <summary>
    /// Results being written when the previous run stopped (kill -9, a full disk) end in <c>.part</c>: no job of
    /// this run has started yet, so every one is an orphan, and left alone would keep the disk full.
    /// </summary>
    private void RemovePartialResults()
    {
        if (!Directory.Exists(Options.ResultDirectory))
        {
            return;
        }

        foreach (var partial in Directory.EnumerateFiles(Options.ResultDirectory, "*" + PartialSuffix, SearchOption.AllDirectories))
        {
            try
            {
                File.Delete(partial);
                _log(null, $"removed the partial result {Path.GetFileName(Path.GetDirectoryName(partial))}/{Path.GetFileName(partial)} of a previous run");
            }
            catch (IOException e)
            {
                _log(e, "could not remove a partial result of a previous run");
            }
        }
    }

    /// <summary>Creates a PENDING job (or QUEUED when <paramref name="run"/>) with the default duration and destruction.</summary>
    public async Task<UwsJob> CreateAsync(IReadOnlyList<UwsParameter> parameters, string? runId, string? ownerId, int? executionDuration,
        DateTime? destruction, bool run, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var job = new UwsJob(NewJobId(), Options.JobList, UwsPhase.Pending, now,
            ClampDuration(executionDuration), ClampDestruction(destruction, now), parameters)
        {
            RunId = runId,
            OwnerId = ownerId,
        };
        await _store.CreateAsync(job, cancellationToken);
        if (run)
        {
            await RunAsync(job.JobId, cancellationToken);
        }

        return job;
    }

    /// <summary>PHASE=RUN: queues a PENDING job; other phases are left as they are (UWS allows ignoring).</summary>
    public async Task RunAsync(string jobId, CancellationToken cancellationToken)
    {
        if (await _store.QueueAsync(jobId, cancellationToken))
        {
            Notify(jobId);
            _queue.Writer.TryWrite(jobId);
        }
    }

    /// <summary>PHASE=ABORT: stops the job if it is not finished.</summary>
    public async Task AbortAsync(string jobId, CancellationToken cancellationToken)
    {
        if (await _store.AbortAsync(jobId, cancellationToken))
        {
            Notify(jobId);
        }

        if (_running.TryGetValue(jobId, out var cts))
        {
            await cts.CancelAsync();
        }
    }

    /// <summary>Deletes the job and its results (aborting it first if running).</summary>
    public async Task DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        if (_running.TryGetValue(jobId, out var cts))
        {
            await cts.CancelAsync();
        }

        await _store.DeleteAsync(jobId, cancellationToken);
        Notify(jobId);
        DeleteDirectory(jobId);
    }

    public int ClampDuration(int? seconds) =>
        seconds is null or <= 0 ? Options.DefaultExecutionDuration : Math.Min(seconds.Value, Options.HardExecutionDuration);

    public DateTime ClampDestruction(DateTime? requested, DateTime created)
    {
        var latest = created.AddSeconds(Options.HardRetention);
        return requested is null ? created.AddSeconds(Options.DefaultRetention) : requested.Value > latest ? latest : requested.Value;
    }

    /// <summary>
    /// UWS WAIT: returns when the job's phase changes or after <paramref name="timeout"/>; immediately
    /// when the job is not active, or not in <paramref name="expectedPhase"/> when that is given.
    /// </summary>
    public async Task<UwsJob?> WaitAsync(string jobId, TimeSpan timeout, string? expectedPhase, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var job = await _store.GetAsync(Options.JobList, jobId, cancellationToken);
        if (job is null || !UwsPhase.IsActive(job.Phase) || (expectedPhase is not null && !string.Equals(job.Phase, expectedPhase, StringComparison.OrdinalIgnoreCase)))
        {
            return job;
        }

        var startPhase = job.Phase;
        while (DateTime.UtcNow < deadline)
        {
            var signal = _changes.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            // Re-read after subscribing so a change between the read and the subscription is not missed;
            // the periodic re-read also sees changes made by other server processes.
            job = await _store.GetAsync(Options.JobList, jobId, cancellationToken);
            if (job is null || job.Phase != startPhase)
            {
                return job;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                await signal.WaitAsync(remaining < TimeSpan.FromSeconds(2) ? remaining : TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (TimeoutException)
            {
                // Poll again.
            }
        }

        return await _store.GetAsync(Options.JobList, jobId, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _shutdown.CancelAsync();
        _queue.Writer.TryComplete();
        foreach (var cts in _running.Values)
        {
            try
            {
                await cts.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The job ended (and disposed its source) between the snapshot and now.
            }
        }

        try
        {
            await (_starter ?? Task.CompletedTask);
            await Task.WhenAll(_workers.Append(_sweeper ?? Task.CompletedTask));
            await Task.WhenAll(_bursts.Values); // none is added once the burst loop, one of the workers, has ended
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }

        _shutdown.Dispose();
    }

    private void Notify(string jobId)
    {
        if (_changes.TryRemove(jobId, out var tcs))
        {
            tcs.TrySetResult();
        }
    }

    private async Task WorkAsync(CancellationToken shutdown)
    {
        await foreach (var jobId in _queue.Reader.ReadAllAsync(shutdown))
        {
            try
            {
                await ExecuteOneAsync(jobId, shutdown);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log(e, $"UWS worker failed on job {jobId}");
            }
        }
    }

    /// <summary>
    /// Jobs wait in arrival order, so with every worker on a long job a quick one would wait hours. When jobs are
    /// queued and every running job has run for <see cref="UwsManagerOptions.LongJobAfter"/>, one more worker takes
    /// the next job, up to <see cref="UwsManagerOptions.BurstWorkers"/> beyond the regular ones (bounded, as the
    /// database pool is): a quick job then waits about that long behind long ones, not for them to end.
    /// </summary>
    private async Task BurstLoopAsync(CancellationToken shutdown)
    {
        while (!shutdown.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), shutdown).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            var now = DateTime.UtcNow;
            var running = _executingSince.Values.ToList();
            if (shutdown.IsCancellationRequested || _queue.Reader.Count == 0 || running.Count < Math.Max(1, Options.Workers) + Volatile.Read(ref _burstWorkers)
                || running.Any(since => now - since < Options.LongJobAfter) || Volatile.Read(ref _burstWorkers) >= Options.BurstWorkers)
            {
                continue;
            }

            if (!_queue.Reader.TryRead(out var jobId))
            {
                continue;
            }

            Interlocked.Increment(ref _burstWorkers);
            _bursts[jobId] = Task.Run(async () =>
            {
                try
                {
                    await ExecuteOneAsync(jobId, shutdown);
                }
                catch (Exception e) when (e is not OperationCanceledException || !shutdown.IsCancellationRequested)
                {
                    _log(e, $"UWS worker failed on job {jobId}");
                }
                catch (OperationCanceledException)
                {
                    // Shutting down.
                }
                finally
                {
                    Interlocked.Decrement(ref _burstWorkers);
                    _bursts.TryRemove(jobId, out _);
                }
            }, CancellationToken.None);
        }
    }

    private async Task ExecuteOneAsync(string jobId, CancellationToken shutdown)
    {
        // Registered before the job turns EXECUTING, so an ABORT arriving at any moment after that finds it.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        _running[jobId] = cts;
        UwsJob? job = null;
        try
        {
            if (!await _store.StartAsync(jobId, shutdown))
            {
                return; // aborted or deleted while queued
            }

            Notify(jobId);
            _executingSince[jobId] = DateTime.UtcNow;
            job = await _store.GetAsync(Options.JobList, jobId, shutdown);
            if (job is null)
            {
                return;
            }

            cts.CancelAfter(TimeSpan.FromSeconds(job.ExecutionDuration));
            var directory = JobDirectory(jobId);
            Directory.CreateDirectory(directory);
            var result = await _executor.ExecuteAsync(job, directory, cts.Token);
            await _store.CompleteAsync(jobId, result, CancellationToken.None);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // The restart recovery turns this job into ERROR.
            throw;
        }
        catch (Exception e) when ((cts.IsCancellationRequested && e is OperationCanceledException or Npgsql.NpgsqlException)
            || e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.QueryCanceled })
        {
            // ABORT (the phase is already ABORTED) or the execution duration ran out: our timer, or the
            // statement timeout the executor sets to the same duration when PostgreSQL notices first.
            // UWS 1.1 says a job past its executionDuration is aborted: ABORTED, with the reason kept.
            await _store.AbortWithReasonAsync(jobId, $"The job exceeded its execution duration of {job?.ExecutionDuration} s and was stopped", CancellationToken.None);
        }
        catch (Exception e)
        {
            var error = PostgresFaults.Classify(e);
            if (error.IsBug)
            {
                _log(e, $"UWS job {jobId} failed with an internal error");
            }
            else if (error.HttpStatus >= 500)
            {
                _log(null, $"UWS job {jobId} failed: {error.Message}"); // an outage or a full disk: the operator must hear of it
            }

            await _store.FailAsync(jobId, error.Message, error.HttpStatus < 500, CancellationToken.None);
        }
        finally
        {
            _running.TryRemove(jobId, out _);
            _executingSince.TryRemove(jobId, out _);
            Notify(jobId);
        }
    }

    private async Task SweepLoopAsync(CancellationToken shutdown)
    {
        while (!shutdown.IsCancellationRequested)
        {
            try
            {
                foreach (var jobId in await _store.ExpiredAsync(Options.JobList, DateTime.UtcNow, shutdown))
                {
                    _log(null, $"destroying UWS job {jobId} (destruction time reached)");
                    await DeleteAsync(jobId, shutdown);
                }
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or IOException)
            {
                _log(e, "UWS destruction sweep failed; retrying later");
            }

            await Task.Delay(Options.SweepInterval, shutdown).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private void DeleteDirectory(string jobId)
    {
        var directory = JobDirectory(jobId);
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException e)
        {
            _log(e, $"could not delete the results of job {jobId}");
        }
    }

    private static string NewJobId() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
}

/// <summary>Settings of a <see cref="UwsJobManager"/>; times in seconds.</summary>
public sealed record UwsManagerOptions(string JobList, string ResultDirectory)
{
    public int Workers { get; init; } = 2;
    public int DefaultExecutionDuration { get; init; } = 3600;
    public int HardExecutionDuration { get; init; } = 4 * 3600;
    public int DefaultRetention { get; init; } = 3 * 24 * 3600;
    public int HardRetention { get; init; } = 14 * 24 * 3600;
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Workers added while every worker is on a long job and others wait (see <c>BurstLoopAsync</c>).</summary>
    public int BurstWorkers { get; init; } = 2;

    /// <summary>How long a job must have run to count as long.</summary>
    public TimeSpan LongJobAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the start-up recovery is retried while the database is unreachable.</summary>
    public TimeSpan RecoveryRetry { get; init; } = TimeSpan.FromSeconds(5);
}

namespace VoServices.Uws;

/// <summary>UWS 1.1 execution phases.</summary>
public static class UwsPhase
{
    public const string Pending = "PENDING";
    public const string Queued = "QUEUED";
    public const string Executing = "EXECUTING";
    public const string Completed = "COMPLETED";
    public const string Error = "ERROR";
    public const string Aborted = "ABORTED";
    public const string Unknown = "UNKNOWN";
    public const string Held = "HELD";
    public const string Suspended = "SUSPENDED";
    public const string Archived = "ARCHIVED";

    public static IReadOnlyList<string> All { get; } = [Pending, Queued, Executing, Completed, Error, Aborted, Unknown, Held, Suspended, Archived];

    /// <summary>Phases in which a job can still change by itself (WAIT blocks in these).</summary>
    public static bool IsActive(string phase) => phase is Pending or Queued or Executing;

    public static bool IsFinal(string phase) => phase is Completed or Error or Aborted or Archived;
}

/// <summary>A job parameter as the client gave it.</summary>
public sealed record UwsParameter(string Name, string Value, bool ByReference = false);

/// <summary>One UWS job, as stored in uws.job.</summary>
public sealed record UwsJob(string JobId, string JobList, string Phase, DateTime CreationTime, int ExecutionDuration, DateTime Destruction,
    IReadOnlyList<UwsParameter> Parameters)
{
    public string? RunId { get; init; }
    public string? OwnerId { get; init; }
    public DateTime? StartTime { get; init; }
    public DateTime? EndTime { get; init; }
    public string? ErrorMessage { get; init; }
    public string? ErrorType { get; init; }
    public string? ResultMime { get; init; }
    public long? ResultSize { get; init; }
    public long? ResultRows { get; init; }
    public long Version { get; init; }
}

/// <summary>What an executor produced: the result file's MIME type, size and row count.</summary>
public sealed record UwsResult(string MimeType, long Size, long Rows);

using VoServices.Database;

namespace VoServices.Tap;

/// <summary>
/// The limits and settings of the TAP service; capabilities advertise exactly these values.
/// Times are in seconds, sizes in bytes.
/// </summary>
public sealed record TapOptions
{
    /// <summary>MAXREC when the client gives none (TAPRegExt outputLimit default).</summary>
    public long DefaultMaxrec { get; init; } = 100_000;

    /// <summary>MAXREC above this is lowered to it (outputLimit hard).</summary>
    public long HardMaxrec { get; init; } = 50_000_000;

    /// <summary>Statement timeout of synchronous queries.</summary>
    public int SyncExecutionDuration { get; init; } = 600;

    /// <summary>Execution duration of an async job unless the client sets one (executionDuration default).</summary>
    public int DefaultExecutionDuration { get; init; } = 3600;

    /// <summary>The largest execution duration a client may ask for (executionDuration hard).</summary>
    public int HardExecutionDuration { get; init; } = 4 * 3600;

    /// <summary>How long a job and its results are kept (retentionPeriod default).</summary>
    public int DefaultRetention { get; init; } = 3 * 24 * 3600;

    /// <summary>The longest a client may ask to keep a job (retentionPeriod hard).</summary>
    public int HardRetention { get; init; } = 14 * 24 * 3600;

    /// <summary>Largest uploaded table (uploadLimit hard, bytes), per table.</summary>
    public long UploadMaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most rows of an uploaded table.</summary>
    public long UploadMaxRows { get; init; } = 1_000_000;

    /// <summary>Most columns of one uploaded table (PostgreSQL's own limit is 1,600).</summary>
    public int UploadMaxColumns { get; init; } = 1000;

    /// <summary>Most uploaded tables per request.</summary>
    public int UploadMaxTables { get; init; } = 8;

    /// <summary>Async jobs executing at once; more wait in QUEUED.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Workers added while every worker is on a long job and quick ones wait (so at most Workers + BurstWorkers jobs run).</summary>
    public int BurstWorkers { get; init; } = 2;

    public static string DefaultResultDirectory { get; } = Path.Combine(Path.GetTempPath(), "voservices-tap-results");

    /// <summary>Where async results are stored (one directory per job).</summary>
    public string ResultDirectory { get; init; } = DefaultResultDirectory;

    /// <summary>How often jobs past their destruction time are deleted with their results.</summary>
    public int DestructionSweepInterval { get; init; } = 60;

    /// <summary>The longest a WAIT request blocks (clients' -1 means this).</summary>
    public int MaxWait { get; init; } = 60;
}

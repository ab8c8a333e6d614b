using VoServices.Products;

namespace VoServices.Ingest;

/// <summary>A product that was not ingested, and why.</summary>
public sealed record IngestFailure(string Path, string Reason);

/// <summary>The end-of-run summary: every candidate lands in exactly one count.</summary>
public sealed record IngestReport(int Ingested, int Updated, int Unchanged, int Skipped, IReadOnlyList<IngestFailure> Failures, TimeSpan Elapsed)
{
    public int Failed => Failures.Count;

    public int Seen => Ingested + Updated + Unchanged + Skipped + Failed;
}

/// <summary>Progress as files complete (for the terminal display).</summary>
public sealed record IngestProgress(int Done, string CurrentPath, TimeSpan Elapsed)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;
}

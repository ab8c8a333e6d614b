using System.IO.Pipelines;
using VoServices.Dali;
using VoServices.Uws;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

using VoServices.Database;

namespace VoServices.Tap;

/// <summary>Runs a TAP async job: its parameters are the TAP request; the result goes to <c>result.EXT</c> in the job directory.</summary>
public sealed class TapJobExecutor(TapQueryRunner runner, TapOptions options) : IUwsJobExecutor
{
    public const string ResultId = "result";

    public async Task<UwsResult> ExecuteAsync(UwsJob job, string jobDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var parameters = new DaliParameters(job.Parameters.Where(p => !p.ByReference).Select(p => KeyValuePair.Create(p.Name, p.Value)));
        var request = TapRequest.From(parameters, options);
        var path = ResultPath(jobDirectory, request.Format.Format);
        var partial = path + UwsJobManager.PartialSuffix;
        long size;
        QueryRunResult result;
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var pipe = PipeWriter.Create(file, new StreamPipeWriterOptions(leaveOpen: true));
                result = await runner.RunAsync(request, new DirectoryUploadParts(jobDirectory), job.ExecutionDuration,
                    () => TableWriters.Create(request.Format.Format, pipe, jobDirectory), cancellationToken);
                await pipe.CompleteAsync();
                size = file.Length;
            }

            if (result.LateError is not null)
            {
                throw new DaliException(DaliErrorKind.BadRequest, result.LateError, inner: result.LateException);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e)
        {
            // Never a half-written result: whatever failed, the partial file goes (it would also keep a full disk full).
            File.Delete(partial);
            if (IsDiskFull(e))
            {
                throw new DaliException(DaliErrorKind.Unavailable,
                    "The service's results disk is full, so the result could not be stored; the operator has been told. Please retry later.", inner: e);
            }

            throw;
        }

        return new UwsResult(request.Format.ContentType, size, result.Rows);
    }

    /// <summary>ENOSPC (Linux 28) or ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL (Windows), however deep it is wrapped.</summary>
    public static bool IsDiskFull(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is IOException && (e.HResult & 0xFFFF) is 28 or 39 or 112)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The stored result of a job directory (any format), or null.</summary>
    public static string? FindResult(string jobDirectory) =>
        Directory.Exists(jobDirectory) ? Directory.GetFiles(jobDirectory, ResultId + ".*").FirstOrDefault(f => !f.EndsWith(UwsJobManager.PartialSuffix, StringComparison.Ordinal)) : null;

    private static string ResultPath(string jobDirectory, ResponseFormat format) => Path.Combine(jobDirectory, ResultId + "." + format.FileExtension);
}

/// <summary>The <see cref="ITableWriter"/> for each output format.</summary>
public static class TableWriters
{
    public static ITableWriter Create(ResponseFormat format, PipeWriter output, string? spoolDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.Kind switch
        {
            TableFormatKind.VotableTabledata => new VotableWriter(output, VotableSerialization.Tabledata),
            TableFormatKind.VotableBinary2 => new VotableWriter(output, VotableSerialization.Binary2),
            TableFormatKind.Csv => DelimitedTableWriter.Csv(output),
            TableFormatKind.Tsv => DelimitedTableWriter.Tsv(output),
            TableFormatKind.Fits => new FitsTableWriter(output, spoolDirectory),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }
}

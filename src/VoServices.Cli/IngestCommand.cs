namespace VoServices.Cli;

internal static class IngestCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        _ = args;
        cancellationToken.ThrowIfCancellationRequested();
        Console.Error.WriteLine("vo: this command is being built (work in progress)");
        return Task.FromResult(2);
    }
}

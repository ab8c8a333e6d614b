namespace VoServices.Cli.Configuration;

/// <summary>Invalid configuration: one line per problem, each starting with the variable's name.</summary>
internal sealed class VoConfigurationException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

namespace VoServices.Core.Tests.Configuration;

/// <summary>A throwaway directory that looks like a checkout (VoServices.sln), with an optional vo.conf.</summary>
internal sealed class TempCheckout : IDisposable
{
    public TempCheckout(string? voConf = null, bool withSolution = true)
    {
        Root = Directory.CreateTempSubdirectory("vo-config-test-").FullName;
        if (withSolution)
        {
            File.WriteAllText(Path.Combine(Root, "VoServices.sln"), "");
        }

        if (voConf is not null)
        {
            File.WriteAllText(Path.Combine(Root, "vo.conf"), voConf);
        }
    }

    public string Root { get; }

    public string ConfPath => Path.Combine(Root, "vo.conf");

    public string Make(string relativeDirectory) => Directory.CreateDirectory(Path.Combine(Root, relativeDirectory)).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

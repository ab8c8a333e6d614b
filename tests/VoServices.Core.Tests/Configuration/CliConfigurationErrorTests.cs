using System.Diagnostics;

namespace VoServices.Core.Tests.Configuration;

/// <summary>The `vo` executable itself, run as a child process so that its environment is the test's to choose.</summary>
public sealed class CliConfigurationErrorTests
{
    [Fact]
    public async Task A_bad_variable_makes_the_cli_print_one_line_naming_it_and_exit_2()
    {
        using var checkout = new TempCheckout();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = checkout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vo.dll"));
        psi.ArgumentList.Add("db");
        psi.ArgumentList.Add("migrate");
        foreach (var inherited in psi.Environment.Keys.Where(k => k.StartsWith("VO_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(inherited);
        }

        psi.Environment["VO_PG_PORT"] = "abc";

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Equal("vo: VO_PG_PORT: 'abc' is not a port number (1-65535)" + Environment.NewLine, await stderr);
    }
}

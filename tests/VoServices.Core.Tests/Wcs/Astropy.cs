using System.Diagnostics;
using System.Globalization;

namespace VoServices.Core.Tests.Wcs;

/// <summary>
/// Runs a Python snippet with /usr/bin/python3 (which has astropy 5.2.1 and numpy on these
/// machines; see shared/ENVIRONMENT.md) to obtain astropy's answer for a cross-check. Fails, rather
/// than skips, when astropy is missing: `./vo test` installs python3-astropy.
/// </summary>
internal static class Astropy
{
    public static string Run(string script)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        p.StandardInput.Write("import warnings\nwarnings.simplefilter('ignore')\n" + script);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill();
            throw new TimeoutException("astropy script timed out");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"astropy script failed (install python3-astropy python3-numpy):\n{stderr.Result}");
        }

        return stdout.Result;
    }

    /// <summary>Whitespace-separated numbers printed by the script.</summary>
    public static double[] Numbers(string script) =>
        Run(script).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A Python string literal holding the header text (cards joined, as fits.Header.fromstring wants).</summary>
    public static string HeaderLiteral(string headerString) => "'" + headerString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}

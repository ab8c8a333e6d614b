using System.Text;

namespace VoServices.Core.Tests.Fits;

/// <summary>Builds FITS bytes by hand, card by card, so tests do not depend on the writer they test.</summary>
internal static class FitsTestFiles
{
    public static string Card(string text) => text.PadRight(80)[..80];

    /// <summary>A header block sequence from card texts (END appended) padded to 2880 bytes.</summary>
    public static byte[] Header(params string[] cards)
    {
        var sb = new StringBuilder();
        foreach (var c in cards)
        {
            sb.Append(Card(c));
        }

        sb.Append(Card("END"));
        while (sb.Length % 2880 != 0)
        {
            sb.Append(' ');
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static byte[] Padded(byte[] data)
    {
        var len = (data.Length + 2879) / 2880 * 2880;
        var result = new byte[len];
        data.CopyTo(result, 0);
        return result;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vo-fits-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

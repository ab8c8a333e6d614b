using System.Text.RegularExpressions;

namespace VoServices.Adql.Tests;

/// <summary>The query files in Corpus/: paragraphs separated by blank lines; leading comment paragraphs skipped.</summary>
public static partial class Corpus
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static IReadOnlyList<string> Valid { get; } = Paragraphs("valid.adql");

    public static IReadOnlyList<(string Query, int Line, int Column, string Message)> Invalid { get; } =
        Paragraphs("invalid.adql").Select(p =>
        {
            var lines = p.Split('\n');
            var m = ExpectationLine().Match(lines[^1]);
            if (!m.Success)
            {
                throw new FormatException("invalid.adql: every query needs a final '--! line:column message' line: " + p);
            }

            return (string.Join('\n', lines[..^1]), int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), m.Groups[3].Value);
        }).ToList();

    public static TheoryData<string> ValidData => [.. Valid];

    public static TheoryData<string, int, int, string> InvalidData
    {
        get
        {
            var data = new TheoryData<string, int, int, string>();
            foreach (var (q, l, c, m) in Invalid)
            {
                data.Add(q, l, c, m);
            }

            return data;
        }
    }

    private static List<string> Paragraphs(string file) =>
        File.ReadAllText(Path.Combine(Directory, file)).Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Trim('\n'))
            .Where(p => p.Split('\n').Any(l => !l.StartsWith("--", StringComparison.Ordinal)))
            .Select(StripLeadingComments)
            .ToList();

    private static string StripLeadingComments(string paragraph)
    {
        var lines = paragraph.Split('\n').ToList();
        while (lines.Count > 0 && lines[0].StartsWith("-- ", StringComparison.Ordinal) && !lines[0].StartsWith("--!", StringComparison.Ordinal))
        {
            lines.RemoveAt(0);
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"^--! (\d+):(\d+) (.+)$")]
    private static partial Regex ExpectationLine();
}

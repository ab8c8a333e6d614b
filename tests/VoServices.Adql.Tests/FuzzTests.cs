using System.Text;
using VoServices.Adql.Metadata;

namespace VoServices.Adql.Tests;

/// <summary>
/// Mutated queries (seeded, so failures reproduce): whatever the input, translation ends in SQL or a
/// positioned error, never an exception; and SQL reads only published tables and known functions.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "SELECT", "FROM", "WHERE", "(", ")", ",", "'", "\"", ";", "--", "/*", "*/", "*", ".", "=", "<>", "||", "-", "+",
        "1", "0x", "1e", "CONTAINS(", "POINT(", "CIRCLE(", "DISTANCE(", "pg_sleep(1)", "pg_catalog.pg_class",
        "ivoa.obscore", "cat.stars", "s_ra", "obs_id", "UNION SELECT", "JOIN", "ON", "USING (", "NATURAL", "TOP 5",
        "ORDER BY", "GROUP BY", "HAVING", "COUNT(*)", "AS x", "\u2018", "%", "\\", "\0", "WITH t AS (", "CASE WHEN",
        "END", "IN (", "EXISTS (", "NOT", "NULL", "TABLESAMPLE(5)", "OFFSET 3", "\n", " ",
    ];

    private static readonly HashSet<string> PublishedSqlTables =
        TestCatalog.Instance.Tables.Select(t => $"\"{t.SqlSchema}\".\"{t.SqlTable}\"").ToHashSet(StringComparer.Ordinal);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(0, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_queries_end_in_sql_or_a_positioned_error(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 150; i++)
        {
            var query = Mutate(Corpus.Valid[random.Next(Corpus.Valid.Count)], random);
            AssertWellBehaved(query);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_token_soup_ends_in_sql_or_a_positioned_error(int seed)
    {
        var random = new Random(1000 + seed);
        for (var i = 0; i < 100; i++)
        {
            var sb = new StringBuilder("SELECT ");
            var n = random.Next(1, 25);
            for (var k = 0; k < n; k++)
            {
                sb.Append(Fragments[random.Next(Fragments.Length)]).Append(random.Next(3) == 0 ? "" : " ");
            }

            AssertWellBehaved(sb.ToString());
        }
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        AssertWellBehaved("SELECT " + string.Concat(Enumerable.Repeat("(", 5000)) + "1" + string.Concat(Enumerable.Repeat(")", 5000)) + " FROM cat.stars");
        AssertWellBehaved("SELECT " + string.Join(" + ", Enumerable.Repeat("1", 20000)) + " FROM cat.stars");
        AssertWellBehaved("SELECT id FROM cat.stars WHERE " + string.Join(" OR ", Enumerable.Repeat("id = 1", 5000)));
        AssertWellBehaved(string.Concat(Enumerable.Repeat("SELECT id FROM cat.stars UNION ", 3000)) + "SELECT id FROM cat.stars");
    }

    [Fact]
    public void Long_but_reasonable_queries_translate()
    {
        var ors = "SELECT id FROM cat.stars WHERE " + string.Join(" OR ", Enumerable.Range(0, 300).Select(i => $"id = {i}"));
        Assert.True(AdqlTranslator.Translate(ors, TestCatalog.Instance).Succeeded);
        var ins = "SELECT id FROM cat.stars WHERE id IN (" + string.Join(", ", Enumerable.Range(0, 5000)) + ")";
        Assert.True(AdqlTranslator.Translate(ins, TestCatalog.Instance).Succeeded);
    }

    private static string Mutate(string query, Random random)
    {
        var text = new StringBuilder(query);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(4))
            {
                case 0 when text.Length > 0:
                    text.Remove(Math.Min(at, text.Length - 1), Math.Min(random.Next(1, 6), text.Length - Math.Min(at, text.Length - 1)));
                    break;
                case 1:
                    text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2 when text.Length > 2:
                    var from = random.Next(text.Length - 1);
                    var len = Math.Min(random.Next(1, 10), text.Length - from);
                    text.Insert(random.Next(text.Length + 1), text.ToString(from, len));
                    break;
                default:
                    text.Insert(at, (char)random.Next(32, 127));
                    break;
            }
        }

        return text.ToString();
    }

    private static void AssertWellBehaved(string query)
    {
        AdqlTranslation result;
        try
        {
            result = AdqlTranslator.Translate(query, TestCatalog.Instance);
        }
        catch (Exception e)
        {
            Assert.Fail($"exception {e.GetType().Name} for query: {query}\n{e}");
            return;
        }

        if (!result.Succeeded)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
            var lines = query.Split('\n');
            Assert.InRange(result.Error.Line, 1, lines.Length);
            Assert.InRange(result.Error.Column, 1, lines[result.Error.Line - 1].Length + 2);
            return;
        }

        SqlScanner.AssertOnlyKnownWords(result.Sql);
        foreach (var table in ReadTables(result.Sql))
        {
            Assert.True(PublishedSqlTables.Contains(table), $"SQL reads {table}: {result.Sql}");
        }
    }

    /// <summary>Every schema-qualified name in the SQL: only tables are ever written that way.</summary>
    private static IEnumerable<string> ReadTables(string sql)
    {
        var outside = SqlScanner.OutsideLiterals(sql);
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] != '"' || outside[i] != ' ')
            {
                continue;
            }

            var end = QuotedEnd(sql, i);
            if (end + 1 < sql.Length && sql[end + 1] == '.' && end + 2 < sql.Length && sql[end + 2] == '"')
            {
                var second = QuotedEnd(sql, end + 2);
                var isColumn = i > 0 && sql[i - 1] == '.';
                var followedByDot = second + 1 < sql.Length && sql[second + 1] == '.';
                if (!isColumn && !followedByDot && IsAfterFromOrJoin(sql, i))
                {
                    yield return sql[i..(second + 1)];
                }
            }

            i = end;
        }
    }

    private static bool IsAfterFromOrJoin(string sql, int i) =>
        sql[..i].TrimEnd().EndsWith("FROM", StringComparison.Ordinal) || sql[..i].TrimEnd().EndsWith("JOIN", StringComparison.Ordinal)
        || sql[..i].TrimEnd().EndsWith(',') && InFromList(sql[..i]);

    /// <summary>Whether a comma at the end of <paramref name="before"/> separates FROM items, not GROUP BY or ORDER BY ones.</summary>
    private static bool InFromList(string before)
    {
        var from = before.LastIndexOf(" FROM ", StringComparison.Ordinal);
        if (from < before.LastIndexOf("SELECT ", StringComparison.Ordinal))
        {
            return false;
        }

        var tail = before[from..];
        return !new[] { " WHERE ", " GROUP BY ", " HAVING ", " ORDER BY " }.Any(k => tail.Contains(k, StringComparison.Ordinal));
    }

    private static int QuotedEnd(string sql, int start)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '"')
            {
                if (i + 1 < sql.Length && sql[i + 1] == '"')
                {
                    i += 2;
                    continue;
                }

                return i;
            }

            i++;
        }

        return sql.Length - 1;
    }

    [Fact]
    public void Schema_json_rejects_incomplete_metadata_with_a_message()
    {
        var e = Assert.Throws<FormatException>(() => SchemaJson.Parse("{\"tables\": [{\"name\": \"t\", \"columns\": [{\"name\": \"x\"}]}]}"));
        Assert.Contains("datatype", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => SchemaJson.Parse("not json"));
    }
}

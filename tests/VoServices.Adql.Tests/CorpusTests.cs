using VoServices.Adql.Parsing;

namespace VoServices.Adql.Tests;

public sealed class CorpusTests
{
    [Theory]
    [MemberData(nameof(Corpus.ValidData), MemberType = typeof(Corpus))]
    public void Valid_query_translates(string adql)
    {
        var result = AdqlTranslator.Translate(adql, TestCatalog.Instance);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.StartsWith(result.Query!.With.Count > 0 ? "WITH " : result.Sql.StartsWith('(') ? "(" : "SELECT ", result.Sql, StringComparison.Ordinal);
        Assert.NotEmpty(result.Columns);
        Assert.DoesNotContain(';', SqlScanner.OutsideLiterals(result.Sql));
    }

    [Theory]
    [MemberData(nameof(Corpus.ValidData), MemberType = typeof(Corpus))]
    public void Valid_query_passes_syntax_only_check(string adql)
    {
        Assert.Null(AdqlTranslator.CheckSyntax(adql));
    }

    [Theory]
    [MemberData(nameof(Corpus.ValidData), MemberType = typeof(Corpus))]
    public void Valid_query_uses_only_translator_chosen_sql_words(string adql)
    {
        var sql = AdqlTranslator.Translate(adql, TestCatalog.Instance).Sql;

        SqlScanner.AssertOnlyKnownWords(sql);
    }

    [Theory]
    [MemberData(nameof(Corpus.ValidData), MemberType = typeof(Corpus))]
    public void Valid_query_translates_the_same_twice(string adql)
    {
        Assert.Equal(AdqlTranslator.Translate(adql, TestCatalog.Instance).Sql, AdqlTranslator.Translate(adql, TestCatalog.Instance).Sql);
    }

    [Theory]
    [MemberData(nameof(Corpus.InvalidData), MemberType = typeof(Corpus))]
    public void Invalid_query_gets_positioned_error(string adql, int line, int column, string message)
    {
        var result = AdqlTranslator.Translate(adql, TestCatalog.Instance);

        Assert.False(result.Succeeded, "translated to: " + (result.Succeeded ? result.Sql : ""));
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (result.Error.Line, result.Error.Column));
    }

    [Fact]
    public void Corpus_has_hundreds_of_queries()
    {
        Assert.True(Corpus.Valid.Count >= 150, $"{Corpus.Valid.Count} valid queries");
        Assert.True(Corpus.Invalid.Count >= 80, $"{Corpus.Invalid.Count} invalid queries");
    }

    [Fact]
    public void Syntax_only_check_ignores_unknown_names()
    {
        Assert.Null(AdqlSyntax.Parse("SELECT nope FROM nowhere.at_all WHERE whatever(1) = 2").Error);
    }
}

using VoServices.Adql.Ast;
using VoServices.Adql.Parsing;

namespace VoServices.Adql.Tests;

/// <summary>AdqlLanguage is the one list: everything it lists translates, and the checker knows nothing else.</summary>
public sealed class AdqlLanguageTests
{
    public static TheoryData<string, string> Features
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var f in AdqlLanguage.CoreFunctions.Concat(AdqlLanguage.Declared.SelectMany(g => g.Features)))
            {
                data.Add(f.Form, f.Example);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void Every_listed_form_translates_its_example(string form, string example)
    {
        var result = AdqlTranslator.Translate(example, TestCatalog.Instance);

        Assert.True(result.Succeeded, $"{form}: {result.Error}");
        SqlScanner.AssertOnlyKnownWords(result.Sql);
    }

    [Fact]
    public void Every_example_uses_the_form_it_illustrates()
    {
        foreach (var f in AdqlLanguage.CoreFunctions.Concat(AdqlLanguage.Declared.SelectMany(g => g.Features)))
        {
            var word = f.Function is null ? f.Form : f.Function + "(";
            Assert.True(f.Example.Contains(word, StringComparison.OrdinalIgnoreCase), $"the example of {f.Form} does not use {word}: {f.Example}");
        }
    }

    public static TheoryData<string> Listed => [.. AdqlLanguage.FunctionNames];

    [Theory]
    [MemberData(nameof(Listed))]
    public void Checker_knows_every_listed_function(string name)
    {
        // Wrong arguments on purpose: the error must be about them, not about the name.
        var result = AdqlTranslator.Translate($"SELECT {name}(1, 2, 3, 4, 5, 'x', 7) FROM ivoa.obscore", TestCatalog.Instance);

        Assert.False(result.Succeeded, $"{name} with 7 mixed arguments translated");
        Assert.DoesNotContain("Unknown function", result.Error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Candidates for a function the checker might know without AdqlLanguage listing it: the names the
    /// checker used to list, every SQL word the translator writes (ln, trunc, spoint, adql_box...), the
    /// ADQL reserved words, common UDFs of other services and PostgreSQL functions a query must not reach.
    /// </summary>
    public static TheoryData<string> Candidates
    {
        get
        {
            string[] others =
            [
                "ABS", "ACOS", "ASIN", "ATAN", "ATAN2", "CEILING", "COS", "COT", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10",
                "MOD", "PI", "POWER", "RADIANS", "RAND", "ROUND", "SIN", "SQRT", "TAN", "TRUNCATE", "LOWER", "UPPER",
                "COALESCE", "COUNT", "AVG", "MIN", "MAX", "SUM", "AREA", "BOX", "CENTROID", "CIRCLE", "CONTAINS", "COORD1",
                "COORD2", "COORDSYS", "DISTANCE", "INTERSECTS", "POINT", "POLYGON", "REGION", "IN_UNIT", "IVO_HASWORD",
                "IVO_NOCASEMATCH", "IVO_INTERVAL_OVERLAPS", "IVO_HEALPIX_INDEX", "IVO_HEALPIX_CENTER",
                "ivo_string_agg", "ivo_hashlist_has", "ivo_epoch_prop", "ivo_geom_transform", "ivo_simbadpoint",
                "gavo_specconv", "gavo_to_mjd", "pg_sleep", "now", "version", "current_setting", "set_config", "concat",
                "substring", "greatest", "least", "nullif", "length", "char_length", "replace", "regexp_replace",
                "md5", "lo_import", "pg_read_file", "dblink", "generate_series", "string_agg", "array_agg", "stddev",
                "BIT_AND", "CAST", "CONVERT", "TRANSLATE", "TRIM", "POSITION", "EXTRACT",
            ];
            var data = new TheoryData<string>();
            foreach (var name in others.Concat(SqlScanner.KnownWords).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                // Keywords (SELECT, CAST, DISTINCT ...) do not parse as calls; the rest do.
                if (AdqlSyntax.Parse(Call(name)).Query?.Body is QuerySpecification { Items: [ExpressionItem { Expression: FunctionCall }] })
                {
                    data.Add(name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Candidates))]
    public void Checker_accepts_a_function_name_exactly_when_the_language_lists_it(string name)
    {
        var result = AdqlTranslator.Translate(Call(name), TestCatalog.Instance);

        var unknown = !result.Succeeded && result.Error.Message.StartsWith("Unknown function", StringComparison.Ordinal);
        Assert.Equal(!AdqlLanguage.IsFunction(name), unknown);
    }

    private static string Call(string name) => $"SELECT {name}(s_ra) FROM ivoa.obscore";

    [Fact]
    public void Capabilities_groups_are_distinct_and_declare_region_and_in_unit()
    {
        Assert.Equal(AdqlLanguage.Declared.Length, AdqlLanguage.Declared.Select(g => g.Type.ToLowerInvariant()).Distinct().Count());
        Assert.Contains(AdqlLanguage.Geometry.Features, f => f.Form == "REGION");
        Assert.Contains(AdqlLanguage.Declared, g => g.Type.EndsWith("#features-adql-unit", StringComparison.Ordinal)
            && g.Features.Any(f => f.Form == "IN_UNIT"));
        foreach (var group in AdqlLanguage.Declared)
        {
            Assert.Equal(group.Features.Length, group.Features.Select(f => f.Form).Distinct().Count());
        }
    }

    [Fact]
    public void Core_functions_are_not_declared_as_optional_features()
    {
        var declared = AdqlLanguage.Declared.SelectMany(g => g.Features).Select(f => f.Function).OfType<string>().ToHashSet();

        Assert.DoesNotContain(AdqlLanguage.CoreFunctions, f => declared.Contains(f.Function!));
    }

    [Fact]
    public void Readme_table_names_every_form_of_every_group()
    {
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "AdqlReadme.md")).Where(l => l.StartsWith('|')).ToList();
        var groups = AdqlLanguage.Declared.Select(g => (Key: "`" + g.Type[g.Type.IndexOf('#', StringComparison.Ordinal)..] + "`", g.Features))
            .Append((Key: "core", Features: AdqlLanguage.CoreFunctions));
        foreach (var (key, features) in groups)
        {
            var row = Assert.Single(rows, r => r.StartsWith("| " + key, StringComparison.Ordinal));
            foreach (var f in features)
            {
                var name = f.Form.Split('(')[0];
                Assert.True(row.Contains(name, StringComparison.Ordinal), $"README row {key} lacks {name}");
            }
        }
    }
}

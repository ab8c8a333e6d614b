using VoServices.Fits;
using static VoServices.Core.Tests.Fits.FitsTestFiles;

namespace VoServices.Core.Tests.Fits;

public sealed class FitsHeaderTests
{
    private static FitsHeader Parse(params string[] cards) => new(cards.Select(Card));

    [Fact]
    public void String_values_lose_quotes_trailing_blanks_and_doubled_quotes()
    {
        var h = Parse("OBJECT  = 'O''Brien''s field  '   / a comment with 'quotes'");
        // Written value O''Brien''s field + 2 blanks: '' is one quote, trailing blanks are not significant.
        Assert.Equal("O'Brien's field", h.GetString("OBJECT"));
        Assert.Equal("a comment with 'quotes'", h.Find("OBJECT")!.Comment);
    }

    [Fact]
    public void Leading_blanks_of_a_string_are_kept()
    {
        var h = Parse("TELESCOP= '  VLA'");
        Assert.Equal("  VLA", h.GetString("TELESCOP"));
    }

    [Fact]
    public void Continue_cards_join_into_one_long_string()
    {
        var h = Parse(
            "LONGKEY = 'first part, &'  / comment",
            "CONTINUE  'second part ''quoted'', &'",
            "CONTINUE  'end'",
            "NEXT    = 1");
        // Each '&' marks a continuation and is dropped; the segments are concatenated as written.
        Assert.Equal("first part, second part 'quoted', end", h.GetString("LONGKEY"));
        Assert.Equal(1L, h.GetLong("NEXT"));
    }

    [Fact]
    public void Ampersand_without_a_following_continue_card_is_part_of_the_value()
    {
        var h = Parse("AUTHOR  = 'Smith &'", "NEXT    = 2");
        Assert.Equal("Smith &", h.GetString("AUTHOR"));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-2", -2.0)]
    [InlineData("1.420405752E+09", 1420405752.0)]
    [InlineData("1.420405752D9", 1420405752.0)]
    [InlineData("2.5d-3", 0.0025)]
    [InlineData(".5", 0.5)]
    [InlineData("+7.", 7.0)]
    public void Reals_accept_integers_fixed_and_E_or_D_exponents(string written, double expected)
    {
        var h = Parse("CDELT3  = " + written.PadLeft(20) + " / test");
        Assert.Equal(expected, h.GetDouble("CDELT3"));
    }

    [Fact]
    public void Integers_and_logicals_parse()
    {
        var h = Parse("NAXIS1  =                  512", "EXTEND  =                    T", "SIMPLE2 =                    F", "BIG     = 9007199254740993");
        Assert.Equal(512L, h.GetLong("NAXIS1"));
        Assert.True(h.GetBool("EXTEND"));
        Assert.False(h.GetBool("SIMPLE2"));
        // 2^53 + 1 is not representable as a double: integer parsing must not go through double.
        Assert.Equal(9007199254740993L, h.GetLong("BIG"));
    }

    [Fact]
    public void Absent_and_undefined_values_are_null_and_defaults_apply()
    {
        var h = Parse("UNDEF   =                      / no value");
        Assert.True(h.Contains("UNDEF"));
        Assert.Null(h.GetDouble("UNDEF"));
        Assert.Null(h.GetString("MISSING"));
        Assert.Equal(1.0, h.GetDouble("BSCALE", 1.0));
        Assert.Equal(3L, h.GetLong("MISSING", 3));
    }

    [Fact]
    public void Wrongly_typed_values_raise_FitsFormatException()
    {
        var h = Parse("CRVAL1  = 'abc'", "FLAG    = 3");
        var e = Assert.Throws<FitsFormatException>(() => h.GetDouble("CRVAL1"));
        Assert.Contains("CRVAL1", e.Message, StringComparison.Ordinal);
        Assert.Throws<FitsFormatException>(() => h.GetBool("FLAG"));
    }

    [Fact]
    public void Hierarch_keywords_are_found_by_their_full_name()
    {
        var h = Parse("HIERARCH ESO DET DIT = 1.5 / integration time", "HIERARCH ESO OBS NAME = 'run 42' / name");
        Assert.Equal(1.5, h.GetDouble("ESO DET DIT"));
        Assert.Equal(1.5, h.GetDouble("HIERARCH ESO DET DIT"));
        Assert.Equal("run 42", h.GetString("ESO OBS NAME"));
        Assert.Equal("integration time", h.Find("ESO DET DIT")!.Comment);
    }

    [Fact]
    public void Commentary_cards_have_no_value_and_do_not_shadow_keywords()
    {
        var h = Parse("COMMENT   = not a value", "HISTORY written by hand", "        blank keyword text", "A       = 1");
        Assert.True(h.Cards[0].IsCommentary);
        Assert.Equal("  = not a value", h.Cards[0].Comment);
        Assert.Equal("written by hand", h.Cards[1].Comment);
        Assert.False(h.Contains("COMMENT"));
        Assert.Equal(1L, h.GetLong("A"));
    }

    [Fact]
    public void First_occurrence_of_a_repeated_keyword_wins_and_lookup_ignores_case()
    {
        var h = Parse("CRVAL1  = 1.0", "CRVAL1  = 2.0");
        Assert.Equal(1.0, h.GetDouble("crval1"));
    }

    [Fact]
    public void Header_string_is_80_character_cards_followed_by_END()
    {
        var h = Parse("SIMPLE  = T", "BITPIX  = 8");
        var s = h.ToHeaderString();
        // 2 cards + END = 3 × 80 characters.
        Assert.Equal(240, s.Length);
        Assert.StartsWith("SIMPLE  = T", s, StringComparison.Ordinal);
        Assert.Equal("END".PadRight(80), s[160..]);
    }
}

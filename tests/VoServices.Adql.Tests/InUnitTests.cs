using VoServices.Adql.Units;

namespace VoServices.Adql.Tests;

public sealed class InUnitTests
{
    private static double Factor(string from, string to)
    {
        Assert.True(VoUnit.TryParse(from, out var source, out var e1), e1);
        Assert.True(VoUnit.TryParse(to, out var target, out var e2), e2);
        Assert.True(source.TryFactorTo(target, out var factor, out var e3), e3);
        return factor;
    }

    private static string Refusal(string from, string to)
    {
        if (!VoUnit.TryParse(from, out var source, out var error) || !VoUnit.TryParse(to, out var target, out error))
        {
            return error;
        }

        Assert.False(source.TryFactorTo(target, out _, out error), $"{from} -> {to} converted");
        return error;
    }

    [Theory]
    [InlineData("deg", "arcsec", 3600)]
    [InlineData("deg", "arcmin", 60)]
    [InlineData("arcmin", "deg", 1.0 / 60)]
    [InlineData("arcsec", "mas", 1000)]
    [InlineData("mas", "uas", 1000)]
    [InlineData("rad", "mrad", 1000)]
    [InlineData("deg", "rad", Math.PI / 180)]
    [InlineData("deg**2", "arcmin**2", 3600)]
    [InlineData("sr", "deg**2", 180 / Math.PI * (180 / Math.PI))]
    public void Angles_convert_by_exact_factors(string from, string to, double expected)
    {
        Assert.Equal(expected, Factor(from, to), 15);
    }

    [Theory]
    [InlineData("m", "km", 1e-3)]
    [InlineData("km", "m", 1e3)]
    [InlineData("cm", "mm", 10)]
    [InlineData("m", "um", 1e6)]
    [InlineData("m", "nm", 1e9)]
    [InlineData("nm", "Angstrom", 10)]
    [InlineData("AU", "m", 149_597_870_700)]
    [InlineData("pc", "AU", 206_264.80624709636)]
    [InlineData("Mpc", "m", 3.0856775814913673e22)]
    [InlineData("kpc", "pc", 1000)]
    [InlineData("lyr", "m", 9_460_730_472_580_800)]
    [InlineData("solRad", "km", 695_700)]
    [InlineData("dam", "m", 10)]
    public void Lengths_convert_including_astronomical_units(string from, string to, double expected)
    {
        Assert.Equal(expected, Factor(from, to), expected * 1e-15);
    }

    [Theory]
    [InlineData("Hz", "GHz", 1e-9)]
    [InlineData("MHz", "kHz", 1e3)]
    [InlineData("s", "ms", 1e3)]
    [InlineData("ns", "us", 1e-3)]
    [InlineData("min", "s", 60)]
    [InlineData("h", "min", 60)]
    [InlineData("d", "h", 24)]
    [InlineData("yr", "d", 365.25)]
    [InlineData("a", "s", 31_557_600)]
    [InlineData("Gyr", "Myr", 1000)]
    [InlineData("d", "ks", 86.4)]
    public void Times_and_frequencies_take_si_prefixes(string from, string to, double expected)
    {
        Assert.Equal(expected, Factor(from, to), expected * 1e-15);
    }

    [Theory]
    [InlineData("Jy", "mJy", 1e3)]
    [InlineData("uJy", "Jy", 1e-6)]
    [InlineData("W.m**-2.Hz**-1", "Jy", 1e26)]
    [InlineData("erg.s**-1.cm**-2.Hz**-1", "Jy", 1e23)]
    [InlineData("erg/s/cm2/Hz", "mJy", 1e26)]
    [InlineData("W/(m**2.Hz)", "Jy", 1e26)]
    [InlineData("m/s", "km/s", 1e-3)]
    [InlineData("km.s**-1", "m/s", 1e3)]
    [InlineData("km/s", "m.s**(-1)", 1e3)]
    [InlineData("keV", "eV", 1e3)]
    [InlineData("eV", "J", 1.602176634e-19)]
    [InlineData("erg", "J", 1e-7)]
    [InlineData("kbyte", "byte", 1e3)]
    [InlineData("Kibyte", "byte", 1024)]
    [InlineData("byte", "bit", 8)]
    public void Fluxes_velocities_energies_and_sizes_convert_through_their_si_form(string from, string to, double expected)
    {
        Assert.Equal(expected, Factor(from, to), expected * 1e-15);
    }

    [Fact]
    public void Whole_symbols_win_over_prefix_readings()
    {
        // Pa is the pascal (not a peta-year), cd the candela (not a centi-day), mas the milliarcsecond.
        Assert.Equal(new Dimension(Length: -1, Mass: 1, Time: -2), Assert.IsType<VoUnit>(Parse("Pa")).Dimension);
        Assert.Equal(new Dimension(Luminosity: 1), Parse("cd").Dimension);
        Assert.Equal(new Dimension(Angle: 1), Parse("mas").Dimension);
    }

    private static VoUnit Parse(string text)
    {
        Assert.True(VoUnit.TryParse(text, out var unit, out var error), error);
        return unit;
    }

    [Theory]
    [InlineData("deg", "m", "'deg' (angle) cannot be converted to 'm' (length)")]
    [InlineData("s", "Hz", "'s' (time) cannot be converted to 'Hz' (frequency)")]
    [InlineData("Jy", "W", "(spectral flux density) cannot be converted to 'W' (power)")]
    [InlineData("kbyte", "s", "(information) cannot be converted")]
    [InlineData("Hz", "m", "converting between wavelength, frequency and energy needs physical constants")]
    [InlineData("eV", "nm", "converting between wavelength, frequency and energy needs physical constants")]
    [InlineData("deg", "furlong", "unknown unit 'furlong'")]
    [InlineData("mag", "mmag", "'mag' is a logarithmic unit")]
    [InlineData("deg", "Deg", "unknown unit 'Deg'")]
    [InlineData("m", "m**", "expected a whole power at character 4 of 'm**'")]
    [InlineData("m", "m**(1/2)", "only whole powers")]
    [InlineData("m", "m s", "unexpected ' ' at character 2")]
    [InlineData("m", "(m", "missing ')'")]
    [InlineData("m", "", "the unit is empty")]
    public void Impossible_conversions_and_bad_units_are_refused_with_a_reason(string from, string to, string message)
    {
        Assert.Contains(message, Refusal(from, to), StringComparison.Ordinal);
    }

    private static AdqlTranslation Translate(string adql) => AdqlTranslator.Translate(adql, TestCatalog.Instance);

    [Fact]
    public void Translation_multiplies_the_value_cast_to_double_by_the_factor()
    {
        var result = Translate("SELECT IN_UNIT(s_fov, 'arcmin') FROM ivoa.obscore");

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.StartsWith("SELECT CAST((CAST(\"obscore\".\"s_fov\" AS double precision) * 60) AS double precision) AS \"in_unit\"", result.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Translation_writes_large_and_small_factors_as_exponent_literals()
    {
        var result = Translate("SELECT IN_UNIT(em_min, 'Mpc'), IN_UNIT(access_estsize, 'Gbyte') FROM ivoa.obscore");

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Contains("(CAST(\"obscore\".\"em_min\" AS double precision) * 3.240779289444365E-23)", result.Sql, StringComparison.Ordinal);
        Assert.Contains("(CAST(\"obscore\".\"access_estsize\" AS double precision) * 1E-06)", result.Sql, StringComparison.Ordinal);
        SqlScanner.AssertOnlyKnownWords(result.Sql);
    }

    [Fact]
    public void Conversion_to_the_same_unit_is_only_a_cast()
    {
        var result = Translate("SELECT obs_id FROM ivoa.obscore WHERE IN_UNIT(s_ra, 'deg') > 10");

        Assert.EndsWith("WHERE ((CAST(\"obscore\".\"s_ra\" AS double precision)) > 10)", result.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_column_gets_the_target_unit_and_keeps_the_ucd()
    {
        var c = Assert.Single(Translate("SELECT IN_UNIT(s_ra, 'arcsec') AS ra FROM ivoa.obscore").Columns);

        Assert.Equal(new OutputColumn("ra", "double") { Unit = "arcsec", Ucd = "pos.eq.ra" }, c);
    }

    [Fact]
    public void Units_follow_through_nested_calls_aggregates_and_subqueries()
    {
        var nested = Translate("SELECT IN_UNIT(IN_UNIT(s_fov, 'arcmin'), 'arcsec') FROM ivoa.obscore");
        var aggregate = Translate("SELECT IN_UNIT(MAX(t_exptime), 'h') FROM ivoa.obscore");
        var derived = Translate("SELECT IN_UNIT(x.w, 'nm') AS w FROM (SELECT em_min AS w FROM ivoa.obscore) AS x");

        Assert.Contains("((CAST((CAST(\"obscore\".\"s_fov\" AS double precision) * 60) AS double precision) * 60)", nested.Sql, StringComparison.Ordinal);
        Assert.Contains("(CAST(max(\"obscore\".\"t_exptime\") AS double precision) * 0.0002777777777777778)", aggregate.Sql, StringComparison.Ordinal);
        Assert.Equal("nm", Assert.Single(derived.Columns).Unit);
        Assert.Equal("h", Assert.Single(Translate("SELECT MAX(IN_UNIT(t_exptime, 'h')) FROM ivoa.obscore").Columns).Unit);
    }

    [Theory]
    [InlineData("SELECT IN_UNIT(s_xel1, 'arcsec') FROM ivoa.obscore", 1, 16, "IN_UNIT needs a value with a unit: a column whose metadata gives one")]
    [InlineData("SELECT IN_UNIT(s_xel1, 'arcsec') FROM ivoa.obscore", 1, 16, "'s_xel1' has none")]
    [InlineData("SELECT IN_UNIT(s_ra + 1, 'arcsec') FROM ivoa.obscore", 1, 16, "IN_UNIT needs a value with a unit")]
    [InlineData("SELECT IN_UNIT(s_ra, 'm') FROM ivoa.obscore", 1, 22, "IN_UNIT: 'deg' (angle) cannot be converted to 'm' (length)")]
    [InlineData("SELECT IN_UNIT(em_min, 'GHz') FROM ivoa.obscore", 1, 24, "needs physical constants")]
    [InlineData("SELECT IN_UNIT(s_ra,\n  'degree') FROM ivoa.obscore", 2, 3, "IN_UNIT: unknown unit 'degree'")]
    [InlineData("SELECT IN_UNIT(s_ra, target_name) FROM ivoa.obscore", 1, 22, "The unit of IN_UNIT must be a string literal")]
    [InlineData("SELECT IN_UNIT(mag, 'mmag') FROM cat.stars", 1, 16, "IN_UNIT cannot convert from the value's unit 'mag': 'mag' is a logarithmic unit")]
    [InlineData("SELECT IN_UNIT(target_name, 'm') FROM ivoa.obscore", 1, 16, "argument 1 of IN_UNIT")]
    [InlineData("SELECT IN_UNIT(s_ra) FROM ivoa.obscore", 1, 8, "IN_UNIT takes 2 arguments, but was given 1")]
    public void Checker_reports_unitless_unknown_and_unconvertible_units_where_they_are(string adql, int line, int column, string message)
    {
        var result = Translate(adql);

        Assert.False(result.Succeeded, result.Succeeded ? result.Sql : "");
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (result.Error.Line, result.Error.Column));
    }
}

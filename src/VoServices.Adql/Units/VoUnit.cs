using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace VoServices.Adql.Units;

/// <summary>
/// A VOUnit string such as <c>km/s</c>, <c>mJy</c> or <c>erg.s**-1.cm**-2.Hz**-1</c>, parsed into its
/// dimension and its exact scale to SI (angles to radians). Syntax: symbols joined by <c>.</c>
/// (product) and <c>/</c> (divides the next factor, left to right), powers as <c>**n</c>,
/// <c>**(n)</c> or a trailing integer (<c>cm2</c>, <c>m-2</c>), parentheses for groups. Symbols are
/// case-sensitive; the SI prefixes apply to the units that VOUnit lets take them.
/// Only linear units: mag, dex and dB are refused.
/// </summary>
public sealed record VoUnit
{
    private VoUnit(string text, Scale scale, Dimension dimension)
    {
        Text = text;
        Scale = scale;
        Dimension = dimension;
    }

    /// <summary>The unit as written.</summary>
    public string Text { get; }

    public Dimension Dimension { get; }

    internal Scale Scale { get; }

    /// <summary>How many SI units (radians for angles, bytes for information) one of this unit is.</summary>
    public double ToSi => Scale.ToDouble();

    public static bool TryParse(string text, [NotNullWhen(true)] out VoUnit? unit, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        unit = null;
        var parser = new UnitParser(text.Trim());
        if (!parser.TryParse(out var scale, out var dimension, out error))
        {
            return false;
        }

        unit = new VoUnit(text.Trim(), scale, dimension);
        return true;
    }

    /// <summary>
    /// The factor that turns a value in this unit into one in <paramref name="target"/>, or why there is none
    /// (different dimensions; wavelength, frequency and energy are named as such, since they convert only
    /// through physical constants and not by a factor).
    /// </summary>
    public bool TryFactorTo(VoUnit target, out double factor, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(target);
        factor = 0;
        if (Dimension != target.Dimension)
        {
            error = IsSpectral(Dimension) && IsSpectral(target.Dimension)
                ? $"'{Text}' ({Dimension}) and '{target.Text}' ({target.Dimension}) are not a change of scale: converting between wavelength, frequency and energy needs physical constants, which IN_UNIT does not apply"
                : $"'{Text}' ({Dimension}) cannot be converted to '{target.Text}' ({target.Dimension})";
            return false;
        }

        factor = (Scale / target.Scale).ToDouble();
        error = null;
        return true;
    }

    private static bool IsSpectral(Dimension d) => d == Dimension.Len || d == Dimension.Frequency || d == Dimension.Energy;

    /// <summary>Recursive descent over one unit string; positions in messages are 1-based characters.</summary>
    private ref struct UnitParser(string text)
    {
        private readonly string _text = text;
        private int _i;

        public bool TryParse(out Scale scale, out Dimension dimension, [NotNullWhen(false)] out string? error)
        {
            scale = Scale.One;
            dimension = Dimension.None;
            if (_text.Length == 0)
            {
                error = "the unit is empty";
                return false;
            }

            if (!Product(out scale, out dimension, out error))
            {
                return false;
            }

            if (_i < _text.Length)
            {
                error = Unexpected();
                return false;
            }

            return true;
        }

        private bool Product(out Scale scale, out Dimension dimension, [NotNullWhen(false)] out string? error)
        {
            if (!Factor(out scale, out dimension, out error))
            {
                return false;
            }

            while (_i < _text.Length && _text[_i] is '.' or '/')
            {
                var divide = _text[_i] == '/';
                _i++;
                if (!Factor(out var s, out var d, out error))
                {
                    return false;
                }

                (scale, dimension) = divide ? (scale / s, dimension * d.Power(-1)) : (scale * s, dimension * d);
            }

            return true;
        }

        private bool Factor(out Scale scale, out Dimension dimension, [NotNullWhen(false)] out string? error)
        {
            scale = Scale.One;
            dimension = Dimension.None;
            if (_i < _text.Length && _text[_i] == '(')
            {
                _i++;
                if (!Product(out scale, out dimension, out error))
                {
                    return false;
                }

                if (_i >= _text.Length || _text[_i] != ')')
                {
                    error = $"missing ')' at character {_i + 1} of '{_text}'";
                    return false;
                }

                _i++;
            }
            else
            {
                var start = _i;
                while (_i < _text.Length && char.IsAsciiLetter(_text[_i]))
                {
                    _i++;
                }

                if (_i == start)
                {
                    error = Unexpected();
                    return false;
                }

                if (!UnitTable.TryResolve(_text[start.._i], out scale, out dimension, out error))
                {
                    return false;
                }
            }

            if (!Exponent(out var power, out error))
            {
                return false;
            }

            (scale, dimension) = (scale.Power(power), dimension.Power(power));
            return true;
        }

        /// <summary>**n, **(n), or an integer written right after the symbol (cm2, m-2); 1 if none.</summary>
        private bool Exponent(out int power, [NotNullWhen(false)] out string? error)
        {
            power = 1;
            error = null;
            var parenthesised = false;
            if (_text.AsSpan(_i).StartsWith("**"))
            {
                _i += 2;
                if (_i < _text.Length && _text[_i] == '(')
                {
                    parenthesised = true;
                    _i++;
                }
            }
            else if (_i >= _text.Length || !(char.IsAsciiDigit(_text[_i]) || _text[_i] is '+' or '-'))
            {
                return true;
            }

            var start = _i;
            if (_i < _text.Length && _text[_i] is '+' or '-')
            {
                _i++;
            }

            while (_i < _text.Length && char.IsAsciiDigit(_text[_i]))
            {
                _i++;
            }

            if (!int.TryParse(_text.AsSpan(start, _i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out power)
                || Math.Abs(power) > 12)
            {
                error = _i < _text.Length && _text[_i] is '.' or '/'
                    ? $"only whole powers from -12 to 12 are supported, at character {start + 1} of '{_text}'"
                    : $"expected a whole power at character {start + 1} of '{_text}'";
                return false;
            }

            if (parenthesised)
            {
                if (_i >= _text.Length || _text[_i] != ')')
                {
                    error = $"only whole powers such as m**(-2) are supported, at character {start + 1} of '{_text}'";
                    return false;
                }

                _i++;
            }

            return true;
        }

        private readonly string Unexpected() => _i < _text.Length
            ? $"unexpected '{_text[_i]}' at character {_i + 1} of '{_text}'"
            : $"'{_text}' ends too early";
    }
}

using System.Globalization;
using VoServices.Adql.Ast;
using VoServices.Adql.Metadata;
using VoServices.Adql.Units;

namespace VoServices.Adql.Checking;

/// <summary>The ADQL 2.1 optional functions that need more than types: REGION (STC-S) and IN_UNIT (VOUnit).</summary>
internal sealed partial class AdqlChecker
{
    /// <summary>
    /// REGION('stc-s') becomes the geometry call with the same meaning (Circle → CIRCLE, ...), checked like
    /// one and kept in the model, so the translator writes exactly what it writes for that call.
    /// </summary>
    private AdqlType CheckRegion(FunctionCall f, ExprContext context)
    {
        if (f.Arguments[0] is not StringLiteral text)
        {
            throw new AdqlException(
                "REGION takes a string literal in STC-S, e.g. REGION('Circle ICRS 10 20 1'); it cannot read a region from a column or expression",
                f.Arguments[0].Position);
        }

        if (!StcsRegion.TryParse(text.Value, out var shape, out var error))
        {
            throw new AdqlException(error, text.Position);
        }

        var arguments = shape.Value.Numbers.Select(n => Literal(n, text.Position)).ToList();
        var call = new FunctionCall(new Identifier(shape.Value.Function, false, f.Name.Position), arguments, false, false, f.Position);
        var type = CheckExpression(call, context);
        _model.Regions[f] = call;
        return type;
    }

    private static Expression Literal(double value, SourcePosition position)
    {
        // Shortest round-trip text: digits, a point and an exponent only, safe to write into SQL.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var kind = text.Contains('E', StringComparison.Ordinal) ? NumberKind.Approximate
            : text.Contains('.', StringComparison.Ordinal) ? NumberKind.Decimal
            : NumberKind.Integer;
        var literal = new NumberLiteral(text, kind, position);
        return double.IsNegative(value) ? new UnaryExpression(UnaryOperator.Minus, literal, position) : literal;
    }

    /// <summary>IN_UNIT(value, 'unit'): the factor from the value's unit (from the metadata) to the literal unit.</summary>
    private AdqlType CheckInUnit(FunctionCall f)
    {
        var value = f.Arguments[0];
        if (f.Arguments[1] is not StringLiteral target)
        {
            throw new AdqlException("The unit of IN_UNIT must be a string literal, e.g. IN_UNIT(s_fov, 'arcmin')", f.Arguments[1].Position);
        }

        var source = UnitOf(value);
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new AdqlException(
                "IN_UNIT needs a value with a unit: a column whose metadata gives one (or IN_UNIT, ABS, MIN, MAX, AVG or SUM of such a column)"
                + (value is ColumnReference c ? $"; '{c.Column.Text}' has none" : ""),
                value.Position);
        }

        if (!VoUnit.TryParse(source, out var from, out var sourceError))
        {
            throw new AdqlException($"IN_UNIT cannot convert from the value's unit '{source}': {sourceError}", value.Position);
        }

        if (!VoUnit.TryParse(target.Value, out var to, out var targetError))
        {
            throw new AdqlException($"IN_UNIT: {targetError}", target.Position);
        }

        if (!from.TryFactorTo(to, out var factor, out var error))
        {
            throw new AdqlException($"IN_UNIT: {error}", target.Position);
        }

        _model.UnitConversions[f] = new UnitConversion(factor, to.Text);
        return AdqlType.Double;
    }

    /// <summary>The unit of a value where the metadata says it: a column, or a unit-keeping function of one.</summary>
    private string? UnitOf(Expression e) => e switch
    {
        ColumnReference c when _model.Columns.TryGetValue(c, out var binding) => binding.Meta.Unit,
        UnaryExpression { Operator: UnaryOperator.Minus or UnaryOperator.Plus } u => UnitOf(u.Operand),
        FunctionCall f when _model.UnitConversions.TryGetValue(f, out var conversion) => conversion.Unit,
        FunctionCall { Arguments.Count: 1, Star: false } f when f.Name.Text.ToUpperInvariant() is "ABS" or "MIN" or "MAX" or "AVG" or "SUM" =>
            UnitOf(f.Arguments[0]),
        _ => null,
    };
}

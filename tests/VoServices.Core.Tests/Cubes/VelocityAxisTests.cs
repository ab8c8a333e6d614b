using VoServices.Cubes;
using VoServices.Fits;

namespace VoServices.Core.Tests.Cubes;

public sealed class VelocityAxisTests
{
    private static FitsHeader Cube(string ctype, double crval, double cdelt, string cunit) => new(new FitsHeaderBuilder()
        .Set("NAXIS", 3).Set("NAXIS1", 4).Set("NAXIS2", 4).Set("NAXIS3", 20)
        .WithCubeAxes(ctype, crval, cdelt, cunit)
        .Set("RESTFRQ", 1.420405752e9).CardImages());

    [Fact]
    public void A_bound_exactly_on_a_channel_centre_keeps_that_channel()
    {
        // Channels at 0, 13, 26, … km/s: 130 is channel 10's centre.
        var axis = VelocityAxis.Read(Cube("VRAD", 0, 13000, "m/s"), 2, 20, VelocityDefinition.Radio, null);

        Assert.Equal((0, 10), axis.ChannelsBetween(0, 130));
        Assert.Equal((10, 10), axis.ChannelsBetween(130, 130));
    }

    [Fact]
    public void A_decreasing_frequency_axis_has_positive_widths_equal_to_its_channel_spacing_in_radio_velocity()
    {
        var axis = VelocityAxis.Read(Cube("FREQ", 1.4204e9, -10000, "Hz"), 2, 20, VelocityDefinition.Radio, null);

        // Radio velocity is linear in frequency: every width is c |Δν| / ν₀.
        var expected = 299792.458 * 10000 / 1.420405752e9;
        Assert.All(axis.Width, w => Assert.Equal(expected, w, 9));
        Assert.True(axis.Velocity[1] > axis.Velocity[0], "lower frequency is higher radio velocity");
    }

    [Fact]
    public void Optical_velocity_of_a_frequency_axis_has_widths_that_grow_with_velocity()
    {
        var axis = VelocityAxis.Read(Cube("FREQ", 1.4e9, -1e6, "Hz"), 2, 20, VelocityDefinition.Optical, null);

        for (var k = 1; k < axis.Count; k++)
        {
            Assert.True(axis.Width[k] > axis.Width[k - 1], $"channel {k}");
        }
    }
}

using VoServices.Cubes;
using VoServices.Dali;
using VoServices.Fits;

namespace VoServices.Core.Tests.Cubes;

public sealed class ChannelMosaicTests
{
    [Fact]
    public void Mosaic_layouts_are_near_square_grids_within_the_size_limit()
    {
        var one = ChannelMosaic.Layout(1, 100, 80);
        var five = ChannelMosaic.Layout(5, 100, 100);
        var most = ChannelMosaic.Layout(ChannelMosaic.MaxPanels, 2000, 1000);

        Assert.Equal((1, 1), (one.Columns, one.Rows));
        Assert.Equal((500, 400), (one.PanelWidth, one.PanelHeight));
        Assert.Equal((3, 2), (five.Columns, five.Rows));
        Assert.Equal((8, 8), (most.Columns, most.Rows));
        Assert.True(most.ImageWidth <= ChannelMosaic.MaxSide && most.ImageHeight <= ChannelMosaic.MaxSide);
        Assert.InRange(most.PanelWidth - (2 * most.PanelHeight), -1, 1);
        // Left to right, then top to bottom, panels apart.
        Assert.True(five.Panel(1).X > five.Panel(0).X + five.PanelWidth && five.Panel(1).Y == five.Panel(0).Y);
        Assert.True(five.Panel(3).Y > five.Panel(0).Y + five.PanelHeight && five.Panel(3).X == five.Panel(0).X);
        var (lastX, lastY) = most.Panel(ChannelMosaic.MaxPanels - 1);
        Assert.True(lastX + most.PanelWidth <= most.ImageWidth && lastY + most.PanelHeight <= most.ImageHeight);
    }

    [Fact]
    public void More_contour_work_than_the_limit_is_413_naming_contours()
    {
        ChannelMosaic.RequireRoom(ChannelMosaic.MaxPanels, 1024, 1024, 4);

        var e = Assert.Throws<DaliException>(() => ChannelMosaic.RequireRoom(ChannelMosaic.MaxPanels, 1024, 1024, 5));
        Assert.Equal((DaliErrorKind.TooLarge, "CONTOURS"), (e.Kind, e.Parameter));
        Assert.Equal("NBIN", Assert.Throws<DaliException>(() => ChannelMosaic.RequireRoom(ChannelMosaic.MaxPanels + 1, 1, 1, 0)).Parameter);
    }

    [Theory]
    [InlineData(1.0, new[] { 0, 1, 2 })]
    [InlineData(-1.0, new[] { 2, 1, 0 })]
    public void Panels_run_in_increasing_velocity_whichever_way_the_channels_do(double step, int[] bins)
    {
        // 7 channels from the second, bins of 2: channels 1–2, 3–4, 5–6.
        var velocity = Enumerable.Range(0, 7).Select(k => k * step).ToArray();
        var maps = new ChannelMapSet(1, 1, 3, 2, 1, 0, new float[3], new VelocityAxis(velocity, [.. velocity.Select(_ => 1.0)], VelocityDefinition.Radio, ""));

        Assert.Equal(bins, Enumerable.Range(0, 3).Select(p => ChannelMosaic.Bin(maps, p)));
    }

    [Fact]
    public void More_bins_than_a_mosaic_has_panels_are_413_naming_nbin_before_any_plane_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vo-mosaic-{Guid.NewGuid():N}.fits");
        try
        {
            var header = new FitsHeaderBuilder().WithCubeAxes("VRAD", 0, 1000, "m/s");
            using (var file = File.Create(path))
            using (var writer = new FitsWriter(file))
            {
                writer.WriteImage<float>([4, 4, ChannelMosaic.MaxPanels + 1], new float[16 * (ChannelMosaic.MaxPanels + 1)], header);
            }

            using var cube = CubeFile.Open(path, "I");
            var png = ChannelMapRequest.From(new DaliParameters([KeyValuePair.Create("ID", "ivo://test/cube"), KeyValuePair.Create("RESPONSEFORMAT", "image/png")]));
            var fits = png with { Png = false };

            var e = Assert.Throws<DaliException>(() => ChannelMaps.Compute(cube, png, CancellationToken.None));
            Assert.Equal((DaliErrorKind.TooLarge, "NBIN"), (e.Kind, e.Parameter));
            Assert.Equal(ChannelMosaic.MaxPanels + 1, ChannelMaps.Compute(cube, fits, CancellationToken.None)!.Bins);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using VoServices.Demo;
using VoServices.Fits;
using VoServices.Fits.Wcs;

namespace VoServices.Core.Tests.Demo;

public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vo-bad-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Each_bad_input_fails_in_the_way_its_kind_says()
    {
        var inputs = DemoCollection.WriteBadInputs(_dir);
        Assert.Equal(Enum.GetValues<BadInputKind>().Order(), inputs.Select(i => i.Kind).Order());
        foreach (var input in inputs)
        {
            var path = Path.Combine(_dir, input.RelativePath);
            switch (input.Kind)
            {
                case BadInputKind.TruncatedData:
                    Assert.Contains("shorter than its header declares", Assert.Throws<FitsFormatException>(() => FitsReader.ReadHdus(path)).Message, StringComparison.Ordinal);
                    break;
                case BadInputKind.TruncatedHeader:
                    Assert.Contains("Truncated header", Assert.Throws<FitsFormatException>(() => FitsReader.ReadHdus(path)).Message, StringComparison.Ordinal);
                    break;
                case BadInputKind.NotFits:
                    Assert.Contains("Not a FITS file", Assert.Throws<FitsFormatException>(() => FitsReader.ReadHdus(path)).Message, StringComparison.Ordinal);
                    break;
                case BadInputKind.AllNaN:
                    {
                        var hdu = FitsReader.ReadHdus(path)[0];
                        using (var w = WcsTransform.FromHeader(hdu.Header))
                        {
                            Assert.Equal(2, w.SpectralAxis);
                        }

                        using var img = FitsImage.Open(path, hdu);
                        Assert.False(img.HasFiniteValue());
                        break;
                    }

                case BadInputKind.UnknownCType:
                    Assert.Throws<WcsException>(() => WcsTransform.FromHeader(FitsReader.ReadHdus(path)[0].Header));
                    break;
                case BadInputKind.NoWcs:
                    Assert.Throws<WcsException>(() => WcsTransform.FromHeader(FitsReader.ReadHdus(path)[0].Header));
                    break;
                default:
                    Assert.Fail($"untested kind {input.Kind}");
                    break;
            }
        }
    }
}

using VoServices.Fits;

namespace VoServices.Core.Tests.Cubes;

/// <summary>The WCS of the small test cubes: a SIN grid at (10°, 20°) of 0.001° pixels, and the spectral axis 3 as given.</summary>
internal static class TestCubeAxes
{
    public static FitsHeaderBuilder WithCubeAxes(this FitsHeaderBuilder builder, string ctype, double crval, double cdelt, string cunit) => builder
        .Set("CTYPE1", "RA---SIN").Set("CRVAL1", 10.0).Set("CRPIX1", 2.0).Set("CDELT1", -0.001).Set("CUNIT1", "deg")
        .Set("CTYPE2", "DEC--SIN").Set("CRVAL2", 20.0).Set("CRPIX2", 2.0).Set("CDELT2", 0.001).Set("CUNIT2", "deg")
        .Set("CTYPE3", ctype).Set("CRVAL3", crval).Set("CRPIX3", 1.0).Set("CDELT3", cdelt).Set("CUNIT3", cunit);
}

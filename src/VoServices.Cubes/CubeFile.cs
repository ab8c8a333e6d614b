using System.Globalization;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Fits.Wcs;
using VoServices.Products;

namespace VoServices.Cubes;

/// <summary>
/// A spectral cube as the exploration services read it: its data HDU, with the two celestial axes first, the
/// spectral axis third and an optional Stokes axis fourth (the layout radio cubes have), so that one channel of
/// one Stokes plane is one contiguous run of pixels read with one positioned read.
/// </summary>
public sealed class CubeFile : IDisposable
{
    private CubeFile(string path, FitsHdu hdu, FitsImage image, int? stokesAxis, long stokesPlane)
    {
        Path = path;
        Hdu = hdu;
        Image = image;
        StokesAxis = stokesAxis;
        StokesPlane = stokesPlane;
    }

    public string Path { get; }

    public FitsHdu Hdu { get; }

    public FitsImage Image { get; }

    public FitsHeader Header => Hdu.Header;

    public int Width => (int)Hdu.Axes[0];

    public int Height => (int)Hdu.Axes[1];

    public long Channels => Hdu.Axes[2];

    public int? StokesAxis { get; }

    /// <summary>The 0-based pixel of the Stokes axis read (POL), 0 without one.</summary>
    public long StokesPlane { get; }

    /// <summary>The first pixel (0-based, in file order) of <paramref name="channel"/> of the Stokes plane read.</summary>
    public long PlaneStart(long channel) => ((StokesPlane * Channels) + channel) * Width * Height;

    /// <summary>Opens the cube's data HDU; <paramref name="pol"/> picks the Stokes plane of a 4-D cube.</summary>
    public static CubeFile Open(string path, string pol)
    {
        ArgumentNullException.ThrowIfNull(path);
        IReadOnlyList<FitsHdu> hdus;
        try
        {
            hdus = FitsReader.ReadHdus(path);
        }
        catch (FitsFormatException e)
        {
            throw new DaliException(DaliErrorKind.BadRequest, "The dataset's file is not readable FITS: " + e.Message, "ID");
        }

        if (ProductLayout.IsRss(hdus))
        {
            throw DaliException.BadParameter("ID",
                "this dataset is row-stacked spectra (RSS); moments, channel maps and PV slices are defined for cubes only. Cut its fibres with /soda/sync (POS, BAND) instead");
        }

        var hdu = ProductLayout.FindDataHdu(hdus) ?? throw DaliException.BadParameter("ID", "the dataset has no image HDU");
        using var wcs = Wcs(hdu.Header);
        if (hdu.Axes.Length < 3 || wcs.LongitudeAxis is not (0 or 1) || wcs.LatitudeAxis is not (0 or 1) || wcs.SpectralAxis != 2)
        {
            throw DaliException.BadParameter("ID",
                $"the dataset is not a spectral cube with celestial axes 1–2 and the spectral axis 3 (its axes: {string.Join(", ", wcs.CTypes)})");
        }

        if (hdu.Axes.Length > 4 || (hdu.Axes.Length == 4 && wcs.StokesAxis != 3 && hdu.Axes[3] > 1))
        {
            throw DaliException.BadParameter("ID", $"axes beyond a Stokes axis 4 are not supported (its axes: {string.Join(", ", wcs.CTypes)})");
        }

        int? stokesAxis = hdu.Axes.Length == 4 && wcs.StokesAxis == 3 ? 3 : null;
        var plane = stokesAxis is { } s ? StokesPixel(wcs, hdu, s, pol) : pol is "I" ? 0 : throw DaliException.BadParameter("POL", $"the cube has no Stokes axis; only POL=I (or none) applies");
        return new CubeFile(path, hdu, FitsImage.Open(path, hdu), stokesAxis, plane);
    }

    public void Dispose() => Image.Dispose();

    internal static WcsTransform Wcs(FitsHeader header)
    {
        try
        {
            return WcsTransform.FromHeader(header);
        }
        catch (WcsException e)
        {
            throw DaliException.BadParameter("ID", $"the cube's WCS cannot be read ({e.Message})");
        }
    }

    // FITS paper I table 29: I Q U V = 1…4, RR LL RL LR = −1…−4, XX YY XY YX = −5…−8.
    private static readonly string[] StokesNames = ["YX", "XY", "YY", "XX", "LR", "RL", "LL", "RR", "", "I", "Q", "U", "V"];

    private static long StokesPixel(WcsTransform wcs, FitsHdu hdu, int axis, string pol)
    {
        var present = new List<string>();
        for (long p = 0; p < hdu.Axes[axis]; p++)
        {
            var pixel = Enumerable.Repeat(1.0, wcs.NAxis).ToArray();
            pixel[axis] = p + 1;
            var code = (int)Math.Round(wcs.PixelToWorld(pixel)[axis]);
            var name = code is >= -8 and <= 4 ? StokesNames[code + 8] : code.ToString(CultureInfo.InvariantCulture);
            if (name == pol)
            {
                return p;
            }

            present.Add(name);
        }

        throw DaliException.BadParameter("POL", $"the cube has no {pol} plane; its Stokes planes are {string.Join(", ", present)}");
    }
}

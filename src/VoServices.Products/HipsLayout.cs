using System.Text.RegularExpressions;

namespace VoServices.Products;

/// <summary>
/// The files a HiPS directory may serve (HiPS 1.0 §4: properties, Moc.fits, metadata.xml, the Allsky
/// images and the tiles NorderK/DirD/NpixN.ext) and their content types. Anything else beside them — a
/// build log, a hidden file, a path with '..' — is not part of the survey and is never served.
/// </summary>
public static partial class HipsLayout
{
    /// <summary>Whether <paramref name="relativePath"/> (forward slashes, no leading '/') names a HiPS layout file.</summary>
    public static bool IsLayoutFile(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return LayoutFile().IsMatch(relativePath);
    }

    /// <summary>The MIME type of a layout file: tiles and Allsky as images, the MOC as a FITS table, properties as text.</summary>
    public static string ContentType(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return relativePath switch
        {
            "Moc.fits" => "application/fits",
            "metadata.xml" => "text/xml; charset=utf-8",
            "properties" => "text/plain; charset=utf-8",
            _ => Path.GetExtension(relativePath) switch
            {
                ".fits" => "image/fits",
                ".png" => "image/png",
                ".jpg" => "image/jpeg",
                _ => "application/octet-stream",
            },
        };
    }

    [GeneratedRegex(@"^(properties|Moc\.fits|metadata\.xml|Norder[0-9]{1,2}/(Allsky\.(fits|png|jpg)|Dir[0-9]{1,12}/Npix[0-9]{1,18}\.(fits|png|jpg)))\z")]
    private static partial Regex LayoutFile();
}

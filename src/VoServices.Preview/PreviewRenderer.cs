using VoServices.Fits;
using VoServices.Products;
using VoServices.Fits.Wcs;

namespace VoServices.Preview;

/// <summary>
/// Renders the quick-look image behind a product's DataLink <c>#preview</c> link: a moment-0 map for
/// cubes (<see cref="CubePreview"/>), a white-light fibre map for row-stacked spectra
/// (<see cref="RssPreview"/>), the shipped preview or an all-sky map for a HiPS (<see cref="HipsPreview"/>).
/// Maps are fitted to at most <see cref="MaxSide"/> pixels (block average) and at least
/// <see cref="MinSide"/> (pixel replication), scaled by <see cref="DisplayScale"/> and written as PNG.
/// </summary>
public sealed class PreviewRenderer
{
    public const string PngContentType = "image/png";
    public const int MaxSide = 512;
    public const int MinSide = 256;

    /// <summary>
    /// Writes the preview of the product at <paramref name="path"/> (a FITS file, or a HiPS directory)
    /// to <paramref name="png"/> and returns its content type: image/png, or image/jpeg when a HiPS's
    /// own JPEG preview is copied. The work runs on the thread pool; the output is written asynchronously.
    /// </summary>
    /// <exception cref="PreviewException">The product cannot be read or has nothing to show.</exception>
    public async Task<string> RenderAsync(string path, ProductKind kind, Stream png, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(png);
        try
        {
            if (kind == ProductKind.Hips && HipsPreview.FindImage(path) is { } shipped)
            {
                await using var source = new FileStream(shipped.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                await source.CopyToAsync(png, cancellationToken).ConfigureAwait(false);
                return shipped.ContentType;
            }

            var plane = await Task.Run(() => Map(path, kind, cancellationToken), cancellationToken).ConfigureAwait(false);
            await DisplayScale.WritePngAsync(plane.Fit(MaxSide, MinSide), png, cancellationToken).ConfigureAwait(false);
            return PngContentType;
        }
        catch (Exception e) when (e is FitsFormatException or WcsException or IOException or UnauthorizedAccessException)
        {
            throw new PreviewException($"No preview of {Path.GetFileName(path.TrimEnd('/', Path.DirectorySeparatorChar))}: {e.Message}", e);
        }
    }

    /// <summary>The map before fitting and display scaling.</summary>
    public static PreviewPlane Map(string path, ProductKind kind, CancellationToken cancellationToken) => kind switch
    {
        ProductKind.Cube => CubePreview.MomentZero(path, cancellationToken),
        ProductKind.Rss => RssPreview.WhiteLight(path, cancellationToken).Map,
        ProductKind.Hips => HipsPreview.AllSky(path, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a product kind"),
    };
}

using VoServices.Dali;
using VoServices.Fits;
using VoServices.Products;

namespace VoServices.Soda;

/// <summary>Settings of <see cref="SodaCutoutPlanner"/>.</summary>
public sealed record SodaCutoutOptions
{
    private readonly int _bufferSize = 2 * 1024 * 1024;

    public static SodaCutoutOptions Default { get; } = new();

    /// <summary>Names the service in the output's HISTORY cards.</summary>
    public string Service { get; init; } = "VoServices SODA";

    /// <summary>The clock for the HISTORY date (tests fix it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Bytes of the one pooled buffer a cutout is written through (default 2 MiB; at least 4 KiB).</summary>
    public int BufferSize
    {
        get => _bufferSize;
        init => _bufferSize = value >= 4096 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The buffer must hold at least 4096 bytes.");
    }
}

/// <summary>
/// Plans SODA cutouts of the products ingest accepts: FITS images and cubes (the HDU
/// <see cref="ProductLayout.FindDataHdu"/> picks) and row-stacked spectra (<see cref="ProductLayout.IsRss"/>).
/// Reads only headers (and, for RSS, the fibre table and wavelengths); the data are read when the
/// plan is written. See Soda/README.md for the semantics of each filter.
/// </summary>
public static class SodaCutoutPlanner
{
    /// <summary>
    /// Plans the cutout of the file at <paramref name="path"/> with the filters of <paramref name="request"/>
    /// (its IDs are not looked at). Returns the plan, or the reason no pixel is selected (SODA: HTTP 204).
    /// A product that cannot be cut (no image HDU) is a <see cref="DaliException"/> on ID; a malformed
    /// file a <see cref="FitsFormatException"/>.
    /// </summary>
    public static async Task<SodaCutoutOutcome> PlanAsync(string path, SodaRequest request, SodaCutoutOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(request);
        var hdus = await FitsReader.ReadHdusAsync(path, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Plan(path, hdus, request, options);
    }

    /// <summary>
    /// Plans a cutout of the file at <paramref name="path"/> whose HDUs were read already (<see cref="FitsReader.ReadHdusAsync"/>):
    /// bulk cutouts read a file's headers once for all its targets.
    /// </summary>
    public static SodaCutoutOutcome Plan(string path, IReadOnlyList<FitsHdu> hdus, SodaRequest request, SodaCutoutOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(hdus);
        ArgumentNullException.ThrowIfNull(request);
        options ??= SodaCutoutOptions.Default;
        if (ProductLayout.IsRss(hdus))
        {
            return RssCutout.Plan(path, hdus, request, options);
        }

        var hdu = ProductLayout.FindDataHdu(hdus)
            ?? throw DaliException.BadParameter("ID", $"the dataset {Path.GetFileName(path)} has no image with two or more axes to cut out");
        return CubeCutout.Plan(path, hdus, hdu, request, options);
    }

    /// <summary><see cref="PlanAsync(string, SodaRequest, SodaCutoutOptions?, CancellationToken)"/> with default options.</summary>
    public static Task<SodaCutoutOutcome> PlanAsync(string path, SodaRequest request, CancellationToken cancellationToken) =>
        PlanAsync(path, request, null, cancellationToken);
}

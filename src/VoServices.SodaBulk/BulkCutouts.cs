using System.Globalization;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Products;
using VoServices.Soda;

namespace VoServices.SodaBulk;

/// <summary>One cutout of a finished job: what its index keeps to plan it again from the product's file.</summary>
/// <param name="Number">1-based: result cutout-N.</param>
/// <param name="Length">The cutout's bytes when the job ran: a product whose plan no longer has this length has changed.</param>
/// <param name="File">Its name in the job's archive.</param>
public sealed record BulkCutout(int Number, string PublisherDid, SodaRequest Request, long Length, string File);

/// <summary>
/// A finished job's cutouts, one line each in <c>cutouts.tsv</c>: the job plans every cutout (and writes the manifest)
/// but copies no voxel; a cutout's bytes are read from the product's file, with positioned reads, when cutout-N or the
/// archive is fetched. So a job of 10⁴ cutouts costs its planning, not a second copy of gigabytes on disk, and a
/// cutout is never half-written. Products are found again by DID (never a stored path), and a product whose plan
/// differs from the job's (re-ingested, changed) is an error, not a different cutout.
/// </summary>
public sealed class BulkCutouts(ProductCatalog products)
{
    public const string IndexFile = "cutouts.tsv";

    public static string Line(BulkCutout cutout)
    {
        ArgumentNullException.ThrowIfNull(cutout);
        var r = cutout.Request;
        return string.Join('\t',
            cutout.Number.ToString(CultureInfo.InvariantCulture), Escape(cutout.PublisherDid), r.Region is { } shape ? Pos(shape) : "",
            r.Band is { } b ? DaliValues.Format(b.Lower) + " " + DaliValues.Format(b.Upper) : "", string.Join(' ', r.Pol),
            cutout.Length.ToString(CultureInfo.InvariantCulture), cutout.File);
    }

    /// <summary>The job's cutouts in order (none when the job wrote no index).</summary>
    public static IEnumerable<BulkCutout> Read(string jobDirectory)
    {
        var path = Path.Combine(jobDirectory, IndexFile);
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(path))
        {
            var f = line.Split('\t');
            var band = f[3].Length == 0 ? null : DaliValues.ParseInterval("BAND", f[3]);
            yield return new BulkCutout(int.Parse(f[0], CultureInfo.InvariantCulture), Unescape(f[1]),
                new SodaRequest([Unescape(f[1])], f[2].Length == 0 ? null : DaliValues.ParsePos("POS", f[2]), band, null,
                    f[4].Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                long.Parse(f[5], CultureInfo.InvariantCulture), f[6]);
        }
    }

    /// <summary>Cutout <paramref name="number"/> of the job, or null (a scan of the index: 10⁶ lines take ~0.1 s).</summary>
    public static BulkCutout? Find(string jobDirectory, int number) => Read(jobDirectory).FirstOrDefault(c => c.Number == number);

    /// <summary>Plans <paramref name="cutout"/> again from its product (headers from <paramref name="headers"/> when given).</summary>
    public async Task<SodaCutoutPlan> PlanAsync(BulkCutout cutout, Dictionary<string, (PublishedProduct Product, IReadOnlyList<FitsHdu> Hdus)>? headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cutout);
        var key = cutout.PublisherDid.ToLowerInvariant();
        if (headers?.TryGetValue(key, out var known) != true)
        {
            var product = await products.FindAsync(cutout.PublisherDid, cancellationToken)
                ?? throw new DaliException(DaliErrorKind.NotFound, $"{cutout.PublisherDid}, cut by this job, is no longer published: run the job again");
            known = (product, await FitsReader.ReadHdusAsync(product.FilePath, cancellationToken));
            if (headers is not null)
            {
                headers.Clear(); // the archive goes file by file: one file's headers at a time
                headers[key] = known;
            }
        }

        var plan = SodaCutoutPlanner.Plan(known.Product.FilePath, known.Hdus, cutout.Request, null).Plan;
        return plan is not null && plan.Length == cutout.Length
            ? plan
            : throw new DaliException(DaliErrorKind.Conflict, $"{cutout.PublisherDid} has changed since this job cut it (cutout {cutout.Number}): run the job again");
    }

    /// <summary>The archive: the manifest, then every cutout in order, each read from its product as it is written.</summary>
    public async Task WriteArchiveAsync(string jobDirectory, string manifestFile, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var manifest = Path.Combine(jobDirectory, manifestFile);
        await TarStream.WriteMemberAsync(output, manifestFile, new FileInfo(manifest).Length, async (o, ct) =>
        {
            await using var file = File.OpenRead(manifest);
            await file.CopyToAsync(o, ct);
        }, cancellationToken);
        var headers = new Dictionary<string, (PublishedProduct, IReadOnlyList<FitsHdu>)>(StringComparer.Ordinal);
        foreach (var cutout in Read(jobDirectory))
        {
            var plan = await PlanAsync(cutout, headers, cancellationToken);
            await TarStream.WriteMemberAsync(output, cutout.File, cutout.Length, plan.WriteAsync, cancellationToken);
        }

        await TarStream.EndAsync(output, cancellationToken);
    }

    /// <summary>The archive's exact size (for Content-Length).</summary>
    public static long ArchiveLength(string jobDirectory, string manifestFile) =>
        TarStream.Length(Read(jobDirectory).Select(c => c.Length).Prepend(new FileInfo(Path.Combine(jobDirectory, manifestFile)).Length));

    // A region in POS syntax (what DaliValues.ParsePos reads back).
    private static string Pos(DaliShape shape) => shape switch
    {
        DaliCircle c => $"CIRCLE {DaliValues.Format(c.Lon)} {DaliValues.Format(c.Lat)} {DaliValues.Format(c.Radius)}",
        DaliRange r => $"RANGE {DaliValues.Format(r.Lon1)} {DaliValues.Format(r.Lon2)} {DaliValues.Format(r.Lat1)} {DaliValues.Format(r.Lat2)}",
        DaliPolygon p => "POLYGON " + string.Join(' ', p.Vertices.Select(v => DaliValues.Format(v.Lon) + " " + DaliValues.Format(v.Lat))),
        _ => throw new ArgumentException($"Unknown shape {shape.GetType().Name}.", nameof(shape)),
    };

    private static string Escape(string text) => Uri.EscapeDataString(text);

    private static string Unescape(string text) => Uri.UnescapeDataString(text);
}

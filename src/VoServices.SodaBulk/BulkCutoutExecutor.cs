using System.Globalization;
using System.IO.Pipelines;
using Npgsql;
using VoServices.Dali;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;
using VoServices.Fits;
using VoServices.Products;
using VoServices.Soda;
using VoServices.Uws;

namespace VoServices.SodaBulk;

/// <summary>
/// Runs a bulk cutout job: reads the request (every target list row checked before any work), finds the products
/// (by ID, or covering each target in one set query), then goes through them file by file — each file's headers read
/// once — planning every target's cutout and writing its manifest row and its line of the cutout index
/// (<see cref="BulkCutouts"/>) as it goes. No voxel is copied: cutout-N and the archive are read from the products
/// when fetched. The result is the manifest, written through a .part file like the index.
/// </summary>
/// <param name="jobUrl">The public URL of a job (its results are under it).</param>
public sealed class BulkCutoutExecutor(NpgsqlDataSource dataSource, ProductCatalog products, BulkLimits limits, Func<string, string> jobUrl) : IUwsJobExecutor
{
    public const string ManifestId = "manifest";
    public const string ArchiveId = "archive";
    public const string ManifestFile = "manifest.xml";
    public const string CutoutDirectory = "cutouts";

    /// <summary>The result id of cutout <paramref name="n"/> (1-based).</summary>
    public static string CutoutId(int n) => "cutout-" + n.ToString(CultureInfo.InvariantCulture);

    public BulkLimits Limits { get; } = limits;

    public async Task<UwsResult> ExecuteAsync(UwsJob job, string jobDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var parameters = new DaliParameters(job.Parameters.Where(p => !p.ByReference).Select(p => KeyValuePair.Create(p.Name, p.Value)));
        var request = BulkRequest.From(parameters, part => UwsUploads.Open(jobDirectory, part), Limits);
        var work = await WorkAsync(request, cancellationToken);
        if (work.Count(w => w.Product is not null) > Limits.MaxCutouts)
        {
            throw new DaliException(DaliErrorKind.TooLarge, $"the targets are covered {work.Count} times; at most {Limits.MaxCutouts} cutouts per job: split the target list");
        }

        Directory.CreateDirectory(jobDirectory);
        var manifest = Path.Combine(jobDirectory, ManifestFile);
        var index = Path.Combine(jobDirectory, BulkCutouts.IndexFile);
        var url = jobUrl(job.JobId) + "/results/";
        var written = 0;
        long bytes = 0;
        await using (var file = new FileStream(manifest + UwsJobManager.PartialSuffix, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        await using (var lines = new StreamWriter(index + UwsJobManager.PartialSuffix, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
        {
            var pipe = PipeWriter.Create(file);
            var writer = new VotableWriter(pipe, VotableSerialization.Tabledata);
            await writer.BeginAsync(BulkManifest.Describe(), TableEndStatus.Ok, cancellationToken);
            var buffer = new RowBuffer(BulkManifest.Fields.Count);
            // File by file, in path order; within a file in target order.
            foreach (var group in work.GroupBy(w => w.Product?.FilePath).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                IReadOnlyList<FitsHdu>? hdus = null;
                string? unreadable = null;
                if (group.Key is { } path)
                {
                    try
                    {
                        hdus = await FitsReader.ReadHdusAsync(path, cancellationToken);
                    }
                    catch (Exception e) when (e is FitsFormatException or IOException)
                    {
                        unreadable = "the product's file cannot be read";
                    }
                }

                foreach (var item in group.OrderBy(w => w.Target))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var row = new BulkManifestRow(item.Target, item.TargetId, item.Ra, item.Dec, item.PublisherDid, item.Status, item.Message, null, null, null, null, null);
                    if (item.Product is { } product && hdus is not null)
                    {
                        SodaCutoutOutcome? outcome = null;
                        try
                        {
                            outcome = SodaCutoutPlanner.Plan(product.FilePath, hdus, item.Request, null);
                        }
                        catch (DaliException e)
                        {
                            row = row with { Status = BulkStatus.Error, Message = e.Message };
                        }

                        if (outcome?.Plan is { } plan)
                        {
                            if (bytes + plan.Length > Limits.MaxOutputBytes)
                            {
                                throw new DaliException(DaliErrorKind.TooLarge,
                                    $"the cutouts add up to more than {Limits.MaxOutputBytes >> 20} MB, the most one job delivers; split the target list or cut smaller regions");
                            }

                            var n = ++written;
                            var name = CutoutDirectory + "/" + n.ToString("D6", CultureInfo.InvariantCulture) + "_" + plan.FileName;
                            await lines.WriteLineAsync(BulkCutouts.Line(new BulkCutout(n, product.PublisherDid, item.Request, plan.Length, name)).AsMemory(), cancellationToken);
                            bytes += plan.Length;
                            row = row with
                            {
                                Status = BulkStatus.Ok, Message = null, Cutout = n, Url = url + CutoutId(n), File = name,
                                Bytes = plan.Length, PixelRanges = string.Join(" ", plan.PixelRanges),
                            };
                        }
                        else if (outcome is not null)
                        {
                            row = row with { Status = BulkStatus.NoOverlap, Message = outcome.NoOverlapReason };
                        }
                    }
                    else if (item.Product is not null)
                    {
                        row = row with { Status = BulkStatus.Error, Message = unreadable };
                    }

                    BulkManifest.Fill(buffer, row);
                    await writer.WriteRowAsync(buffer, cancellationToken);
                }
            }

            await writer.EndAsync(TableEnd.Ok, cancellationToken);
            await pipe.CompleteAsync();
        }

        // The index first: a manifest without its index would list cutouts that cannot be served.
        File.Move(index + UwsJobManager.PartialSuffix, index, overwrite: true);
        File.Move(manifest + UwsJobManager.PartialSuffix, manifest, overwrite: true);
        return new UwsResult(VotableMime, new FileInfo(manifest).Length, written);
    }

    public const string VotableMime = "application/x-votable+xml";

    /// <summary>Every target × product pair to cut, with the rows that cannot be (no coverage, unknown ID) already decided.</summary>
    private async Task<List<BulkWork>> WorkAsync(BulkRequest request, CancellationToken cancellationToken)
    {
        var work = new List<BulkWork>();
        if (request.ByTarget)
        {
            var covering = await BulkCoverage.FindAsync(dataSource, request, cancellationToken);
            var found = await products.FindAsync(covering.Select(c => c.PublisherDid).Distinct(), cancellationToken);
            var byRow = covering.ToLookup(c => c.Row, c => c.PublisherDid);
            foreach (var target in request.Targets)
            {
                var request1 = new SodaRequest(["bulk"], target.Region(), target.Band, null, target.Pol);
                var dids = byRow[target.Row].ToList();
                if (dids.Count == 0)
                {
                    work.Add(new BulkWork(target.Row, target.Id, target.Ra, target.Dec, null, null, request1, BulkStatus.NoCoverage,
                        "no product " + Constraints(request) + "covers the position"));
                }

                work.AddRange(dids.Select(did => new BulkWork(target.Row, target.Id, target.Ra, target.Dec, did, found.GetValueOrDefault(did.ToLowerInvariant()), request1,
                    BulkStatus.Error, "the product is no longer published")));
            }

            return work;
        }

        var byId = await products.FindAsync(request.Ids, cancellationToken);
        var regions = request.Regions.Count == 0 ? [null] : request.Regions.Cast<DaliShape?>().ToList();
        var bands = request.Bands.Count == 0 ? [null] : request.Bands.Cast<DaliInterval?>().ToList();
        var number = 0;
        foreach (var id in request.Ids)
        {
            var product = byId.GetValueOrDefault(id.ToLowerInvariant());
            var (status, message) = product switch
            {
                null => (BulkStatus.Error, $"no dataset with ID {id} is published here"),
                { Kind: ProductKind.Hips } => (BulkStatus.Error, $"{id} is a HiPS survey; SODA cuts FITS cubes and spectra"),
                _ => (BulkStatus.Error, "the product's file cannot be read"),
            };
            foreach (var region in regions)
            {
                foreach (var band in bands)
                {
                    var centre = region switch
                    {
                        DaliCircle c => ((double?)c.Lon, (double?)c.Lat),
                        _ => (null, null),
                    };
                    work.Add(new BulkWork(++number, null, centre.Item1, centre.Item2, id, product is { Kind: not ProductKind.Hips } ? product : null,
                        new SodaRequest([id], region, band, null, request.Pol), status, message));
                }
            }
        }

        return work;
    }

    private static string Constraints(BulkRequest request)
    {
        var parts = new List<string>();
        if (request.Collection is { } c)
        {
            parts.Add($"of collection {c}");
        }

        if (request.CalibLevel is { } l)
        {
            parts.Add($"at calib_level {l}");
        }

        if (request.DataproductType is { } t)
        {
            parts.Add($"of type {t}");
        }

        return parts.Count == 0 ? "" : string.Join(" ", parts) + " ";
    }

    /// <summary>One pair to cut; <see cref="Status"/> and <see cref="Message"/> stand when <see cref="Product"/> is null.</summary>
    private sealed record BulkWork(int Target, string? TargetId, double? Ra, double? Dec, string? PublisherDid, PublishedProduct? Product,
        SodaRequest Request, string Status, string? Message);
}

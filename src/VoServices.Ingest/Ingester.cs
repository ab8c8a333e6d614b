using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Products;

namespace VoServices.Ingest;

/// <summary>
/// `vo ingest`: walks files and directories, maps each data product to an ObsCore row (in parallel,
/// reading headers and only what it needs of the data) and upserts the rows in batches. A bad
/// product is reported and skipped; it never aborts the run and never leaves a partial row.
/// </summary>
public sealed class Ingester(NpgsqlDataSource dataSource, IngestOptions options)
{
    private static readonly string[] FitsExtensions = [".fits", ".fit", ".fts"];

    // Neither product nor failure: a file that is not a product (Skipped names it).
    private sealed record Mapped(IngestedProduct? Product, IngestFailure? Failure, string? Skipped = null);

    public async Task<IngestReport> RunAsync(IReadOnlyList<string> paths, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failures = new List<IngestFailure>();
        var skipped = 0;
        var candidates = new List<ProductSource>();
        foreach (var path in paths)
        {
            Walk(path, candidates, failures, ref skipped);
        }

        var mapped = Channel.CreateBounded<Mapped>(new BoundedChannelOptions(options.BatchSize * 2) { SingleReader = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
                    async (source, ct) => await mapped.Writer.WriteAsync(MapOne(source, ct), ct));
            }
            finally
            {
                mapped.Writer.Complete();
            }
        }, cancellationToken);

        int inserted = 0, updated = 0, unchanged = 0, done = 0;
        var writer = new ObsCoreWriter(dataSource);
        var batch = new List<IngestedProduct>(options.BatchSize);
        async Task FlushAsync()
        {
            foreach (var (product, outcome) in await WriteAsync(writer, batch, failures, cancellationToken))
            {
                _ = product;
                switch (outcome)
                {
                    case UpsertOutcome.Inserted: inserted++; break;
                    case UpsertOutcome.Updated: updated++; break;
                    default: unchanged++; break;
                }
            }

            batch.Clear();
        }

        await foreach (var item in mapped.Reader.ReadAllAsync(cancellationToken))
        {
            done++;
            if (item.Failure is not null)
            {
                failures.Add(item.Failure);
            }
            else if (item.Product is null)
            {
                skipped++;
            }
            else
            {
                batch.Add(item.Product!);
                if (batch.Count >= options.BatchSize)
                {
                    await FlushAsync();
                }
            }

            progress?.Report(new IngestProgress(done, item.Product?.Source.RelativePath ?? item.Failure?.Path ?? item.Skipped!, clock.Elapsed));
        }

        await producer;
        if (batch.Count > 0)
        {
            await FlushAsync();
        }

        return new IngestReport(inserted, updated, unchanged, skipped, failures, clock.Elapsed);
    }

    /// <summary>
    /// Writes a batch in one transaction; should the database still refuse it (rows are validated
    /// first, so this is rare), each row is retried alone so the good ones land and the bad one is named.
    /// </summary>
    private static async Task<List<(IngestedProduct, UpsertOutcome)>> WriteAsync(
        ObsCoreWriter writer, List<IngestedProduct> batch, List<IngestFailure> failures, CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = await writer.UpsertAsync(batch, cancellationToken);
            return batch.Zip(outcomes).ToList();
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            var results = new List<(IngestedProduct, UpsertOutcome)>();
            foreach (var product in batch)
            {
                try
                {
                    results.Add((product, (await writer.UpsertAsync([product], cancellationToken))[0]));
                }
                catch (PostgresException e)
                {
                    failures.Add(new IngestFailure(product.Source.Path, $"database refused the row: {e.MessageText}"));
                }
            }

            return results;
        }
        catch (PostgresException e)
        {
            failures.Add(new IngestFailure(batch[0].Source.Path, $"database refused the row: {e.MessageText}"));
            return [];
        }
    }

    private void Walk(string path, List<ProductSource> candidates, List<IngestFailure> failures, ref int skipped)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            if (IsFitsName(full))
            {
                candidates.Add(Source(full, Path.GetFileName(full)));
            }
            else
            {
                skipped++;
            }

            return;
        }

        if (!Directory.Exists(full))
        {
            failures.Add(new IngestFailure(path, "no such file or directory"));
            return;
        }

        // Depth-first with sorted names, so runs are reproducible and progress reads naturally.
        var pending = new Stack<string>([full]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            try
            {
                if (HipsProperties.IsHipsDirectory(dir))
                {
                    candidates.Add(Source(dir, Relative(full, dir, isRoot: dir == full), ProductKind.Hips));
                    continue; // tiles are not products of their own
                }

                foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
                {
                    if (IsFitsName(file))
                    {
                        candidates.Add(Source(file, Relative(full, file, isRoot: false)));
                    }
                    else
                    {
                        skipped++;
                    }
                }

                foreach (var sub in Directory.GetDirectories(dir).Order(StringComparer.Ordinal).Reverse())
                {
                    pending.Push(sub);
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                failures.Add(new IngestFailure(dir, $"unreadable directory: {e.Message}"));
            }
        }
    }

    private static string Relative(string root, string path, bool isRoot) =>
        isRoot ? Path.GetFileName(path) : Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static bool IsFitsName(string path) =>
        FitsExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static ProductSource Source(string path, string relative, ProductKind? kind = null)
    {
        var info = new FileInfo(path);
        return info.Exists
            ? new ProductSource(path, relative, kind, info.Length, info.LastWriteTimeUtc)
            : new ProductSource(path, relative, kind, 0, Directory.GetLastWriteTimeUtc(path));
    }

    private Mapped MapOne(ProductSource source, CancellationToken cancellationToken)
    {
        try
        {
            return new Mapped(Map(source, cancellationToken), null);
        }
        catch (ProductRejectedException e)
        {
            return new Mapped(null, new IngestFailure(source.Path, e.Message));
        }
        catch (NotAProductException)
        {
            return new Mapped(null, null, source.RelativePath);
        }
        catch (FitsFormatException e)
        {
            return new Mapped(null, new IngestFailure(source.Path, $"not a valid FITS file: {e.Message}"));
        }
        catch (FormatException e)
        {
            return new Mapped(null, new IngestFailure(source.Path, e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Mapped(null, new IngestFailure(source.Path, $"unreadable: {e.Message}"));
        }
    }

    /// <summary>Maps one product: kind-specific values, then identity and access, then the collection's mapping.</summary>
    public IngestedProduct Map(ProductSource source, CancellationToken cancellationToken)
    {
        var seeing = options.Mapping.Seeing(source.RelativePath);
        ObsCoreRowBuilder row;
        Func<string, string?> lookup;
        ProductKind kind;
        if (source.Kind == ProductKind.Hips)
        {
            var properties = HipsProperties.ReadProperties(Path.Combine(source.Path, HipsProperties.PropertiesFile));
            row = HipsMapper.Map(source.Path, properties);
            lookup = key => properties.GetValueOrDefault(key);
            kind = ProductKind.Hips;
            row.Set("access_estsize", properties.TryGetValue("hips_estsize", out var kb) && long.TryParse(kb, out var size) ? size : null);
        }
        else
        {
            var hdus = FitsReader.ReadHdus(source.Path);
            kind = ProductLayout.KindOf(hdus) ?? throw (ProductLayout.HoldsOnlyTables(hdus)
                ? new NotAProductException("FITS tables only (a catalogue or HEALPix map), no image")
                : new ProductRejectedException("no image HDU with two or more axes"));
            row = kind == ProductKind.Rss
                ? RssMapper.Map(source.Path, hdus, seeing, cancellationToken)
                : CubeMapper.Map(source.Path, hdus, seeing, cancellationToken);
            var data = kind == ProductKind.Rss ? hdus[0] : ProductLayout.FindDataHdu(hdus)!;
            lookup = key => HeaderText(hdus[0].Header, key) ?? HeaderText(data.Header, key);
            row.Set("access_estsize", (source.Size + 1023) / 1024);
        }

        row.Set("obs_collection", options.Collection)
           .Set("obs_id", source.RelativePath)
           .Set("obs_publisher_did", options.PublisherDid(source.RelativePath))
           .Set("access_url", options.AccessUrl(source.RelativePath))
           .Set("access_format", DatalinkDescriptors.DatalinkContentType);
        options.Mapping.Apply(source.RelativePath, row, lookup);
        var relations = options.Mapping.Relations(source.RelativePath)
            .Select(r => new ProductRelation(r.Semantics, options.PublisherDid(r.RelativePath)))
            .ToList();
        var built = row.Build();
        var problems = built.Validate();
        if (problems.Count > 0)
        {
            throw new ProductRejectedException(string.Join("; ", problems));
        }

        return new IngestedProduct(built, source with { Kind = kind }, kind) { Relations = relations };
    }

    /// <summary>A keyword's value as text for the mapping: strings unquoted, numbers and logicals as written.</summary>
    private static string? HeaderText(FitsHeader header, string key) =>
        header.Find(key) is not { RawValue: { } raw } card ? null : card.IsString ? header.GetString(key) : raw.Trim();
}

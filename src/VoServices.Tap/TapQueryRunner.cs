using Npgsql;
using VoServices.Adql;
using VoServices.Adql.Metadata;
using VoServices.Dali;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

using VoServices.Database;

using VoServices.Products;

namespace VoServices.Tap;

/// <summary>
/// Runs one TAP query end to end: loads UPLOAD tables, translates the ADQL (MAXREC+1 rows), and
/// streams the rows to the writer. The query runs in a read-only transaction as <c>vo_reader</c> with
/// a statement timeout; cancelling the token (client gone, job aborted) cancels it in PostgreSQL.
/// Failures before the first byte is written are thrown (as <see cref="DaliException"/> for user errors)
/// so the caller can send an error document; later ones end the table with QUERY_STATUS=ERROR.
/// </summary>
public sealed class TapQueryRunner(NpgsqlDataSource dataSource, TapMetadataCache metadata, TapUploads uploads)
{
    /// <summary>
    /// The service's public base URL, for the DataLink/SODA descriptors added to results that hold
    /// obs_publisher_did; null leaves them out.
    /// </summary>
    public Func<string>? ServiceBaseUrl { get; init; }

    /// <summary>The ADQL translation alone (for MAXREC=0 and for validation), with upload tables if any.</summary>
    public static (string Sql, IReadOnlyList<VotableField> Fields) Translate(TapRequest request, ISchemaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(request);
        var translation = AdqlTranslator.Translate(request.Query, catalog, new AdqlTranslationOptions
        {
            RowLimit = request.Maxrec < long.MaxValue ? request.Maxrec + 1 : null,
        });
        if (!translation.Succeeded)
        {
            throw DaliException.BadParameter("QUERY", translation.Error.ToString());
        }

        return (translation.Sql, OutputFields.From(translation.Columns));
    }

    public async Task<QueryRunResult> RunAsync(TapRequest request, IUploadParts parts, int timeoutSeconds,
        Func<ITableWriter> writerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(writerFactory);
        var meta = await metadata.GetAsync(cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ReaderQuery.SetTimeoutAsync(connection, timeoutSeconds, cancellationToken);

        ISchemaCatalog catalog = meta.Catalog;
        if (request.Uploads.Count > 0)
        {
            var loaded = await uploads.LoadAsync(connection, request.Uploads, parts, cancellationToken);
            catalog = meta.Catalog.WithTables(loaded.Select(l => l.Info));
        }

        var (sql, fields) = Translate(request, catalog);
        var table = Describe(request, fields, ServiceBaseUrl?.Invoke());

        if (request.Maxrec == 0)
        {
            // Metadata only: the translation has validated the query; nothing to run.
            return await ReaderQuery.WriteMetadataOnlyAsync(table, writerFactory, cancellationToken);
        }

        await ReaderQuery.EnterReaderRoleAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection, tx);
        return await ReaderQuery.StreamAsync(command, table, request.Maxrec, writerFactory, cancellationToken);
    }

    /// <summary>
    /// The result table's metadata: FIELDs, the QUERY echo, COOSYS when positions are present, and
    /// when a column is ObsCore's obs_publisher_did (by utype, so aliases count) the DataLink and SODA
    /// descriptors that refer to it.
    /// </summary>
    public static TableDescription Describe(TapRequest request, IReadOnlyList<VotableField> fields, string? serviceBaseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(fields);
        IReadOnlyList<VotableResource> descriptors = [];
        var did = serviceBaseUrl is null ? -1 : fields.ToList().FindIndex(IsPublisherDid);
        if (did >= 0)
        {
            var withId = fields.ToArray();
            withId[did] = withId[did] with { Id = DatalinkDescriptors.PublisherDidFieldId };
            fields = withId;
            descriptors = DatalinkDescriptors.ForDiscovery(serviceBaseUrl!);
        }

        return new TableDescription(fields)
        {
            ServiceUrl = serviceBaseUrl?.TrimEnd('/'),
            Infos =
            [
                new VotableInfo("standardID", "ivo://ivoa.net/std/TAP"),
                new VotableInfo("QUERY", XmlText.Sanitize(request.Query.Length <= 4000 ? request.Query : request.Query[..4000])),
                .. request.RunId is null ? Array.Empty<VotableInfo>() : [new VotableInfo("RUNID", XmlText.Sanitize(request.RunId))],
            ],
            CoordinateSystems = fields.Any(f => f.Ref == VotableCoosys.Icrs.Id) ? [VotableCoosys.Icrs] : [],
            ExtraResources = descriptors,
        };
    }

    private static bool IsPublisherDid(VotableField field) =>
        string.Equals(field.Utype, "obscore:Curation.PublisherDID", StringComparison.OrdinalIgnoreCase) && field.Datatype == "char";

}

using VoServices.Products;

namespace VoServices.Ingest;

/// <summary>What an ingest run needs to know besides the files.</summary>
/// <param name="Collection">obs_collection, and the first part of every obs_publisher_did's local part.</param>
/// <param name="PublisherAuthority">The IVOID prefix of the DIDs (VO_PUBLISHER_DID, e.g. ivo://example.org/archive).</param>
public sealed record IngestOptions(string Collection, string PublisherAuthority, CollectionMapping Mapping)
{
    public const string DefaultPublisherAuthority = "ivo://x-unregistered/voservices";

    /// <summary>Rows written per transaction and round trip.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Files read and mapped at once (header reading and WCS are CPU-bound; the data mostly are not read).</summary>
    public int Parallelism { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>The DID of a product: the authority, then collection/relative-path as the local part.</summary>
    public string PublisherDid(string relativePath) => $"{PublisherAuthority}?{Collection}/{relativePath}";

    /// <summary>
    /// ObsCore access_url: the product's DataLink document (its file, preview, cutout service and
    /// related products), as access_format says. Stored relative to the service ("/datalink/links?ID=..."):
    /// the service writes its public URL in front when it outputs the column, so moving the service
    /// needs no re-ingest.
    /// </summary>
    public string AccessUrl(string relativePath) => DatalinkDescriptors.LinksUrl("", PublisherDid(relativePath));
}

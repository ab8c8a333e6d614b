using VoServices.Products;

namespace VoServices.Ingest;

/// <summary>A file or directory found by the ingest walk.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="RelativePath">'/'-separated path below the ingested root: the obs_id, and part of the DID.</param>
public sealed record ProductSource(string Path, string RelativePath, ProductKind? Kind, long Size, DateTime ModifiedUtc);

/// <summary>A product the ingest could not use, and why: reported, never written.</summary>
public sealed class ProductRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>A file the walk found that is not a product at all (FITS tables only): counted as skipped, not as a failure.</summary>
public sealed class NotAProductException(string reason) : Exception(reason);

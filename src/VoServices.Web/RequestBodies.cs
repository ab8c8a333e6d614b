using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using VoServices.Tap;

namespace VoServices.Web;

/// <summary>
/// How large a request body each endpoint takes (413 with the protocol's error document beyond): only TAP's
/// query endpoints, which take uploads, get more than <see cref="DefaultMaxBytes"/>. Multipart parts are
/// spooled to disk by ASP.NET; url-encoded forms are held in memory, so they have their own, lower cap.
/// </summary>
public static class RequestBodies
{
    /// <summary>Every endpoint without a limit of its own: parameters, UWS phase changes, SIA and SODA queries.</summary>
    public const long DefaultMaxBytes = 1L << 20;

    /// <summary>A url-encoded form on any endpoint (it is read into memory): room for DataLink's 10,000 IDs and a long ADQL query.</summary>
    public const long FormMaxBytes = 8L << 20;

    /// <summary>SODA async job creation: a target list of 10⁵ rows as VOTable or CSV, with room to spare.</summary>
    public const long SodaAsyncMaxBytes = 64L << 20;

    /// <summary>TAP /sync and job creation: every upload at its maximum, and room for the other parameters.</summary>
    public static long TapMaxBytes(TapOptions tap)
    {
        ArgumentNullException.ThrowIfNull(tap);
        return (tap.UploadMaxBytes * tap.UploadMaxTables) + DefaultMaxBytes;
    }

    /// <summary>The endpoint takes bodies up to <paramref name="bytes"/> (read by the routing middleware before the body is).</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder endpoint, long bytes)
        where TBuilder : IEndpointConventionBuilder => endpoint.WithMetadata(new BodyLimit(bytes));

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}

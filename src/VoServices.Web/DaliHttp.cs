using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using VoServices.Dali;
using VoServices.Tap;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Web;

/// <summary>DALI over HTTP: reading parameters from GET/POST (form or multipart) (failures are answered by <see cref="ProtocolExceptionHandler"/>).</summary>
public static class DaliHttp
{
    public const string VotableMime = "application/x-votable+xml";

    /// <summary>Query-string and form parameters together (names case-insensitive), and the multipart file parts.</summary>
    public static async Task<(DaliParameters Parameters, IFormFileCollection Files)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pairs = request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))).ToList();
        IFormFileCollection files = EmptyFiles.Instance;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            LimitUrlEncoded(request);
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw new DaliException(DaliErrorKind.BadRequest, "The request body is not a valid form: " + e.Message);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
            {
                throw e.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => new DaliException(DaliErrorKind.TooLarge,
                        $"The request body is larger than this endpoint accepts ({Megabytes(request)})"),
                    StatusCodes.Status408RequestTimeout => new DaliException(DaliErrorKind.RequestTimeout,
                        "The request body arrived too slowly; send it at a steady pace"),
                    _ => new DaliException(DaliErrorKind.BadRequest, "The request body could not be read: it is incomplete or malformed"),
                };
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // After Kestrel's own (BadHttpRequestException is an IOException): a multipart body that ends
                // before its closing boundary, or names a boundary it never uses.
                throw new DaliException(DaliErrorKind.BadRequest, "The request body is not a valid form: it is truncated or malformed");
            }

            pairs.AddRange(form.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? ""))));
            files = form.Files;
        }

        return (new DaliParameters(pairs), files);
    }

    /// <summary>A url-encoded form is read into memory: it gets at most <see cref="RequestBodies.FormMaxBytes"/> whatever the endpoint allows.</summary>
    private static void LimitUrlEncoded(HttpRequest request)
    {
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (!request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) && limit is { IsReadOnly: false }
            && (limit.MaxRequestBodySize ?? long.MaxValue) > RequestBodies.FormMaxBytes)
        {
            limit.MaxRequestBodySize = RequestBodies.FormMaxBytes;
        }
    }

    private static string Megabytes(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } max
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"at most {max / (1024.0 * 1024.0):0.#} MB")
            : "no limit";

    /// <summary>Writes a text/plain answer (UWS phase, quote, ...).</summary>
    public static Task WriteTextAsync(HttpContext context, string text)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    /// <summary>Writes an XML document (VOSI, UWS).</summary>
    public static Task WriteXmlAsync(HttpContext context, string xml, string contentType = "text/xml; charset=utf-8")
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(xml, context.RequestAborted);
    }

    /// <summary>Inline upload parts of a multipart request.</summary>
    public sealed class FormFileParts(IFormFileCollection files) : IUploadParts
    {
        public Stream? Open(string partName) => files.GetFile(partName)?.OpenReadStream();
    }

    private sealed class EmptyFiles : List<IFormFile>, IFormFileCollection
    {
        public static EmptyFiles Instance { get; } = [];

        public IFormFile? this[string name] => null;

        public IFormFile? GetFile(string name) => null;

        public IReadOnlyList<IFormFile> GetFiles(string name) => [];
    }
}

/// <summary>
/// Absolute URLs from the public base URL (VO_PUBLIC_URL, else the address Kestrel bound, known
/// only after start when listening on port 0).
/// </summary>
public sealed class PublicUrls(Func<string> baseUrl)
{
    public string Base => baseUrl().TrimEnd('/');

    public string Tap => Base + "/tap";

    public string Of(string path) => Base + "/" + path.TrimStart('/');
}

/// <summary>When the server started (VOSI availability's upSince).</summary>
public sealed record ServerStart(DateTime Utc);

/// <summary>Writing a table to the HTTP response.</summary>
internal static class ResponseTables
{
    public static ITableWriter Start(HttpResponse response, ResolvedFormat format)
    {
        response.StatusCode = 200;
        response.ContentType = format.ContentType;
        return TableWriters.Create(format.Format, response.BodyWriter);
    }

    public static PipeWriter Body(HttpResponse response) => response.BodyWriter;
}

using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoServices.Dali;
using VoServices.Datalink;
using VoServices.Products;
using VoServices.Fits;
using VoServices.Preview;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Web.Endpoints;

/// <summary>
/// DataLink 1.1: /datalink/links (GET or POST, one or many ID), the FITS header text behind each
/// #auxiliary header link, and VOSI capabilities/availability. Products are found by ID in the
/// database; nothing in a request becomes a path.
/// </summary>
public static class DatalinkEndpoints
{
    /// <summary>Errors: VOTable documents whose text starts with the DataLink fault name (NotFoundFault, UsageFault, ...).</summary>
    private static readonly ProtocolErrors Errors = new ProtocolErrors.VotableErrors(DatalinkFault.Message, []);

    /// <summary>
    /// The form limits of a links POST: ASP.NET's default of 1,024 form values would refuse a pyVO
    /// iter_datalinks() POST of a larger result before DataLink sees it. Room for ten times
    /// <see cref="LinksDocument.MaxIds"/>, so a client somewhat past the cap gets the first IDs and
    /// OVERFLOW rather than an error; the body itself stays under the server's size limit.
    /// </summary>
    private static readonly FormOptions LinksFormOptions = new() { ValueCountLimit = LinksDocument.MaxIds * 10 };

    /// <summary>The product lookup and the preview cache (rendered on first request into <paramref name="previewDirectory"/>).</summary>
    public static IServiceCollection AddDatalink(this IServiceCollection services, string previewDirectory)
    {
        services.AddProductCatalog();
        services.AddSingleton(new PreviewCache(previewDirectory, new PreviewRenderer()));
        return services;
    }

    public static IEndpointRouteBuilder MapDatalink(this IEndpointRouteBuilder app)
    {
        var datalink = app.MapProtocol(Errors);
        datalink.MapMethods(DatalinkDescriptors.LinksPath, ["GET", "POST"], LinksAsync).WithBodyLimit(RequestBodies.FormMaxBytes);
        datalink.MapGet(LinksDocument.HeaderPath, HeaderAsync);
        datalink.MapGet(LinksDocument.PreviewPath, PreviewAsync);
        datalink.MapServiceVosi("/datalink", "links", DatalinkDescriptors.LinksStandardId, "1.1");
        return app;
    }

    private static async Task LinksAsync(HttpContext context, ProductCatalog products, PublicUrls urls)
    {
        var cancellationToken = context.RequestAborted;
        // Only this endpoint gets the larger value count: the form feature is replaced before the body is read.
        context.Features.Set<IFormFeature>(new FormFeature(context.Request, LinksFormOptions));
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var (serialization, contentType) = LinksFormat(parameters.GetSingle("RESPONSEFORMAT"));
        var ids = parameters.GetAll("ID");
        var answered = ids.Take(LinksDocument.MaxIds).ToList();
        var found = await products.FindAsync(answered, cancellationToken);
        var relations = await products.RelationsAsync(found.Keys, cancellationToken);
        var document = LinksDocument.Build(ids, found, relations, urls.Base);

        // The DataLink type (or text/xml when that was asked for) whatever the Accept header says: Java clients send text/html in it.
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        await using var writer = new VotableWriter(context.Response.BodyWriter, serialization);
        await document.WriteAsync(writer, urls.Base, cancellationToken);
    }

    /// <summary>
    /// RESPONSEFORMAT: absent, votable, or a VOTable MIME type (its parameters other than serialization
    /// ignored), and the Content-Type to answer with: DataLink 1.1 allows text/xml besides the
    /// DataLink type, and a client asking for text/xml gets text/xml (some check the header against it).
    /// </summary>
    private static (VotableSerialization Serialization, string ContentType) LinksFormat(string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested) || requested.Trim().Equals("votable", StringComparison.OrdinalIgnoreCase))
        {
            return (VotableSerialization.Tabledata, DatalinkDescriptors.DatalinkContentType);
        }

        var parts = requested.Replace(" ", "", StringComparison.Ordinal).Split(';');
        var textXml = parts[0].Equals("text/xml", StringComparison.OrdinalIgnoreCase);
        if (parts[0].Equals(DaliHttp.VotableMime, StringComparison.OrdinalIgnoreCase) || textXml)
        {
            var serialization = parts.Any(p => p.Equals("serialization=binary2", StringComparison.OrdinalIgnoreCase))
                ? VotableSerialization.Binary2
                : VotableSerialization.Tabledata;
            return (serialization, textXml ? "text/xml" : DatalinkDescriptors.DatalinkContentType);
        }

        throw DaliException.BadParameter("RESPONSEFORMAT",
            $"'{DaliParameters.Shorten(requested)}' is not offered; links documents are VOTables (votable or {DatalinkDescriptors.DatalinkContentType})");
    }

    /// <summary>The dataset named by the request's single ID; not found when none is published.</summary>
    private static async Task<(string Id, PublishedProduct Product)> FindProductAsync(HttpContext context, ProductCatalog products)
    {
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, context.RequestAborted);
        var id = parameters.GetRequired("ID", "Give the obs_publisher_did of a dataset.");
        var product = await products.FindAsync(id, context.RequestAborted)
            ?? throw new DaliException(DaliErrorKind.NotFound, $"no dataset with ID {id} is published here", "ID");
        return (id, product);
    }

    /// <summary>The #preview quick-look: rendered on first request, then served from the cache.</summary>
    private static async Task<IResult> PreviewAsync(HttpContext context, ProductCatalog products, PreviewCache previews)
    {
        var cancellationToken = context.RequestAborted;
        var (id, product) = await FindProductAsync(context, products);
        PreviewFile preview;
        try
        {
            preview = await previews.GetAsync(product.PublisherDid, product.FilePath, product.Kind, cancellationToken);
        }
        catch (PreviewException e)
        {
            throw new DaliException(DaliErrorKind.NotFound, $"no preview can be made of {id}: {e.Message}", "ID", e);
        }

        return Results.File(preview.Path, preview.ContentType, enableRangeProcessing: false);
    }

    /// <summary>The headers of every HDU as 80-character lines (the header link of a links document).</summary>
    private static async Task HeaderAsync(HttpContext context, ProductCatalog products)
    {
        var cancellationToken = context.RequestAborted;
        var (id, product) = await FindProductAsync(context, products);
        if (product.FileContentType is null)
        {
            throw new DaliException(DaliErrorKind.NotFound, $"{id} is a HiPS, not a FITS file", "ID");
        }

        var hdus = await FitsReader.ReadHdusAsync(product.FilePath, cancellationToken);
        var text = new StringBuilder();
        foreach (var hdu in hdus)
        {
            text.Append("# HDU ").Append(hdu.Index).Append(hdu.ExtName is { } name ? " " + name : "").Append('\n');
            foreach (var card in hdu.Header.CardImages)
            {
                text.Append(card.TrimEnd()).Append('\n');
            }
        }

        await DaliHttp.WriteTextAsync(context, text.ToString());
    }
}

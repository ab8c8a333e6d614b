using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Web.Endpoints;

/// <summary>A service shown on the landing page.</summary>
public sealed record ServiceLink(string Name, string Path, string Description);

/// <summary>The HTML landing page at / and the DALI examples page of TAP (/tap/examples, XHTML+RDFa).</summary>
public static class PageEndpoints
{
    /// <summary>A real ObsCore query a client can run as is (DALI examples).</summary>
    public sealed record Example(string Id, string Name, string Query, string Description, params string[] Tables);

    public static IReadOnlyList<Example> Examples { get; } =
    [
        new("cone", "Cone search on positions",
            "SELECT TOP 100 obs_publisher_did, dataproduct_type, target_name, s_ra, s_dec, access_url\nFROM ivoa.obscore\nWHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 10.68, 41.27, 1.0))",
            "Data products whose central position is within one degree of (10.68, 41.27), the index on POINT(s_ra, s_dec) serves it.", "ivoa.obscore"),
        new("footprint", "Footprints overlapping a region",
            "SELECT obs_publisher_did, dataproduct_type, s_region\nFROM ivoa.obscore\nWHERE 1 = INTERSECTS(s_region, CIRCLE('ICRS', 150.0, 2.2, 0.5))",
            "Data products whose footprint (s_region) overlaps a circle of half a degree.", "ivoa.obscore"),
        new("band", "Spectral coverage (BAND filter)",
            "SELECT obs_publisher_did, dataproduct_type, em_min, em_max, em_res_power\nFROM ivoa.obscore\nWHERE em_min <= 6.6e-7 AND em_max >= 6.5e-7\nORDER BY em_res_power DESC",
            "Data products covering H-alpha (656 nm): em_min and em_max are vacuum wavelengths in metres.", "ivoa.obscore"),
        new("cubes", "Cubes by collection and calibration level",
            "SELECT obs_collection, dataproduct_type, calib_level, COUNT(*) AS n\nFROM ivoa.obscore\nGROUP BY obs_collection, dataproduct_type, calib_level\nORDER BY obs_collection",
            "How many products of each type and calibration level each collection holds.", "ivoa.obscore"),
        new("upload", "Crossmatch an uploaded target list",
            "SELECT t.*, o.obs_publisher_did, o.dataproduct_type, DISTANCE(POINT('ICRS', t.ra, t.dec), POINT('ICRS', o.s_ra, o.s_dec)) AS dist\nFROM TAP_UPLOAD.targets AS t\nJOIN ivoa.obscore AS o\n  ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', t.ra, t.dec, 0.5))",
            "Upload a VOTable with columns ra and dec (degrees) as table 'targets' (UPLOAD=targets,param:file) to find data near each target.",
            "ivoa.obscore"),
        new("tapschema", "Which tables and columns exist",
            "SELECT t.table_name AS tname, c.column_name, c.datatype, c.unit, c.ucd, c.column_index AS cidx\nFROM TAP_SCHEMA.tables AS t JOIN TAP_SCHEMA.columns AS c ON c.table_name = t.table_name\nORDER BY tname, cidx",
            "The service's own metadata, queryable like any table.", "TAP_SCHEMA.tables", "TAP_SCHEMA.columns"),
    ];

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app, IReadOnlyList<ServiceLink> services)
    {
        app.MapGet("/", (HttpContext c, TapService t) => Html(c, Landing(t, services), "text/html; charset=utf-8"));
        app.MapGet("/tap", (HttpContext c, TapService t) => Html(c, Landing(t, services), "text/html; charset=utf-8"));
        app.MapGet("/tap/examples", (HttpContext c) => Html(c, ExamplesPage(), "application/xhtml+xml; charset=utf-8"));
        return app;
    }

    private static Task Html(HttpContext context, string html, string contentType)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static string Landing(TapService tap, IReadOnlyList<ServiceLink> services)
    {
        var sb = new StringBuilder();
        sb.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"/><title>VoServices</title>
            <style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}code{background:#eee;padding:0 .2em}</style>
            </head><body>
            <h1>VoServices</h1>
            <p>IVOA Virtual Observatory services. Point TOPCAT, pyVO or any VO client at the URLs below.</p>
            <ul>

            """);
        foreach (var s in services)
        {
            var url = XmlText.Escape(tap.Urls.Of(s.Path));
            sb.Append(CultureInfo.InvariantCulture, $"<li><strong>{XmlText.Escape(s.Name)}</strong>: <a href=\"{url}\"><code>{url}</code></a> — {XmlText.Escape(s.Description)}</li>\n");
        }

        sb.Append("</ul>\n<p>TAP examples: <a href=\"").Append(XmlText.Escape(tap.Urls.Tap)).Append("/examples\">/tap/examples</a>.</p>\n</body></html>\n");
        return sb.ToString();
    }

    private static string ExamplesPage()
    {
        var sb = new StringBuilder();
        sb.Append("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head><meta charset="utf-8"/><title>TAP examples</title></head>
            <body vocab="http://www.ivoa.net/rdf/examples#">
            <h1>Example queries for this TAP service</h1>

            """);
        foreach (var e in Examples)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div typeof=\"example\" id=\"{e.Id}\" resource=\"#{e.Id}\">\n");
            sb.Append(CultureInfo.InvariantCulture, $"  <h2 property=\"name\">{XmlText.Escape(e.Name)}</h2>\n");
            sb.Append(CultureInfo.InvariantCulture, $"  <p>{XmlText.Escape(e.Description)}</p>\n");
            foreach (var table in e.Tables)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  <p>Table: <span property=\"table\">{XmlText.Escape(table)}</span></p>\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"  <pre property=\"query\">{XmlText.Escape(e.Query)}</pre>\n</div>\n");
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }
}

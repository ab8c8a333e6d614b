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
    /// <summary>
    /// A real query that returns rows on the demo collection (`./vo demo`) as written (DALI examples);
    /// the integration tests run every one through /tap/sync.
    /// </summary>
    public sealed record Example(string Id, string Name, string Query, string Description, params string[] Tables)
    {
        /// <summary>Request parameters besides LANG and QUERY, published as DALI 1.1 generic-parameter key/value pairs.</summary>
        public IReadOnlyList<(string Key, string Value)> Parameters { get; init; } = [];

        /// <summary>
        /// The multipart parts those parameters name (UPLOAD=table,param:part), shown on the page as
        /// <c>&lt;pre data-part="part"&gt;</c> so the example can be sent exactly as written.
        /// </summary>
        public IReadOnlyList<(string Part, string Content)> Parts { get; init; } = [];
    }

    /// <summary>Positions of demo targets (DemoCollection): the examples must find data there.</summary>
    private const string TargetsVotable = """
        <?xml version="1.0" encoding="UTF-8"?>
        <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
         <RESOURCE type="results">
          <TABLE name="targets">
           <FIELD name="name" datatype="char" arraysize="*" ucd="meta.id;src"/>
           <FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/>
           <FIELD name="dec" datatype="double" unit="deg" ucd="pos.eq.dec;meta.main"/>
           <DATA><TABLEDATA>
            <TR><TD>NGC 2403</TD><TD>114.2142</TD><TD>65.6026</TD></TR>
            <TR><TD>W3(OH)</TD><TD>36.7658</TD><TD>61.8739</TD></TR>
           </TABLEDATA></DATA>
          </TABLE>
         </RESOURCE>
        </VOTABLE>
        """;

    public static IReadOnlyList<Example> Examples { get; } =
    [
        new("cone", "Cone search on positions",
            "SELECT TOP 100 obs_publisher_did, dataproduct_type, target_name, s_ra, s_dec, access_url\nFROM ivoa.ObsCore\nWHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 114.2142, 65.6026, 1.0))",
            "Data products whose central position is within one degree of NGC 2403 (114.2142, 65.6026); the index on POINT(s_ra, s_dec) serves it.", "ivoa.ObsCore"),
        // A circle at RA 359.8 that only a footprint wrapping through RA = 0 (the WLM cube's) overlaps.
        new("footprint", "Footprints overlapping a region",
            "SELECT obs_publisher_did, dataproduct_type, target_name, s_region\nFROM ivoa.ObsCore\nWHERE 1 = INTERSECTS(s_region, CIRCLE('ICRS', 359.8, -15.46, 0.5))",
            "Data products whose footprint (s_region) overlaps a circle of half a degree at RA 359.8: the geometry is spherical, so the WLM cube, which straddles RA = 0, is found.", "ivoa.ObsCore"),
        new("band", "Spectral coverage (BAND filter)",
            "SELECT obs_publisher_did, dataproduct_type, em_min, em_max, em_res_power\nFROM ivoa.ObsCore\nWHERE em_min <= 6.6e-7 AND em_max >= 6.5e-7\nORDER BY em_res_power DESC",
            "Data products covering H-alpha (656 nm): em_min and em_max are vacuum wavelengths in metres.", "ivoa.ObsCore"),
        new("cubes", "Products by collection, type and calibration level",
            "SELECT obs_collection, dataproduct_type, calib_level, COUNT(*) AS n\nFROM ivoa.ObsCore\nGROUP BY obs_collection, dataproduct_type, calib_level\nORDER BY obs_collection",
            "How many products of each type and calibration level each collection holds.", "ivoa.ObsCore"),
        new("upload", "Crossmatch an uploaded target list",
            "SELECT t.name, t.ra, t.dec, o.obs_publisher_did, o.dataproduct_type, DISTANCE(POINT('ICRS', t.ra, t.dec), POINT('ICRS', o.s_ra, o.s_dec)) AS dist\nFROM TAP_UPLOAD.targets AS t\nJOIN ivoa.ObsCore AS o\n  ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', t.ra, t.dec, 0.5))",
            "Data within half a degree of each uploaded target. POST the query as multipart/form-data with UPLOAD=targets,param:targets " +
            "and a part named targets holding a VOTable with columns ra and dec in degrees, such as the one below " +
            "(curl -F LANG=ADQL -F QUERY=@query.adql -F UPLOAD=targets,param:targets -F targets=@targets.xml .../tap/sync).",
            "ivoa.ObsCore")
        {
            Parameters = [("UPLOAD", "targets,param:targets")],
            Parts = [("targets", TargetsVotable)],
        },
        new("tapschema", "Which tables and columns exist",
            "SELECT t.table_name AS tname, c.column_name, c.datatype, c.unit, c.ucd, c.column_index AS cidx\nFROM TAP_SCHEMA.tables AS t JOIN TAP_SCHEMA.columns AS c ON c.table_name = t.table_name\nORDER BY tname, cidx",
            "The service's own metadata, queryable like any table.", "tap_schema.tables", "tap_schema.columns"),
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

            sb.Append(CultureInfo.InvariantCulture, $"  <pre property=\"query\">{XmlText.Escape(e.Query)}</pre>\n");
            foreach (var (key, value) in e.Parameters)
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"  <p property=\"generic-parameter\" typeof=\"keyval\">Parameter <code property=\"key\">{XmlText.Escape(key)}</code> = <code property=\"value\">{XmlText.Escape(value)}</code></p>\n");
            }

            foreach (var (part, content) in e.Parts)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  <p>Part <code>{XmlText.Escape(part)}</code>:</p>\n  <pre data-part=\"{XmlText.Escape(part)}\">{XmlText.Escape(content)}</pre>\n");
            }

            sb.Append("</div>\n");
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }
}

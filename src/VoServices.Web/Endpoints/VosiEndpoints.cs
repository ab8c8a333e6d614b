using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using VoServices.Adql;
using VoServices.Adql.Metadata;
using VoServices.Dali;
using VoServices.Database;
using VoServices.Tap;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Web.Endpoints;

/// <summary>
/// VOSI for TAP: /capabilities (TAPRegExt; built from configuration only, no network calls),
/// /availability (probes the database), /tables (VOSI-tables 1.1 from TAP_SCHEMA, detail=min,
/// /tables/{name}).
/// </summary>
public static class VosiEndpoints
{
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static IEndpointRouteBuilder MapTapVosi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tap/capabilities", (HttpContext c, TapService t) => DaliHttp.WriteXmlAsync(c, Capabilities(t)));
        app.MapGet("/tap/availability", AvailabilityAsync);
        app.MapGet("/tap/tables", TablesAsync);
        app.MapGet("/tap/tables/{name}", TableAsync);
        return app;
    }

    public static string Capabilities(TapService tap)
    {
        ArgumentNullException.ThrowIfNull(tap);
        var o = tap.Options;
        var baseUrl = XmlText.Escape(tap.Urls.Tap);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:xsi="{Xsi}"
                xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                xmlns:tr="http://www.ivoa.net/xml/TAPRegExt/v1.0">
              <capability standardID="ivo://ivoa.net/std/TAP" xsi:type="tr:TableAccess">
                <interface xsi:type="vs:ParamHTTP" role="std" version="1.1">
                  <accessURL use="base">{baseUrl}</accessURL>
                </interface>
                <dataModel ivo-id="ivo://ivoa.net/std/ObsCore#core-1.1">ObsCore-1.1</dataModel>
                <language>
                  <name>ADQL</name>
                  <version ivo-id="ivo://ivoa.net/std/ADQL#v2.0">2.0</version>
                  <version ivo-id="ivo://ivoa.net/std/ADQL#v2.1">2.1</version>
                  <description>ADQL 2.1 (ADQL 2.0 queries are accepted too), translated to PostgreSQL with pgsphere</description>

            """);
        // What the translator accepts, from the one list it is checked against.
        foreach (var group in AdqlLanguage.Declared)
        {
            sb.Append(CultureInfo.InvariantCulture, $"        <languageFeatures type=\"{XmlText.Escape(group.Type)}\">\n");
            foreach (var f in group.Features)
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"          <feature><form>{XmlText.Escape(f.Form)}</form><description>{XmlText.Escape(f.Description)}</description></feature>\n");
            }

            sb.Append("        </languageFeatures>\n");
        }

        sb.Append("      </language>\n");
        foreach (var format in ResponseFormats.All)
        {
            sb.Append(format.TapRegExtId is { } id ? $"      <outputFormat ivo-id=\"{id}\">\n" : "      <outputFormat>\n");
            sb.Append(CultureInfo.InvariantCulture, $"        <mime>{XmlText.Escape(format.MimeType)}</mime>\n");
            foreach (var alias in format.Aliases.Where(a => !a.StartsWith("application/", StringComparison.Ordinal) && !a.StartsWith("text/", StringComparison.Ordinal)))
            {
                sb.Append(CultureInfo.InvariantCulture, $"        <alias>{XmlText.Escape(alias)}</alias>\n");
            }

            sb.Append("      </outputFormat>\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"""
                  <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-inline"/>
                  <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-http"/>
                  <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-https"/>
                  <retentionPeriod><default>{o.DefaultRetention}</default><hard>{o.HardRetention}</hard></retentionPeriod>
                  <executionDuration><default>{o.DefaultExecutionDuration}</default><hard>{o.HardExecutionDuration}</hard></executionDuration>
                  <outputLimit><default unit="row">{o.DefaultMaxrec}</default><hard unit="row">{o.HardMaxrec}</hard></outputLimit>
                  <uploadLimit><default unit="byte">{o.UploadMaxBytes}</default><hard unit="byte">{o.UploadMaxBytes}</hard></uploadLimit>
                </capability>
                {VosiCapabilities(baseUrl)}
                <capability standardID="ivo://ivoa.net/std/VOSI#tables-1.1">
                  <interface xsi:type="vs:ParamHTTP" version="1.1"><accessURL use="base">{baseUrl}/tables</accessURL></interface>
                </capability>
                <capability standardID="ivo://ivoa.net/std/DALI#examples">
                  <interface xsi:type="vr:WebBrowser"><accessURL use="full">{baseUrl}/examples</accessURL></interface>
                </capability>
                {HipsEndpoints.HipsListCapability(tap.Urls)}
              </vosi:capabilities>

            """);
        return sb.ToString();
    }

    private static Task AvailabilityAsync(HttpContext context, TapService tap, ServerStart start) =>
        WriteAvailabilityAsync(context, tap.DataSource, start.Utc, () => ResultsDiskProblem(tap.Options.ResultDirectory));

    /// <summary>Async results need room: below this the TAP service says it is unavailable instead of failing every job.</summary>
    public const long MinimumFreeResultBytes = 64L << 20;

    /// <summary>Why async results cannot be stored now, or null (the directory may not exist yet: its disk is that of the nearest parent).</summary>
    public static string? ResultsDiskProblem(string resultDirectory)
    {
        var existing = new DirectoryInfo(Path.GetFullPath(resultDirectory));
        while (existing is { Exists: false })
        {
            existing = existing.Parent;
        }

        if (existing is null)
        {
            return null;
        }

        var free = new DriveInfo(existing.FullName).AvailableFreeSpace;
        return free < MinimumFreeResultBytes ? $"the disk for async results has less than {MinimumFreeResultBytes >> 20} MB free" : null;
    }

    /// <summary>
    /// /capabilities and /availability for a DALI service at <paramref name="prefix"/> (e.g. /soda) whose
    /// standard resource is <paramref name="resource"/> (e.g. sync): the standard capability and VOSI's
    /// own, each with its standardID (pyVO needs one on every capability).
    /// </summary>
    public static IEndpointRouteBuilder MapServiceVosi(this IEndpointRouteBuilder app, string prefix, string resource,
        string standardId, string version, Func<HttpContext, string>? moreCapabilities = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(prefix + "/capabilities", (HttpContext c, PublicUrls urls) =>
            DaliHttp.WriteXmlAsync(c, ServiceCapabilities(urls.Of(prefix), resource, standardId, version, moreCapabilities?.Invoke(c) ?? "")));
        app.MapGet(prefix + "/availability", (HttpContext c, NpgsqlDataSource db, ServerStart start) => WriteAvailabilityAsync(c, db, start.Utc));
        return app;
    }

    public static string ServiceCapabilities(string baseUrl, string resource, string standardId, string version, string moreCapabilities = "")
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = XmlText.Escape(baseUrl.TrimEnd('/'));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:xsi="{Xsi}"
                xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
              <capability standardID="{XmlText.Escape(standardId)}">
                <interface xsi:type="vs:ParamHTTP" role="std" version="{XmlText.Escape(version)}">
                  <accessURL use="base">{root}/{XmlText.Escape(resource)}</accessURL>
                </interface>
              </capability>
              {moreCapabilities}
              {VosiCapabilities(root)}
            </vosi:capabilities>

            """;
    }

    /// <summary>The VOSI capabilities and availability capability elements of a service at <paramref name="escapedBaseUrl"/> (XML-escaped).</summary>
    public static string VosiCapabilities(string escapedBaseUrl) => $"""
        <capability standardID="ivo://ivoa.net/std/VOSI#capabilities">
          <interface xsi:type="vs:ParamHTTP"><accessURL use="full">{escapedBaseUrl}/capabilities</accessURL></interface>
        </capability>
        <capability standardID="ivo://ivoa.net/std/VOSI#availability">
          <interface xsi:type="vs:ParamHTTP"><accessURL use="full">{escapedBaseUrl}/availability</accessURL></interface>
        </capability>
        """;

    /// <summary>VOSI availability: up when the database answers within 5 s and <paramref name="problem"/> (another check) finds none.</summary>
    public static async Task WriteAvailabilityAsync(HttpContext context, NpgsqlDataSource dataSource, DateTime startedAt, Func<string?>? problem = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dataSource);
        bool available;
        string note;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
            await using var cmd = new NpgsqlCommand("SELECT 1", connection);
            await cmd.ExecuteScalarAsync(timeout.Token);
            var other = problem?.Invoke();
            available = other is null;
            note = other ?? "service is accepting queries";
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !context.RequestAborted.IsCancellationRequested)
        {
            available = false;
            note = "the database is not reachable";
        }

        await DaliHttp.WriteXmlAsync(context, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">
              <vosi:available>{(available ? "true" : "false")}</vosi:available>
              <vosi:upSince>{Uws.UwsXml.Time(startedAt)}</vosi:upSince>
              <vosi:note>{note}</vosi:note>
            </vosi:availability>

            """);
    }

    private static async Task TablesAsync(HttpContext context, TapService tap)
    {
        var (p, _) = await DaliHttp.ReadAsync(context.Request, context.RequestAborted);
        var detailMin = string.Equals(p.GetSingle("detail")?.Trim(), "min", StringComparison.OrdinalIgnoreCase);
        var meta = await tap.Metadata.GetAsync(context.RequestAborted);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:xsi="{Xsi}">

            """);
        foreach (var schema in meta.Schemas)
        {
            sb.Append("  <schema>\n");
            Element(sb, "    ", "name", schema.Name);
            Element(sb, "    ", "description", schema.Description);
            Element(sb, "    ", "utype", schema.Utype);
            foreach (var table in schema.Tables)
            {
                WriteTable(sb, "    ", "table", table, !detailMin);
            }

            sb.Append("  </schema>\n");
        }

        sb.Append("</vosi:tableset>\n");
        await DaliHttp.WriteXmlAsync(context, sb.ToString());
    }

    private static async Task TableAsync(HttpContext context, TapService tap, string name)
    {
        var meta = await tap.Metadata.GetAsync(context.RequestAborted);
        var table = meta.FindTable(name) ?? throw DaliException.NotFound($"there is no table '{DaliParameters.Shorten(name)}'; GET /tap/tables lists them");
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"<vosi:table xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\" xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\" xmlns:xsi=\"{Xsi}\" type=\"{XmlText.Escape(table.TableType)}\">\n");
        WriteTableContent(sb, "  ", table, true);
        sb.Append("</vosi:table>\n");
        await DaliHttp.WriteXmlAsync(context, sb.ToString());
    }

    private static void WriteTable(StringBuilder sb, string indent, string element, TapTableEntry table, bool detail)
    {
        sb.Append(CultureInfo.InvariantCulture, $"{indent}<{element} type=\"{XmlText.Escape(table.TableType)}\">\n");
        WriteTableContent(sb, indent + "  ", table, detail);
        sb.Append(CultureInfo.InvariantCulture, $"{indent}</{element}>\n");
    }

    private static void WriteTableContent(StringBuilder sb, string indent, TapTableEntry table, bool detail)
    {
        Element(sb, indent, "name", table.Name);
        Element(sb, indent, "description", table.Description);
        Element(sb, indent, "utype", table.Utype);
        if (!detail)
        {
            return;
        }

        foreach (var column in table.Columns)
        {
            WriteColumn(sb, indent, column);
        }

        foreach (var key in table.ForeignKeys)
        {
            sb.Append(indent).Append("<foreignKey>\n");
            Element(sb, indent + "  ", "targetTable", key.TargetTable);
            foreach (var (from, target) in key.Columns)
            {
                sb.Append(indent).Append("  <fkColumn>\n");
                Element(sb, indent + "    ", "fromColumn", from);
                Element(sb, indent + "    ", "targetColumn", target);
                sb.Append(indent).Append("  </fkColumn>\n");
            }

            Element(sb, indent + "  ", "description", key.Description);
            Element(sb, indent + "  ", "utype", key.Utype);
            sb.Append(indent).Append("</foreignKey>\n");
        }
    }

    private static void WriteColumn(StringBuilder sb, string indent, ColumnInfo column)
    {
        sb.Append(indent).Append("<column>\n");
        var inner = indent + "  ";
        Element(sb, inner, "name", column.Name);
        Element(sb, inner, "description", column.Description);
        Element(sb, inner, "unit", column.Unit);
        Element(sb, inner, "ucd", column.Ucd);
        Element(sb, inner, "utype", column.Utype);
        sb.Append(inner).Append("<dataType xsi:type=\"vs:VOTableType\"");
        if (column.Arraysize is { } arraysize)
        {
            sb.Append(CultureInfo.InvariantCulture, $" arraysize=\"{XmlText.Escape(arraysize)}\"");
        }

        if (column.Xtype is { } xtype)
        {
            sb.Append(CultureInfo.InvariantCulture, $" extendedType=\"{XmlText.Escape(xtype)}\"");
        }

        sb.Append('>').Append(XmlText.Escape(column.Datatype)).Append("</dataType>\n");
        if (column.Indexed)
        {
            Element(sb, inner, "flag", "indexed");
        }

        sb.Append(indent).Append("</column>\n");
    }

    private static void Element(StringBuilder sb, string indent, string name, string? value)
    {
        if (value is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{indent}<{name}>{XmlText.Escape(value)}</{name}>\n");
        }
    }
}

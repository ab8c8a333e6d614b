using System.Globalization;
using System.Xml.Linq;

namespace VoServices.Integration.Tests.Tap;

/// <summary>
/// A UWS 1.1 job document read as XML, by namespace-qualified names (the namespace is written out from
/// the standard, not taken from the service, so a wrong one fails the tests).
/// </summary>
public sealed class UwsJobDocument
{
    public static readonly XNamespace Uws = "http://www.ivoa.net/xml/UWS/v1.0";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    private UwsJobDocument(XElement root) => Root = root;

    public XElement Root { get; }

    public static UwsJobDocument Parse(string xml)
    {
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal(Uws + "job", root.Name);
        return new UwsJobDocument(root);
    }

    public string? Version => (string?)Root.Attribute("version");

    public string JobId => Required("jobId");

    public string Phase => Required("phase");

    public string? RunId => Optional("runId");

    public int ExecutionDuration => int.Parse(Required("executionDuration"), CultureInfo.InvariantCulture);

    public DateTime? StartTime => Time(Optional("startTime"));

    public DateTime? EndTime => Time(Optional("endTime"));

    public DateTime Destruction => Time(Required("destruction"))!.Value;

    /// <summary>The results' ids and hrefs, in document order.</summary>
    public IReadOnlyList<(string Id, string Href)> Results =>
        Root.Element(Uws + "results")!.Elements(Uws + "result")
            .Select(r => ((string)r.Attribute("id")!, (string)r.Attribute(XLink + "href")!)).ToList();

    /// <summary>The errorSummary, or null when the document has none.</summary>
    public (string Type, bool HasDetail, string Message)? Error =>
        Root.Element(Uws + "errorSummary") is { } e
            ? ((string)e.Attribute("type")!, (bool)e.Attribute("hasDetail")!, e.Element(Uws + "message")!.Value)
            : null;

    /// <summary>An element's text; null when it is absent or xsi:nil.</summary>
    private string? Optional(string name) =>
        Root.Element(Uws + name) is { } e && (bool?)e.Attribute(Xsi + "nil") != true ? e.Value : null;

    private string Required(string name) => Optional(name) ?? throw new Xunit.Sdk.XunitException($"the job document has no {name}:\n{Root}");

    private static DateTime? Time(string? text) =>
        text is null ? null : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}

/// <summary>A UWS 1.1 job list (uws:jobs) read as XML: the job references with their phases.</summary>
public sealed class UwsJobList
{
    private UwsJobList(XElement root) => Root = root;

    public XElement Root { get; }

    public static UwsJobList Parse(string xml)
    {
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal(UwsJobDocument.Uws + "jobs", root.Name);
        return new UwsJobList(root);
    }

    /// <summary>The listed job ids, in document order.</summary>
    public IReadOnlyList<string> JobIds => Root.Elements(UwsJobDocument.Uws + "jobref").Select(j => (string)j.Attribute("id")!).ToList();
}

using System.Globalization;
using System.Text;
using System.Xml;

namespace VoServices.Uws;

/// <summary>UWS 1.1 XML documents (namespace http://www.ivoa.net/xml/UWS/v1.0, version="1.1").</summary>
public static class UwsXml
{
    public const string Namespace = "http://www.ivoa.net/xml/UWS/v1.0";
    private const string XLink = "http://www.w3.org/1999/xlink";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>UWS/DALI timestamps: ISO 8601 UTC with milliseconds and Z.</summary>
    public static string Time(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string JobList(IEnumerable<UwsJob> jobs, string jobListUrl)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return Write(w =>
        {
            w.WriteStartElement("uws", "jobs", Namespace);
            Namespaces(w);
            w.WriteAttributeString("version", "1.1");
            foreach (var job in jobs)
            {
                w.WriteStartElement("uws", "jobref", Namespace);
                w.WriteAttributeString("id", job.JobId);
                w.WriteAttributeString("xlink", "href", XLink, jobListUrl + "/" + job.JobId);
                w.WriteElementString("uws", "phase", Namespace, job.Phase);
                if (job.RunId is not null)
                {
                    w.WriteElementString("uws", "runId", Namespace, Clean(job.RunId));
                }

                if (job.OwnerId is not null)
                {
                    w.WriteElementString("uws", "ownerId", Namespace, Clean(job.OwnerId));
                }

                w.WriteElementString("uws", "creationTime", Namespace, Time(job.CreationTime));
                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
    }

    public static string Job(UwsJob job, string jobUrl, IReadOnlyList<(string Id, string Href, string? Mime, long? Size)> results)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(results);
        return Write(w =>
        {
            w.WriteStartElement("uws", "job", Namespace);
            Namespaces(w);
            w.WriteAttributeString("version", "1.1");
            w.WriteElementString("uws", "jobId", Namespace, job.JobId);
            Optional(w, "runId", job.RunId);
            Optional(w, "ownerId", job.OwnerId, nillable: true);
            w.WriteElementString("uws", "phase", Namespace, job.Phase);
            Optional(w, "quote", null, nillable: true);
            w.WriteElementString("uws", "creationTime", Namespace, Time(job.CreationTime));
            Optional(w, "startTime", job.StartTime is { } s ? Time(s) : null, nillable: true);
            Optional(w, "endTime", job.EndTime is { } e ? Time(e) : null, nillable: true);
            w.WriteElementString("uws", "executionDuration", Namespace, job.ExecutionDuration.ToString(CultureInfo.InvariantCulture));
            w.WriteElementString("uws", "destruction", Namespace, Time(job.Destruction));
            WriteParameters(w, job);
            WriteResults(w, results);
            if ((job.Phase == UwsPhase.Error || job.Phase == UwsPhase.Aborted) && job.ErrorMessage is not null)
            {
                w.WriteStartElement("uws", "errorSummary", Namespace);
                w.WriteAttributeString("type", job.ErrorType ?? "fatal");
                w.WriteAttributeString("hasDetail", "true");
                w.WriteElementString("uws", "message", Namespace, Clean(job.ErrorMessage));
                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
    }

    public static string Parameters(UwsJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Write(w =>
        {
            WriteParameters(w, job, root: true);
        });
    }

    public static string Results(IReadOnlyList<(string Id, string Href, string? Mime, long? Size)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Write(w => WriteResults(w, results, root: true));
    }

    private static void WriteParameters(XmlWriter w, UwsJob job, bool root = false)
    {
        w.WriteStartElement("uws", "parameters", Namespace);
        if (root)
        {
            Namespaces(w);
        }

        foreach (var p in job.Parameters)
        {
            w.WriteStartElement("uws", "parameter", Namespace);
            w.WriteAttributeString("id", Clean(p.Name));
            if (p.ByReference)
            {
                w.WriteAttributeString("byReference", "true");
            }

            w.WriteString(Clean(p.Value));
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteResults(XmlWriter w, IReadOnlyList<(string Id, string Href, string? Mime, long? Size)> results, bool root = false)
    {
        w.WriteStartElement("uws", "results", Namespace);
        if (root)
        {
            Namespaces(w);
        }

        foreach (var (id, href, mime, size) in results)
        {
            w.WriteStartElement("uws", "result", Namespace);
            w.WriteAttributeString("id", id);
            w.WriteAttributeString("xlink", "type", XLink, "simple");
            w.WriteAttributeString("xlink", "href", XLink, href);
            if (size is not null)
            {
                w.WriteAttributeString("size", size.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (mime is not null)
            {
                w.WriteAttributeString("mime-type", mime);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void Optional(XmlWriter w, string name, string? value, bool nillable = false)
    {
        if (value is not null)
        {
            w.WriteElementString("uws", name, Namespace, Clean(value));
        }
        else if (nillable)
        {
            w.WriteStartElement("uws", name, Namespace);
            w.WriteAttributeString("xsi", "nil", Xsi, "true");
            w.WriteEndElement();
        }
    }

    private static void Namespaces(XmlWriter w)
    {
        w.WriteAttributeString("xmlns", "xlink", null, XLink);
        w.WriteAttributeString("xmlns", "xsi", null, Xsi);
    }

    private static string Clean(string text) => Dali.Votable.XmlText.Sanitize(text);

    private static string Write(Action<XmlWriter> body)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8, OmitXmlDeclaration = true }))
        {
            body(w);
        }

        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + sb + "\n";
    }
}

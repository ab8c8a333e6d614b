using System.Globalization;
using System.Text;

namespace VoServices.Products;

/// <summary>
/// One record of a HiPS list (HiPS 1.0 §4.5, "HiPS list"): the survey's `properties` as they are, plus where this
/// node serves it (hips_service_url) and the two keywords a list record must have even when the survey's own
/// properties lack them. Records are separated by one blank line.
/// </summary>
public static class HipsList
{
    public const string ContentType = "text/plain; charset=utf-8";

    /// <param name="properties">The lines of the survey's properties file.</param>
    /// <param name="serviceUrl">Its base URL on this node.</param>
    /// <param name="modified">When it was published: hips_release_date when the properties do not say.</param>
    public static string Record(IEnumerable<string> properties, string serviceUrl, DateTime modified)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var text = new StringBuilder();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in HipsProperties.Parse(properties))
        {
            // The survey's own hips_service_url (a mirror's source, or none) is not where this node serves it.
            if (key != "hips_service_url" && keys.Add(key))
            {
                text.Append(CultureInfo.InvariantCulture, $"{key,-20} = {value}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"{"hips_service_url",-20} = {serviceUrl}\n");
        if (!keys.Contains("hips_status"))
        {
            text.Append(CultureInfo.InvariantCulture, $"{"hips_status",-20} = public master unclonable\n");
        }

        if (!keys.Contains("hips_release_date"))
        {
            text.Append(CultureInfo.InvariantCulture, $"{"hips_release_date",-20} = {modified.ToUniversalTime():yyyy-MM-dd'T'HH:mm'Z'}\n");
        }

        return text.ToString();
    }
}

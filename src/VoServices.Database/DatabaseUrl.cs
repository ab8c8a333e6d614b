using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace VoServices.Database;

/// <summary>
/// The database location as operators write it: a libpq URI (postgresql://user:password@host:port/dbname?sslmode=...),
/// which psql takes as is, turned into an Npgsql connection string.
/// </summary>
public static partial class DatabaseUrl
{
    /// <exception cref="FormatException">Not a URI this understands; the message never shows the password.</exception>
    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres") || uri.Host.Length == 0)
        {
            throw new FormatException($"'{WithoutPassword(url)}' is not a postgresql:// URI such as postgresql://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (kv[0])
            {
                case "sslmode": builder.SslMode = ParseSslMode(value); break;
                case "application_name": builder.ApplicationName = value; break;
                case "connect_timeout" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds):
                    builder.Timeout = seconds;
                    break;
                case "connect_timeout": throw new FormatException($"connect_timeout '{value}' is not a number of seconds");
                default: throw new FormatException($"unsupported parameter '{kv[0]}' in the database URI (known: sslmode, application_name, connect_timeout)");
            }
        }

        return builder.ConnectionString;
    }

    private static SslMode ParseSslMode(string value) =>
        // libpq's spellings (verify-full); Enum.TryParse alone would also take numbers.
        !value.Any(char.IsAsciiDigit) && Enum.TryParse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode)
            ? mode
            : throw new FormatException($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full");

    /// <summary>The URI for messages: a password, up to the last '@', becomes ***.</summary>
    private static string WithoutPassword(string url) => Password().Replace(url, "$1:***@");

    [GeneratedRegex("^([^:/?#]+://[^:@/?#]*):.*@")]
    private static partial Regex Password();

    /// <summary>The same URI with another database name (tests create one database per run).</summary>
    public static string WithDatabase(string url, string database)
    {
        var uri = new UriBuilder(url) { Path = "/" + Uri.EscapeDataString(database) };
        return uri.Uri.ToString();
    }
}

using Npgsql;

namespace VoServices.Database;

/// <summary>
/// The database location as operators write it: a libpq URI (postgresql://user:password@host:port/dbname?sslmode=...),
/// which psql takes as is, turned into an Npgsql connection string.
/// </summary>
public static class DatabaseUrl
{
    /// <summary>The environment variable `./vo` sets (from vo.conf or the private cluster's port).</summary>
    public const string EnvironmentVariable = "VO_DATABASE_URL";

    public static string FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } url
            ? ToConnectionString(url)
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: run through ./vo, or set it to a URI like postgresql://vo@127.0.0.1:54329/voservices");

    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw new FormatException($"'{url}' is not a postgresql:// URI");
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
                case "sslmode": builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true); break;
                case "application_name": builder.ApplicationName = value; break;
                case "connect_timeout": builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new FormatException($"unsupported parameter '{kv[0]}' in the database URI");
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>The same URI with another database name (tests create one database per run).</summary>
    public static string WithDatabase(string url, string database)
    {
        var uri = new UriBuilder(url) { Path = "/" + Uri.EscapeDataString(database) };
        return uri.Uri.ToString();
    }
}

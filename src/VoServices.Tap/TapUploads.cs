using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using VoServices.Adql.Metadata;
using VoServices.Dali;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

using VoServices.Database;
using VoServices.Uws;

namespace VoServices.Tap;

/// <summary>Where inline upload parts (<c>param:NAME</c>) come from: the request's multipart files or a job's stored copies.</summary>
public interface IUploadParts
{
    /// <summary>The part's content, or null when the request has no such part.</summary>
    Stream? Open(string partName);
}

/// <summary>No inline parts (GET requests, url-encoded forms).</summary>
public sealed class NoUploadParts : IUploadParts
{
    public static NoUploadParts Instance { get; } = new();

    public Stream? Open(string partName) => null;
}

/// <summary>Inline parts stored as files named after the part (async jobs keep their uploads this way).</summary>
public sealed class DirectoryUploadParts(string directory) : IUploadParts
{
    public Stream? Open(string partName) => UwsUploads.Open(directory, partName);
}

/// <summary>
/// Loads UPLOAD tables into temporary tables of the query's transaction (dropped at its end) and
/// describes them as <c>TAP_UPLOAD.name</c> for the ADQL catalog. Columns are typed from the
/// VOTable FIELDs; DALI point/circle/polygon become pgsphere values so they work in CONTAINS etc.,
/// timestamps become timestamp. Column names in the database are c1..cn; ADQL sees the FIELD names.
/// </summary>
public sealed class TapUploads(TapOptions options, HttpClient? httpClient, IReadOnlyCollection<string>? allowedUrlHosts = null)
{
    private readonly IReadOnlyCollection<string> allowedUrlHosts = allowedUrlHosts ?? [];

    public sealed record LoadedTable(TableInfo Info);

    public async Task<IReadOnlyList<LoadedTable>> LoadAsync(NpgsqlConnection connection, IReadOnlyList<UploadReference> uploads,
        IUploadParts parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(uploads);
        ArgumentNullException.ThrowIfNull(parts);
        var loaded = new List<LoadedTable>();
        foreach (var upload in uploads)
        {
            await using var content = await OpenAsync(upload, parts, cancellationToken);
            loaded.Add(await LoadOneAsync(connection, upload, content, cancellationToken));
        }

        return loaded;
    }

    private async Task<Stream> OpenAsync(UploadReference upload, IUploadParts parts, CancellationToken cancellationToken)
    {
        if (upload.Uri.StartsWith("param:", StringComparison.OrdinalIgnoreCase))
        {
            var part = upload.Uri["param:".Length..];
            var stream = parts.Open(part) ?? throw DaliException.BadParameter("UPLOAD",
                $"table '{upload.Name}' refers to param:{part}, but the request has no multipart file part named '{part}'");
            if (stream.CanSeek && stream.Length > options.UploadMaxBytes)
            {
                await stream.DisposeAsync();
                throw TooLarge(upload);
            }

            return stream;
        }

        if (httpClient is null)
        {
            throw DaliException.BadParameter("UPLOAD", "uploads by URL are disabled on this service; use an inline upload (param:)");
        }

        // One text for every failure (refused, unresolvable, closed port, timeout, HTTP error): a
        // text that differs by cause would let a user map hosts and ports the server can reach.
        var fetchFailed = DaliException.BadParameter("UPLOAD", $"{upload.Name}: the URL could not be fetched");
        if (!Uri.TryCreate(upload.Uri, UriKind.Absolute, out var uri) || !UploadUrlClient.IsAllowed(uri, this.allowedUrlHosts))
        {
            throw fetchFailed;
        }

        var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"tap-upload-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            using var response = await httpClient.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw fetchFailed;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += n;
                if (total > options.UploadMaxBytes)
                {
                    throw TooLarge(upload);
                }

                await spool.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            }

            spool.Position = 0;
            return spool;
        }
        catch (HttpRequestException)
        {
            await spool.DisposeAsync();
            throw fetchFailed;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's timeout; a slow or filtered port must look like any other failure.
            await spool.DisposeAsync();
            throw fetchFailed;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    private DaliException TooLarge(UploadReference upload) => new(DaliErrorKind.TooLarge,
        $"UPLOAD: table '{upload.Name}' is larger than the limit of {options.UploadMaxBytes} bytes", "UPLOAD");

    private async Task<LoadedTable> LoadOneAsync(NpgsqlConnection connection, UploadReference upload, Stream content, CancellationToken cancellationToken)
    {
        VotableTableReader reader;
        try
        {
            reader = VotableTableReader.Open(content);
        }
        catch (VotableFormatException e)
        {
            throw DaliException.BadParameter("UPLOAD", $"table '{upload.Name}' is not a usable VOTable: {e.Message}");
        }

        using (reader)
        {
            var fields = reader.Fields;
            if (fields.Count > options.UploadMaxColumns)
            {
                throw new DaliException(DaliErrorKind.TooLarge,
                    $"UPLOAD: table '{upload.Name}' has {fields.Count} columns; at most {options.UploadMaxColumns} may be uploaded", "UPLOAD");
            }

            var sqlTable = "tap_upload_" + upload.Name.ToLowerInvariant();
            var columns = fields.Select((f, i) => new UploadColumn(f, "c" + (i + 1).ToString(CultureInfo.InvariantCulture))).ToList();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in columns)
            {
                if (!seen.Add(c.Field.Name))
                {
                    throw DaliException.BadParameter("UPLOAD", $"table '{upload.Name}' has two columns named '{c.Field.Name}'");
                }
            }

            var create = $"CREATE TEMP TABLE {sqlTable} ({string.Join(", ", columns.Select(c => c.SqlName + " " + c.StagingType))}) ON COMMIT DROP";
            await using (var cmd = new NpgsqlCommand(create, connection))
            {
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            long rows = 0;
            await using (var importer = await connection.BeginBinaryImportAsync(
                $"COPY {sqlTable} ({string.Join(", ", columns.Select(c => c.SqlName))}) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                try
                {
                    foreach (var row in reader.ReadRows())
                    {
                        if (rows == options.UploadMaxRows)
                        {
                            throw new DaliException(DaliErrorKind.TooLarge,
                                $"UPLOAD: table '{upload.Name}' has more than {options.UploadMaxRows} rows", "UPLOAD");
                        }

                        await importer.StartRowAsync(cancellationToken);
                        for (var i = 0; i < columns.Count; i++)
                        {
                            await columns[i].WriteAsync(importer, row[i], cancellationToken);
                        }

                        rows++; // after the row, so that an error in it names it as rows + 1
                    }
                }
                catch (VotableFormatException e)
                {
                    throw DaliException.BadParameter("UPLOAD", $"table '{upload.Name}', row {rows + 1}: {e.Message}");
                }

                await importer.CompleteAsync(cancellationToken);
            }

            foreach (var c in columns.Where(c => c.Conversion is not null))
            {
                await using var alter = new NpgsqlCommand(
                    $"ALTER TABLE {sqlTable} ALTER COLUMN {c.SqlName} TYPE {c.FinalType} USING {string.Format(CultureInfo.InvariantCulture, c.Conversion!, c.SqlName)}",
                    connection);
                await alter.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var grant = new NpgsqlCommand($"GRANT SELECT ON {sqlTable} TO vo_reader", connection))
            {
                await grant.ExecuteNonQueryAsync(cancellationToken);
            }

            var info = new TableInfo("TAP_UPLOAD." + upload.Name, columns.Select(c => c.ToColumnInfo()).ToList())
            {
                SqlSchema = "pg_temp",
                SqlTable = sqlTable,
                Description = "Uploaded table " + upload.Name,
            };
            return new LoadedTable(info);
        }
    }

    /// <summary>The vertex cap of uploaded polygons, as of ADQL's (pgsphere's cost grows with the vertices).</summary>
    public const int MaxUploadPolygonVertices = 1000;

    /// <summary>How one uploaded column is staged (COPY) and converted.</summary>
    private sealed class UploadColumn
    {
        public UploadColumn(VotableField field, string sqlName)
        {
            Field = field;
            SqlName = sqlName;
            var xtype = field.Xtype?.ToLowerInvariant();
            (StagingType, DbType) = field.Kind switch
            {
                CellKind.Boolean => ("boolean", NpgsqlDbType.Boolean),
                CellKind.Integer => field.Datatype switch
                {
                    "long" => ("bigint", NpgsqlDbType.Bigint),
                    "int" => ("integer", NpgsqlDbType.Integer),
                    _ => ("smallint", NpgsqlDbType.Smallint),
                },
                CellKind.Real => field.Datatype == "float" ? ("real", NpgsqlDbType.Real) : ("double precision", NpgsqlDbType.Double),
                CellKind.Text => ("text", NpgsqlDbType.Text),
                _ => ("double precision[]", NpgsqlDbType.Array | NpgsqlDbType.Double),
            };
            (FinalType, Conversion) = (xtype, field.Kind) switch
            {
                ("point", CellKind.NumericArray) => ("spoint", "vo.tap_upload_spoint({0})"),
                ("circle", CellKind.NumericArray) => ("scircle", "vo.tap_upload_scircle({0})"),
                ("polygon", CellKind.NumericArray) => ("spoly", "vo.tap_upload_spoly({0})"),
                ("timestamp", CellKind.Text) => ("timestamp", "NULLIF(trim({0}), '')::timestamp"),
                _ => (StagingType, (string?)null),
            };
        }

        public VotableField Field { get; }

        public string SqlName { get; }

        public string StagingType { get; }

        public NpgsqlDbType DbType { get; }

        public string FinalType { get; }

        public string? Conversion { get; }

        public async Task WriteAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken cancellationToken)
        {
            if (value is null)
            {
                await importer.WriteNullAsync(cancellationToken);
                return;
            }

            object converted = DbType switch
            {
                NpgsqlDbType.Boolean => (bool)value,
                NpgsqlDbType.Bigint => (long)value,
                NpgsqlDbType.Integer => (long)value is >= int.MinValue and <= int.MaxValue ? (int)(long)value : throw OutOfRange(value),
                NpgsqlDbType.Smallint => (long)value is >= short.MinValue and <= short.MaxValue ? (short)(long)value : throw OutOfRange(value),
                NpgsqlDbType.Real => (float)(double)value,
                NpgsqlDbType.Double => (double)value,
                NpgsqlDbType.Text => ((string)value).Replace("\0", "", StringComparison.Ordinal),
                _ => value is double[] a ? a : new[] { Convert.ToDouble(value, CultureInfo.InvariantCulture) },
            };
            if (Conversion is not null && converted is double[] geometry && geometry.Any(x => !double.IsFinite(x)))
            {
                await importer.WriteNullAsync(cancellationToken); // NaN coordinates (a VOTable null) make no geometry
                return;
            }

            CheckGeometry(converted);
            await importer.WriteAsync(converted, DbType, cancellationToken);
        }

        private VotableFormatException OutOfRange(object value) =>
            new($"column '{Field.Name}': {value} does not fit its datatype {Field.Datatype}");

        /// <summary>DALI geometry values pgsphere can hold (it fails on others with an error that is no user's business).</summary>
        private void CheckGeometry(object value)
        {
            if (Conversion is null || value is not double[] a)
            {
                return;
            }

            var problem = FinalType switch
            {
                "spoint" when a.Length != 2 => "a point is 'ra dec'",
                "scircle" when a.Length != 3 => "a circle is 'ra dec radius'",
                "scircle" when !(a[2] >= 0 && a[2] <= 90) => "the radius of a circle must be from 0 to 90 degrees",
                "spoly" when a.Length < 6 || a.Length % 2 != 0 => "a polygon is at least 3 vertices 'ra1 dec1 ra2 dec2 ra3 dec3 ...'",
                "spoly" when a.Length / 2 > MaxUploadPolygonVertices => $"a polygon may have at most {MaxUploadPolygonVertices} vertices",
                _ => null,
            };
            if (problem is not null)
            {
                throw new VotableFormatException($"column '{Field.Name}': {problem}");
            }
        }

        public ColumnInfo ToColumnInfo()
        {
            var regular = System.Text.RegularExpressions.Regex.IsMatch(Field.Name, "^[A-Za-z][A-Za-z0-9_]*$");
            var (datatype, arraysize, xtype) = (Field.Xtype?.ToLowerInvariant(), Field.Kind) switch
            {
                ("point", CellKind.NumericArray) => ("double", "2", "point"),
                ("circle", CellKind.NumericArray) => ("double", "3", "circle"),
                ("polygon", CellKind.NumericArray) => ("double", "*", "polygon"),
                ("timestamp", CellKind.Text) => ("char", "*", "timestamp"),
                _ => (Field.Datatype, Field.Kind == CellKind.Text ? Field.Arraysize ?? "*" : Field.Kind == CellKind.NumericArray ? "*" : null, Field.Xtype),
            };
            return new ColumnInfo(regular ? Field.Name : "\"" + Field.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", datatype)
            {
                Arraysize = arraysize,
                Xtype = xtype,
                Unit = Field.Unit,
                Ucd = Field.Ucd,
                Utype = Field.Utype,
                Description = Field.Description,
                SqlName = SqlName,
            };
        }
    }
}

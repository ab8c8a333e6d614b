using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoServices.Adql.Metadata;

/// <summary>
/// Table metadata from a JSON file, for `vo adql --schema FILE` and for tests. The format mirrors
/// TAP_SCHEMA (property names are case-insensitive; everything but names and datatypes is optional):
/// <code>
/// { "tables": [ { "name": "ivoa.obscore", "description": "...",
///     "columns": [ { "name": "s_ra", "datatype": "double", "unit": "deg", "ucd": "pos.eq.ra;meta.main" },
///                  { "name": "s_region", "datatype": "char", "arraysize": "*", "xtype": "adql:region" } ] } ] }
/// </code>
/// Optional <c>sqlSchema</c>/<c>sqlTable</c> (tables) and <c>sqlName</c> (columns) name the database objects
/// when they differ from the folded ADQL names.
/// </summary>
public static class SchemaJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads a catalog; throws <see cref="FormatException"/> naming what is missing.</summary>
    public static SchemaCatalog Parse(string json)
    {
        SchemaDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<SchemaDocument>(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"schema file is not valid JSON: {e.Message}", e);
        }

        if (document?.Tables is null)
        {
            throw new FormatException("schema file needs a top-level \"tables\" array");
        }

        return new SchemaCatalog(document.Tables.Select((t, i) => ToTable(t, i)));
    }

    private static TableInfo ToTable(TableDocument t, int index)
    {
        if (string.IsNullOrWhiteSpace(t.Name))
        {
            throw new FormatException($"table #{index + 1} has no \"name\"");
        }

        var columns = (t.Columns ?? []).Select((c, i) =>
        {
            if (string.IsNullOrWhiteSpace(c.Name) || string.IsNullOrWhiteSpace(c.Datatype))
            {
                throw new FormatException($"column #{i + 1} of table {t.Name} needs \"name\" and \"datatype\"");
            }

            return new ColumnInfo(c.Name, c.Datatype)
            {
                Arraysize = c.Arraysize,
                Xtype = c.Xtype,
                Unit = c.Unit,
                Ucd = c.Ucd,
                Utype = c.Utype,
                Description = c.Description,
                Principal = c.Principal,
                Indexed = c.Indexed,
                Std = c.Std,
                SqlName = c.SqlName!,
            };
        }).ToList();
        return new TableInfo(t.Name, columns)
        {
            Description = t.Description,
            Utype = t.Utype,
            SqlSchema = t.SqlSchema,
            SqlTable = t.SqlTable!,
        };
    }

    private sealed class SchemaDocument
    {
        public List<TableDocument>? Tables { get; set; }
    }

    private sealed class TableDocument
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Utype { get; set; }
        public string? SqlSchema { get; set; }
        public string? SqlTable { get; set; }
        public List<ColumnDocument>? Columns { get; set; }
    }

    private sealed class ColumnDocument
    {
        public string? Name { get; set; }
        public string? Datatype { get; set; }
        [JsonConverter(typeof(ArraysizeConverter))]
        public string? Arraysize { get; set; }
        public string? Xtype { get; set; }
        public string? Unit { get; set; }
        public string? Ucd { get; set; }
        public string? Utype { get; set; }
        public string? Description { get; set; }
        public bool Principal { get; set; }
        public bool Indexed { get; set; }
        public bool Std { get; set; }
        public string? SqlName { get; set; }
    }

    /// <summary>Lets arraysize be written as a number (2) or a string ("*").</summary>
    private sealed class ArraysizeConverter : JsonConverter<string?>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                JsonTokenType.Null => null,
                _ => reader.GetString(),
            };

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }
}

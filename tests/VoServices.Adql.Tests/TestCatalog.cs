using VoServices.Adql.Metadata;

namespace VoServices.Adql.Tests;

/// <summary>
/// Table metadata the tests check against (Corpus/catalog.json): ObsCore as published, TAP_SCHEMA, and
/// two small catalogue tables for joins. The integration tests create the same tables in PostgreSQL.
/// </summary>
internal static class TestCatalog
{
    public static SchemaCatalog Instance { get; } = SchemaJson.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "catalog.json")));
}

using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.SodaBulk;

/// <summary>What happened to one target × product pair.</summary>
public static class BulkStatus
{
    public const string Ok = "OK";

    /// <summary>The product was found but its pixels miss the target's region, band or states (SODA's 204).</summary>
    public const string NoOverlap = "no-overlap";

    /// <summary>No product of the constraints covers the target.</summary>
    public const string NoCoverage = "no-coverage";

    public const string Error = "error";
}

/// <summary>One manifest row: a target, a product (null when none covers it), the outcome and, when OK, the cutout.</summary>
public sealed record BulkManifestRow(int Target, string? TargetId, double? Ra, double? Dec, string? PublisherDid, string Status, string? Message,
    int? Cutout, string? Url, string? File, long? Bytes, string? PixelRanges);

/// <summary>The manifest VOTable of a bulk job, streamed row by row (first result of the job, and first member of its archive).</summary>
public static class BulkManifest
{
    public static IReadOnlyList<VotableField> Fields { get; } =
    [
        new("target", "int") { Ucd = "meta.id;meta.number", Description = "Row of the target list (or number of the ID × region × BAND combination), 1-based" },
        new("target_id", "char") { Arraysize = "*", Ucd = "meta.id", Description = "The target's id column, if given" },
        new("ra", "double") { Unit = "deg", Ucd = "pos.eq.ra;meta.main", Description = "Target centre (ICRS)" },
        new("dec", "double") { Unit = "deg", Ucd = "pos.eq.dec;meta.main", Description = "Target centre (ICRS)" },
        new("obs_publisher_did", "char") { Arraysize = "*", Ucd = "meta.ref.ivoid", Description = "The product cut (empty when none covers the target)" },
        new("status", "char") { Arraysize = "*", Ucd = "meta.code.status", Description = "OK, no-overlap (the product's pixels miss the filters), no-coverage (no product covers the target), error" },
        new("message", "char") { Arraysize = "*", Ucd = "meta.note", Description = "Why there is no cutout" },
        new("cutout", "int") { Ucd = "meta.id", Description = "Number of the cutout: result cutout-N of the job" },
        new("access_url", "char") { Arraysize = "*", Ucd = "meta.ref.url", Description = "The cutout (a result of the job)" },
        new("file", "char") { Arraysize = "*", Ucd = "meta.id;meta.file", Description = "The cutout's name in the job's archive" },
        new("content_length", "long") { Unit = "byte", Ucd = "phys.size;meta.file", Description = "Size of the cutout" },
        new("pixel_ranges", "char") { Arraysize = "*", Ucd = "meta.note", Description = "Pixels kept of the product's data HDU, 1-based inclusive, per axis" },
    ];

    public static TableDescription Describe() => new(Fields) { Name = "manifest", Description = "Bulk cutouts: one row per target and product" };

    public static void Fill(RowBuffer buffer, BulkManifestRow row)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(row);
        buffer.SetLong(0, row.Target);
        buffer.SetString(1, row.TargetId);
        Number(buffer, 2, row.Ra);
        Number(buffer, 3, row.Dec);
        buffer.SetString(4, row.PublisherDid);
        buffer.SetString(5, row.Status);
        buffer.SetString(6, row.Message);
        Integer(buffer, 7, row.Cutout);
        buffer.SetString(8, row.Url);
        buffer.SetString(9, row.File);
        Integer(buffer, 10, row.Bytes);
        buffer.SetString(11, row.PixelRanges);
    }

    private static void Number(RowBuffer buffer, int column, double? value)
    {
        if (value is { } v)
        {
            buffer.SetDouble(column, v);
        }
        else
        {
            buffer.SetNull(column);
        }
    }

    private static void Integer(RowBuffer buffer, int column, long? value)
    {
        if (value is { } v)
        {
            buffer.SetLong(column, v);
        }
        else
        {
            buffer.SetNull(column);
        }
    }
}

using VoServices.Fits;

namespace VoServices.Core.Tests.Hips;

/// <summary>Small HEALPix map tables written with the project's own FITS writer, and tiles read back.</summary>
internal static class HipsTestMaps
{
    /// <summary>A partial (explicit) NESTED map: columns PIXEL, VALUE and, with <paramref name="weights"/>, IVAR.</summary>
    public static string WritePartial(string path, long nside, long[] pixels, double[] values, double[]? weights)
    {
        List<FitsTableColumn> columns = [FitsTableColumn.Int64("PIXEL", pixels), FitsTableColumn.Float64("VALUE", values)];
        if (weights is not null)
        {
            columns.Add(FitsTableColumn.Float64("IVAR", weights));
        }

        WriteTable(path, columns, ("PIXTYPE", "HEALPIX"), ("ORDERING", "NESTED"), ("INDXSCHM", "EXPLICIT"), ("OBJECT", "PARTIAL"), ("NSIDE", nside));
        return path;
    }

    public static void WriteTable(string path, IReadOnlyList<FitsTableColumn> columns, params (string Key, object Value)[] keywords)
    {
        var header = new FitsHeaderBuilder();
        foreach (var (key, value) in keywords)
        {
            _ = value is long l ? header.Set(key, l) : header.Set(key, (string)value);
        }

        using var writer = new FitsWriter(File.Create(path));
        writer.WriteEmptyPrimary();
        writer.WriteBinTable(columns, header);
    }

    public static float[] ReadTile(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        var hdu = FitsReader.ReadHdus(path)[0];
        Assert.Equal(-32, hdu.Bitpix);
        using var image = FitsImage.Open(path, hdu);
        return image.ReadAllSingle();
    }

    /// <summary>Every file below <paramref name="root"/>, relative to it, in ordinal order.</summary>
    public static List<string> Files(string root) =>
        [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
}

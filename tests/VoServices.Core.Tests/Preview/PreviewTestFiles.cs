using VoServices.Fits;

namespace VoServices.Core.Tests.Preview;

/// <summary>A temporary directory for one test's files, removed afterwards.</summary>
internal sealed class PreviewTestFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("vo-preview-").FullName;

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>A one-HDU FITS image with the given cards.</summary>
    public string WriteImage<T>(string name, long[] axes, T[] data, Action<FitsHeaderBuilder>? cards = null)
        where T : unmanaged
    {
        var extra = new FitsHeaderBuilder();
        cards?.Invoke(extra);
        var path = PathOf(name);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var writer = new FitsWriter(stream);
        writer.WriteImage<T>(axes, data, extra);
        return path;
    }

    /// <summary>Celestial TAN axes 1–2 around (150°, 30°), 10″ pixels.</summary>
    public static void Tan(FitsHeaderBuilder h, int nx, int ny) =>
        h.Set("CTYPE1", "RA---TAN").Set("CRVAL1", 150.0).Set("CDELT1", -10 / 3600.0).Set("CRPIX1", (nx + 1) / 2.0).Set("CUNIT1", "deg")
         .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", 30.0).Set("CDELT2", 10 / 3600.0).Set("CRPIX2", (ny + 1) / 2.0).Set("CUNIT2", "deg")
         .Set("RADESYS", "ICRS");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

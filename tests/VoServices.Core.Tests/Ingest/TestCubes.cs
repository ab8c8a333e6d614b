using VoServices.Fits;

namespace VoServices.Core.Tests.Ingest;

/// <summary>Small FITS files written for one test each, in a directory removed afterwards.</summary>
internal sealed class TestCubes : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "vo-cubes-" + Guid.NewGuid().ToString("N"));

    public TestCubes() => System.IO.Directory.CreateDirectory(Directory);

    /// <summary>A float cube with the given WCS cards; the data are a ramp (finite) unless <paramref name="allNaN"/>.</summary>
    public string Write(string name, long[] axes, Action<FitsHeaderBuilder> wcs, bool allNaN = false)
    {
        var count = axes.Aggregate(1L, (a, b) => a * b);
        var data = new float[count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = allNaN ? float.NaN : i % 97;
        }

        var extra = new FitsHeaderBuilder();
        wcs(extra);
        var path = Path.Combine(Directory, name);
        using (var stream = File.Create(path))
        using (var writer = new FitsWriter(stream))
        {
            writer.WriteImage<float>(axes, data, extra);
        }

        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

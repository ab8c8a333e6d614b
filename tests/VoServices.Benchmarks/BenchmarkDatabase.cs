using VoServices.Database;

namespace VoServices.Benchmarks;

/// <summary>The database the benchmarks run on: VO_DATABASE_URL, as the README's commands set it.</summary>
internal static class BenchmarkDatabase
{
    public static string ConnectionString() =>
        Environment.GetEnvironmentVariable("VO_DATABASE_URL") is { Length: > 0 } url
            ? DatabaseUrl.ToConnectionString(url)
            : throw new InvalidOperationException("set VO_DATABASE_URL, e.g. VO_DATABASE_URL=$(./vo db url)");
}

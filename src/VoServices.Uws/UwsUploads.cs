namespace VoServices.Uws;

/// <summary>Where a job's uploaded parts are kept: in its result directory, under names no part name can turn into a path.</summary>
public static class UwsUploads
{
    /// <summary>The file a part is stored in (the name is hex-encoded, so any part name is a safe file name).</summary>
    public static string PathFor(string jobDirectory, string partName) =>
        Path.Combine(jobDirectory, "upload-" + Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(partName)));

    /// <summary>The stored part, or null.</summary>
    public static Stream? Open(string jobDirectory, string partName)
    {
        var path = PathFor(jobDirectory, partName);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }
}

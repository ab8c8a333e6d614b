using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VoServices.Products;

namespace VoServices.Preview;

/// <summary>A cached preview, ready to stream.</summary>
/// <param name="Path">The cached file (complete: files appear only by atomic rename).</param>
/// <param name="ContentType">image/png or image/jpeg.</param>
/// <param name="Length">Bytes.</param>
public sealed record PreviewFile(string Path, string ContentType, long Length);

/// <summary>
/// Previews rendered once and kept as files in one directory. A file's name is
/// <c>H(DID)[..16]-H(version, kind, DID, source size, source mtime)[..40].png|jpg</c> (H = SHA-256, hex):
/// the request text never becomes a path, and a changed source gets a new name and a new rendering
/// (the previous file of the same DID is then deleted). Each rendering goes to a temporary file that is
/// renamed into place, so readers never see a half-written file; concurrent requests for the same
/// product share one rendering. Failures are not cached: they reach every request waiting on that
/// rendering, and the next request tries again.
/// </summary>
public sealed class PreviewCache
{
    /// <summary>Part of every key: bump when rendering changes so old previews are redone.</summary>
    private const string RenderingVersion = "preview-1";

    private readonly string _directory;
    private readonly Func<string, ProductKind, Stream, CancellationToken, Task<string>> _render;
    private readonly ConcurrentDictionary<string, Lazy<Task<PreviewFile>>> _inFlight = new(StringComparer.Ordinal);

    /// <param name="directory">Where previews are kept; created if missing. Nothing else should live there.</param>
    public PreviewCache(string directory, PreviewRenderer renderer)
        : this(directory, (renderer ?? throw new ArgumentNullException(nameof(renderer))).RenderAsync)
    {
    }

    /// <summary>With any rendering function (tests count renderings through it).</summary>
    internal PreviewCache(string directory, Func<string, ProductKind, Stream, CancellationToken, Task<string>> render)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(render);
        _directory = Path.GetFullPath(directory);
        _render = render;
        Directory.CreateDirectory(_directory);
    }

    /// <summary>
    /// The cached preview of the product <paramref name="publisherDid"/> stored at <paramref name="sourcePath"/>,
    /// rendered now if the cache has none for the source's current size and modification time.
    /// Cancelling stops the wait, not a rendering other requests may share.
    /// </summary>
    /// <exception cref="PreviewException">The source is missing or cannot be rendered.</exception>
    public async Task<PreviewFile> GetAsync(string publisherDid, string sourcePath, ProductKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(publisherDid);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        var (didStem, stem) = Names(publisherDid, sourcePath, kind);
        if (Existing(stem) is { } cached)
        {
            return cached;
        }

        var rendering = _inFlight.GetOrAdd(stem, s => Shared(didStem, s, sourcePath, kind));
        return await rendering.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One rendering for every request of the key, started on first use; it leaves the in-flight table
    /// when it ends (success or failure), whether or not anyone still waits, so a failure is never replayed.
    /// </summary>
    private Lazy<Task<PreviewFile>> Shared(string didStem, string stem, string sourcePath, ProductKind kind)
    {
        Lazy<Task<PreviewFile>>? shared = null;
        shared = new Lazy<Task<PreviewFile>>(
            () =>
            {
                var task = Task.Run(() => RenderAsync(didStem, stem, sourcePath, kind), CancellationToken.None);
                _ = task.ContinueWith(
                    t =>
                    {
                        _ = t.Exception; // observed here: a failure nobody waited for must not surface as unobserved
                        _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<PreviewFile>>>(stem, shared!));
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                return task;
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
        return shared;
    }

    /// <summary>The two name parts: a hash of the DID alone (to find a product's older previews) and the full key.</summary>
    private static (string DidStem, string Stem) Names(string publisherDid, string sourcePath, ProductKind kind)
    {
        var (size, modified) = Fingerprint(sourcePath, kind);
        var didStem = Hex(publisherDid)[..16];
        var key = string.Join('\n', RenderingVersion, kind.ToString(), publisherDid, size.ToString(CultureInfo.InvariantCulture), modified.ToString(CultureInfo.InvariantCulture));
        return (didStem, didStem + "-" + Hex(key)[..40]);
    }

    /// <summary>
    /// Size and modification time (UTC ticks) of a file; of a HiPS directory, its properties file's
    /// size and the later of the directory's and the properties file's times.
    /// </summary>
    private static (long Size, long Modified) Fingerprint(string sourcePath, ProductKind kind)
    {
        if (kind == ProductKind.Hips)
        {
            var directory = new DirectoryInfo(sourcePath);
            var properties = new FileInfo(Path.Combine(sourcePath, HipsProperties.PropertiesFile));
            if (!directory.Exists || !properties.Exists)
            {
                throw new PreviewException($"The HiPS {directory.Name} is missing or has no properties file.");
            }

            return (properties.Length, Math.Max(directory.LastWriteTimeUtc.Ticks, properties.LastWriteTimeUtc.Ticks));
        }

        var file = new FileInfo(sourcePath);
        return file.Exists ? (file.Length, file.LastWriteTimeUtc.Ticks) : throw new PreviewException($"The product file {file.Name} is missing.");
    }

    private PreviewFile? Existing(string stem)
    {
        foreach (var (extension, contentType) in Formats)
        {
            var file = new FileInfo(Path.Combine(_directory, stem + extension));
            if (file.Exists)
            {
                return new PreviewFile(file.FullName, contentType, file.Length);
            }
        }

        return null;
    }

    private static readonly (string Extension, string ContentType)[] Formats = [(".png", "image/png"), (".jpg", "image/jpeg")];

    private async Task<PreviewFile> RenderAsync(string didStem, string stem, string sourcePath, ProductKind kind)
    {
        // Another rendering may have finished between the caller's look and this one's start.
        if (Existing(stem) is { } cached)
        {
            return cached;
        }

        var temporary = Path.Combine(_directory, stem + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            string contentType;
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                contentType = await _render(sourcePath, kind, output, CancellationToken.None).ConfigureAwait(false);
            }

            var extension = Formats.FirstOrDefault(f => string.Equals(f.ContentType, contentType, StringComparison.Ordinal)).Extension
                ?? throw new InvalidOperationException($"The renderer returned content type '{contentType}', not image/png or image/jpeg.");
            var final = Path.Combine(_directory, stem + extension);
            File.Move(temporary, final, overwrite: true);
            RemoveOlder(didStem, final);
            return new PreviewFile(final, contentType, new FileInfo(final).Length);
        }
        finally
        {
            File.Delete(temporary); // no-op once renamed
        }
    }

    /// <summary>Deletes this DID's previews of earlier versions of the source (never temporary files in use).</summary>
    private void RemoveOlder(string didStem, string keep)
    {
        foreach (var file in Directory.EnumerateFiles(_directory, didStem + "-*"))
        {
            if (!string.Equals(file, keep, StringComparison.Ordinal) && !file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

using System.Text.RegularExpressions;
using VoServices.Ingest;
using VoServices.Products;
using VoServices.Preview;

namespace VoServices.Core.Tests.Preview;

public sealed partial class PreviewCacheTests : IDisposable
{
    private const string Did = "ivo://example.org/cubes?hi/NGC2403.fits";
    private readonly PreviewTestFiles _files = new();
    private readonly string _cacheDirectory;
    private readonly string _source;
    private int _renders;

    public PreviewCacheTests()
    {
        _cacheDirectory = _files.PathOf("cache");
        _source = _files.WriteImage("image.fits", [32, 32], Enumerable.Range(0, 1024).Select(i => (float)(i % 33)).ToArray());
    }

    public void Dispose() => _files.Dispose();

    /// <summary>The real renderer, counted, optionally held at a gate until the test opens it.</summary>
    private PreviewCache Cache(Task? gate = null) => new(_cacheDirectory, async (path, kind, png, ct) =>
    {
        Interlocked.Increment(ref _renders);
        if (gate is not null)
        {
            await gate;
        }

        return await new PreviewRenderer().RenderAsync(path, kind, png, ct);
    });

    [GeneratedRegex("^[0-9a-f]{16}-[0-9a-f]{40}\\.png$")]
    private static partial Regex CacheName();

    [Fact]
    public async Task The_second_request_is_served_from_the_cache_without_rendering()
    {
        var cache = Cache();

        var first = await cache.GetAsync(Did, _source, ProductKind.Cube, CancellationToken.None);
        var second = await Cache().GetAsync(Did, _source, ProductKind.Cube, CancellationToken.None); // a new instance sees the file too

        Assert.Equal(1, _renders);
        Assert.Equal(first, second);
        Assert.Equal("image/png", first.ContentType);
        Assert.Equal(new FileInfo(first.Path).Length, first.Length);
        Assert.Equal(256, PngDecoder.Decode(await File.ReadAllBytesAsync(first.Path)).Width);
    }

    [Fact]
    public async Task A_changed_modification_time_renders_again_and_drops_the_old_preview()
    {
        var cache = Cache();
        var before = await cache.GetAsync(Did, _source, ProductKind.Cube, CancellationToken.None);

        File.SetLastWriteTimeUtc(_source, File.GetLastWriteTimeUtc(_source).AddMinutes(5));
        var after = await cache.GetAsync(Did, _source, ProductKind.Cube, CancellationToken.None);

        Assert.Equal(2, _renders);
        Assert.NotEqual(before.Path, after.Path);
        Assert.False(File.Exists(before.Path));
        Assert.Equal([after.Path], Directory.GetFiles(_cacheDirectory));
    }

    [Fact]
    public async Task Concurrent_requests_share_one_rendering_and_never_see_a_partial_file()
    {
        var gate = new TaskCompletionSource();
        var cache = Cache(gate.Task);

        var requests = Enumerable.Range(0, 12).Select(_ => Task.Run(() => cache.GetAsync(Did, _source, ProductKind.Cube, CancellationToken.None))).ToList();
        await Task.Delay(300);
        Assert.Empty(Directory.GetFiles(_cacheDirectory, "*.png")); // only a temporary file while rendering
        gate.SetResult();
        var results = await Task.WhenAll(requests);

        Assert.Equal(1, _renders);
        Assert.Single(results.Select(r => r.Path).Distinct());
        Assert.Equal([results[0].Path], Directory.GetFiles(_cacheDirectory));
    }

    [Fact]
    public async Task Cancelling_one_waiting_request_does_not_stop_the_rendering_others_wait_for()
    {
        var gate = new TaskCompletionSource();
        var cache = Cache(gate.Task);
        using var cancel = new CancellationTokenSource();

        var cancelled = cache.GetAsync(Did, _source, ProductKind.Cube, cancel.Token);
        var patient = cache.GetAsync(Did, _source, ProductKind.Cube, CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.SetResult();

        Assert.True(File.Exists((await patient).Path));
        Assert.Equal(1, _renders);
    }

    [Fact]
    public async Task The_cache_file_name_is_a_hash_and_never_contains_the_DID()
    {
        const string hostile = "ivo://example.org/../../etc/passwd?x=<y>&z=NGC2403";

        var file = await Cache().GetAsync(hostile, _source, ProductKind.Cube, CancellationToken.None);

        Assert.Equal(Path.GetFullPath(_cacheDirectory), Path.GetDirectoryName(file.Path));
        Assert.Matches(CacheName(), Path.GetFileName(file.Path));
        Assert.DoesNotContain("NGC2403", file.Path, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("passwd", file.Path, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_failed_rendering_is_not_cached_and_the_next_request_tries_again()
    {
        var attempts = 0;
        var cache = new PreviewCache(_cacheDirectory, async (path, kind, png, ct) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await png.WriteAsync(new byte[100], ct); // a partial file that must not survive
                throw new PreviewException("the disk hiccupped");
            }

            return await new PreviewRenderer().RenderAsync(path, kind, png, ct);
        });

        await Assert.ThrowsAsync<PreviewException>(() => cache.GetAsync(Did, _source, ProductKind.Cube, CancellationToken.None));
        Assert.Empty(Directory.GetFiles(_cacheDirectory));
        var file = await cache.GetAsync(Did, _source, ProductKind.Cube, CancellationToken.None);

        Assert.Equal(2, attempts);
        Assert.Equal([file.Path], Directory.GetFiles(_cacheDirectory));
    }

    [Fact]
    public async Task A_failure_only_a_cancelled_request_waited_for_is_not_replayed()
    {
        var gate = new TaskCompletionSource();
        var failed = new TaskCompletionSource();
        var attempts = 0;
        var cache = new PreviewCache(_cacheDirectory, async (path, kind, png, ct) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await gate.Task;
                failed.SetResult();
                throw new PreviewException("first attempt fails");
            }

            return await new PreviewRenderer().RenderAsync(path, kind, png, ct);
        });
        using var cancel = new CancellationTokenSource();
        var abandoned = cache.GetAsync(Did, _source, ProductKind.Cube, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        gate.SetResult();
        await failed.Task;
        await Task.Delay(200); // the failed rendering finishes and leaves the in-flight table

        var file = await cache.GetAsync(Did, _source, ProductKind.Cube, CancellationToken.None);
        Assert.Equal(2, attempts);
        Assert.True(File.Exists(file.Path));
    }

    [Fact]
    public async Task An_unreadable_FITS_file_is_a_PreviewException_and_leaves_nothing_behind()
    {
        var broken = _files.PathOf("broken.fits");
        await File.WriteAllTextAsync(broken, "SIMPLE  =  this is not a FITS header");

        var e = await Assert.ThrowsAsync<PreviewException>(() => Cache().GetAsync(Did, broken, ProductKind.Cube, CancellationToken.None));

        Assert.Contains("broken.fits", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_cacheDirectory));
    }

    [Fact]
    public async Task A_missing_source_is_a_PreviewException()
    {
        await Assert.ThrowsAsync<PreviewException>(() => Cache().GetAsync(Did, _files.PathOf("gone.fits"), ProductKind.Cube, CancellationToken.None));
        Assert.Equal(0, _renders);
    }

    [Fact]
    public async Task A_HiPS_JPEG_preview_is_cached_as_JPEG()
    {
        var root = _files.PathOf("hips");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "properties"), "hips_order = 3\nhips_tile_format = jpeg\n");
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDB, 1, 2, 3, 4, 0xFF, 0xD9];
        await File.WriteAllBytesAsync(Path.Combine(root, "preview.jpg"), jpeg);

        var file = await Cache().GetAsync("ivo://example.org/P/demo", root, ProductKind.Hips, CancellationToken.None);

        Assert.Equal("image/jpeg", file.ContentType);
        Assert.EndsWith(".jpg", file.Path, StringComparison.Ordinal);
        Assert.Equal(jpeg, await File.ReadAllBytesAsync(file.Path));
        Assert.Equal(jpeg.Length, file.Length);
    }
}

using System.Collections.Concurrent;
using Microsoft.Playwright;
using VoServices.Integration.Tests.Datalink;

namespace VoServices.Integration.Tests.Hips;

/// <summary>
/// A real headless Chromium (Debian's, driven by Playwright; `./vo test` installs it) opens a HiPS's base URL:
/// Aladin Lite, served by the service, shows the survey with tiles fetched from the service, and the page
/// contacts no other host (every non-loopback request is recorded and refused).
/// </summary>
[Collection(PgCollection.Name)]
public sealed class AladinLiteBrowserTests(PgFixture pg) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private DemoServer _demo = null!;

    public async Task InitializeAsync() => _demo = await DemoServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Aladin_lite_shows_a_served_hips_from_its_tiles_and_reaches_no_other_host()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (./vo test does)");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader"],
        });
        var page = await browser.NewPageAsync();
        var elsewhere = new ConcurrentQueue<string>();
        var tiles = new ConcurrentQueue<(string Url, int Status)>();
        var problems = new ConcurrentQueue<string>();
        await page.RouteAsync("**/*", async route =>
        {
            var host = new Uri(route.Request.Url).Host;
            if (host is "127.0.0.1" or "localhost" or "[::1]")
            {
                await route.ContinueAsync();
            }
            else
            {
                elsewhere.Enqueue(route.Request.Url);
                await route.AbortAsync();
            }
        });
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/Npix", StringComparison.Ordinal))
            {
                tiles.Enqueue((response.Url, response.Status));
            }
        };
        page.PageError += (_, error) => problems.Enqueue("page error: " + error);
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            console.Enqueue($"{message.Type}: {message.Text}");
            // (Aladin Lite loads its WebAssembly from a data: URL, which the policy allows: it names no host.)
            // A request the page's CSP refused shows here: it would have gone to another host.
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                problems.Enqueue("CSP: " + message.Text);
            }
        };

        var opened = await page.GotoAsync(_demo.BaseUrl + "/hips/demo/hips-demo/");
        Assert.Equal(200, opened?.Status);
        try
        {
            await page.WaitForFunctionAsync("() => window.voAladin !== undefined", null, new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("Aladin Lite did not start: " + string.Join(" | ", problems.Concat(console).Select(m => m.Length > 300 ? m[..300] + "…" : m)));
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!tiles.Any(t => t.Status == 200) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        await Task.Delay(1000); // let the first view's other requests finish
        Assert.Contains(tiles, t => t.Status == 200 && t.Url.StartsWith(_demo.BaseUrl + "/hips/demo/hips-demo/Norder3/Dir0/Npix", StringComparison.Ordinal));
        // Aladin Lite asks for low orders this survey does not have (its hips_order_min is 3): those, and only those, are 404s.
        var root = _demo.BaseUrl + "/hips/demo/hips-demo/";
        Assert.All(tiles, t => Assert.True(
            t.Status is 200 or 304 || (t.Status == 404 && !File.Exists(Path.Combine(_demo.Directory, "hips-demo", t.Url[root.Length..]))),
            $"{t.Url}: {t.Status}"));
        Assert.Empty(elsewhere);
        Assert.Empty(problems);
        var target = await page.EvaluateAsync<double[]>("() => window.voAladin.getRaDec()");
        Assert.Equal(192.1431, target[0], 2);
        Assert.Equal(44.4714, target[1], 2);
    }
}

using VoServices.Cli.Configuration;

namespace VoServices.Core.Tests.Configuration;

public sealed class VoConfigurationValidationTests
{
    private static IReadOnlyList<string> Problems(Dictionary<string, string?> environment)
    {
        using var checkout = new TempCheckout();
        return Assert.Throws<VoConfigurationException>(() => VoConfiguration.Load(environment, checkout.Root)).Problems;
    }

    private static string Problem(string key, string value) => Assert.Single(Problems(new() { [key] = value }));

    [Fact]
    public void A_port_that_is_not_a_number_is_named_with_its_variable()
    {
        Assert.Equal("VO_PG_PORT: 'abc' is not a port number (1-65535)", Problem("VO_PG_PORT", "abc"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("+80")]
    [InlineData(" 8080")]
    [InlineData("8080.0")]
    [InlineData("99999999999")]
    public void A_port_outside_1_to_65535_or_not_plain_digits_is_rejected(string port)
    {
        Assert.Equal($"VO_PG_PORT: '{port}' is not a port number (1-65535)", Problem("VO_PG_PORT", port));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("65535")]
    public void The_port_limits_themselves_are_accepted(string port)
    {
        using var checkout = new TempCheckout();

        var settings = VoConfiguration.Load(new Dictionary<string, string?> { ["VO_PG_PORT"] = port }, checkout.Root);

        Assert.Contains($"Port={port}", settings.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vo.example.org")]
    [InlineData("ftp://vo.example.org")]
    [InlineData("https://vo.example.org/tap?x=1")]
    [InlineData("https://vo.example.org/#top")]
    [InlineData("/relative/path")]
    public void A_public_url_must_be_an_http_base_url(string url)
    {
        Assert.Equal($"VO_PUBLIC_URL: '{url}' is not an http(s) base URL such as https://vo.example.org/archive", Problem("VO_PUBLIC_URL", url));
    }

    [Fact]
    public void A_database_url_that_is_not_postgresql_is_reported_without_its_password()
    {
        var problem = Problem("VO_DATABASE_URL", "mysql://archive:s3cret@db.example.org/obs");

        Assert.Equal("VO_DATABASE_URL: 'mysql://archive:***@db.example.org/obs' is not a postgresql:// URI such as postgresql://user:password@host:port/database", problem);
    }

    [Theory]
    [InlineData("postgresql://vo@db/obs?sslmode=sometimes", "VO_DATABASE_URL: sslmode 'sometimes' is not one of disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("postgresql://vo@db/obs?sslmode=1", "VO_DATABASE_URL: sslmode '1' is not one of disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("postgresql://vo@db/obs?connect_timeout=soon", "VO_DATABASE_URL: connect_timeout 'soon' is not a number of seconds")]
    [InlineData("postgresql://vo@db/obs?pool=5", "VO_DATABASE_URL: unsupported parameter 'pool' in the database URI (known: sslmode, application_name, connect_timeout)")]
    public void A_database_url_with_a_bad_parameter_names_the_parameter(string url, string expected)
    {
        Assert.Equal(expected, Problem("VO_DATABASE_URL", url));
    }

    [Theory]
    [InlineData("example.org/archive")]
    [InlineData("https://example.org/archive")]
    [InlineData("ivo://example.org/archive?x")]
    public void A_publisher_did_must_be_an_ivoid_without_query(string did)
    {
        Assert.Equal($"VO_PUBLISHER_DID: '{did}' is not an IVOID such as ivo://example.org/archive", Problem("VO_PUBLISHER_DID", did));
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080;")]
    [InlineData("http://")]
    public void Listen_urls_must_be_http_urls_separated_by_semicolons(string urls)
    {
        Assert.Equal($"VO_URLS: '{urls}' is not a list of http(s) URLs separated by ';', such as http://127.0.0.1:8080", Problem("VO_URLS", urls));
    }

    [Fact]
    public void Listen_urls_may_use_kestrels_wildcard_hosts()
    {
        using var checkout = new TempCheckout();

        var settings = VoConfiguration.Load(new Dictionary<string, string?> { ["VO_URLS"] = "http://*:8080;https://+:8443" }, checkout.Root);

        Assert.Equal("http://*:8080;https://+:8443", settings.ListenUrls);
    }

    [Fact]
    public void A_sql_directory_that_does_not_exist_is_reported()
    {
        var missing = Path.Combine(Path.GetTempPath(), "vo-no-such-dir-" + Guid.NewGuid().ToString("N"));

        Assert.Equal($"VO_SQL_DIR: '{missing}' is not a directory", Problem("VO_SQL_DIR", missing));
    }

    [Theory]
    [InlineData("VO_TAP_RESULTS")]
    [InlineData("VO_PREVIEW_CACHE")]
    public void A_result_or_cache_directory_that_is_a_file_is_reported(string key)
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal($"{key}: '{file}' is a file, not a directory", Problem(key, file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        var problems = Problems(new() { ["VO_PG_PORT"] = "abc", ["VO_PUBLIC_URL"] = "nowhere", ["VO_PUBLISHER_DID"] = "me" });

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("VO_PG_PORT: ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("VO_PUBLIC_URL: ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("VO_PUBLISHER_DID: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_value_from_vo_conf_names_the_file()
    {
        using var checkout = new TempCheckout("VO_PG_PORT=abc\n");

        var problem = Assert.Single(Assert.Throws<VoConfigurationException>(() => VoConfiguration.Load(new Dictionary<string, string?>(), checkout.Root)).Problems);

        Assert.Equal($"VO_PG_PORT: 'abc' is not a port number (1-65535) (set in {checkout.ConfPath})", problem);
    }

    [Fact]
    public void A_good_environment_value_hides_a_bad_one_in_vo_conf()
    {
        using var checkout = new TempCheckout("VO_PG_PORT=abc\n");

        var settings = VoConfiguration.Load(new Dictionary<string, string?> { ["VO_PG_PORT"] = "6543" }, checkout.Root);

        Assert.Contains("Port=6543", settings.ConnectionString, StringComparison.Ordinal);
    }
}

using VoServices.Cli.Configuration;
using VoServices.Web;

namespace VoServices.Core.Tests.Configuration;

/// <summary>Issue 11: the pools, the admission control and UPLOAD by URL are configured by VO_* variables (or vo.conf).</summary>
public sealed class VoConfigurationLimitsTests
{
    [Fact]
    public void Limits_from_vo_conf_and_the_environment_reach_the_server_options()
    {
        using var checkout = new TempCheckout("""
            VO_QUERY_POOL=40
            VO_SYNC_PER_CLIENT=0
            VO_UPLOAD_BY_URL=true
            VO_UPLOAD_URL_HOSTS=data.example.org, vizier.cds.unistra.fr
            """);

        var options = VoConfiguration.Load(new Dictionary<string, string?>
        {
            ["VO_QUERY_PG_USER"] = "archive_query",
            ["VO_QUERY_PG_PASSWORD"] = "s3cret",
            ["VO_OWNER_POOL"] = "5",
            ["VO_SYNC_CONCURRENCY"] = "30",
            ["VO_SYNC_QUEUE"] = "60",
            ["VO_SYNC_QUEUE_SECONDS"] = "3",
        }, checkout.Root).ToServerOptions(null);

        Assert.Equal("archive_query", options.QueryUser);
        Assert.Equal("s3cret", options.QueryPassword);
        Assert.Equal(40, options.QueryPoolSize);
        Assert.Equal(5, options.OwnerPoolSize);
        Assert.Equal(new QueryAdmissionLimits(30, 60, 0, 3), options.SyncAdmission);
        Assert.True(options.AllowUploadByUrl);
        Assert.Equal(["data.example.org", "vizier.cds.unistra.fr"], options.UploadUrlHosts);
    }

    [Fact]
    public void Unset_limits_keep_the_server_defaults_with_sync_places_below_the_query_pool()
    {
        using var checkout = new TempCheckout();

        var options = VoConfiguration.Load(new Dictionary<string, string?>(), checkout.Root).ToServerOptions(null);
        var defaults = new VoServerOptions(options.ConnectionString);

        Assert.Equal(defaults.QueryUser, options.QueryUser);
        Assert.Equal(defaults.QueryPoolSize, options.QueryPoolSize);
        Assert.False(options.AllowUploadByUrl);
        Assert.Equal(defaults.QueryPoolSize - defaults.Tap.Workers - defaults.Tap.BurstWorkers, options.SyncAdmission.Concurrency);
        Assert.Equal(options.SyncAdmission.Concurrency, options.SyncAdmission.Queue);
    }

    [Theory]
    [InlineData("VO_QUERY_POOL", "0", "VO_QUERY_POOL: '0' is not a whole number from 1 to 1000")]
    [InlineData("VO_SYNC_PER_CLIENT", "many", "VO_SYNC_PER_CLIENT: 'many' is not a whole number from 0 to 10000")]
    [InlineData("VO_UPLOAD_BY_URL", "perhaps", "VO_UPLOAD_BY_URL: 'perhaps' is not true or false")]
    public void A_bad_limit_is_an_error_naming_its_variable(string key, string value, string expected)
    {
        using var checkout = new TempCheckout();

        var e = Assert.Throws<VoConfigurationException>(() => VoConfiguration.Load(new Dictionary<string, string?> { [key] = value }, checkout.Root));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}

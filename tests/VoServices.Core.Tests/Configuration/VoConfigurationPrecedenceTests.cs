using VoServices.Cli.Configuration;
using VoServices.Database;
using VoServices.Ingest;
using VoServices.Tap;
using VoServices.Web;

namespace VoServices.Core.Tests.Configuration;

public sealed class VoConfigurationPrecedenceTests
{
    private static VoSettings Load(TempCheckout checkout, Dictionary<string, string?>? environment = null, string? currentDirectory = null) =>
        VoConfiguration.Load(environment ?? [], currentDirectory ?? checkout.Root);

    [Fact]
    public void Environment_wins_over_vo_conf_which_wins_over_defaults()
    {
        using var checkout = new TempCheckout("""
            VO_PUBLIC_URL=https://conf.example.org/vo
            VO_PUBLISHER_DID=ivo://conf.example.org/archive
            """);

        var settings = Load(checkout, new() { ["VO_PUBLIC_URL"] = "https://env.example.org" });

        Assert.Equal("https://env.example.org", settings.PublicUrl);
        Assert.Equal("ivo://conf.example.org/archive", settings.PublisherDid);
        Assert.Equal(VoServerOptions.DefaultUrls, settings.ListenUrls);
    }

    [Fact]
    public void Without_environment_or_vo_conf_the_defaults_are_the_private_cluster_and_temp_directories()
    {
        using var checkout = new TempCheckout();

        var settings = Load(checkout);

        Assert.Equal(DatabaseUrl.ToConnectionString("postgresql://vo@127.0.0.1:54329/voservices"), settings.ConnectionString);
        Assert.Null(settings.PublicUrl);
        Assert.Equal(IngestOptions.DefaultPublisherAuthority, settings.PublisherDid);
        Assert.Equal(VoServerOptions.DefaultUrls, settings.ListenUrls);
        Assert.Equal(TapOptions.DefaultResultDirectory, settings.TapResultDirectory);
        Assert.Equal(VoServerOptions.DefaultPreviewDirectory, settings.PreviewDirectory);
        Assert.Null(settings.SqlDirectory);
    }

    [Fact]
    public void Pg_port_from_vo_conf_goes_into_the_default_database_url()
    {
        using var checkout = new TempCheckout("VO_PG_PORT=6543\n");

        var settings = Load(checkout);

        Assert.Equal(DatabaseUrl.ToConnectionString("postgresql://vo@127.0.0.1:6543/voservices"), settings.ConnectionString);
    }

    [Fact]
    public void Database_url_from_the_environment_wins_over_the_pg_port()
    {
        using var checkout = new TempCheckout("VO_PG_PORT=6543\n");
        const string url = "postgresql://archive:secret@db.example.org:5433/obs?sslmode=require";

        var settings = Load(checkout, new() { ["VO_DATABASE_URL"] = url });

        Assert.Equal(DatabaseUrl.ToConnectionString(url), settings.ConnectionString);
    }

    [Fact]
    public void An_empty_environment_variable_counts_as_unset()
    {
        using var checkout = new TempCheckout("VO_PUBLISHER_DID=ivo://conf.example.org/archive\n");

        var settings = Load(checkout, new() { ["VO_PUBLISHER_DID"] = "", ["VO_PUBLIC_URL"] = "" });

        Assert.Equal("ivo://conf.example.org/archive", settings.PublisherDid);
        Assert.Null(settings.PublicUrl);
    }

    [Fact]
    public void Environment_names_are_matched_exactly()
    {
        using var checkout = new TempCheckout();

        var settings = Load(checkout, new() { ["vo_public_url"] = "https://lower.example.org" });

        Assert.Null(settings.PublicUrl);
    }

    [Fact]
    public void Vo_conf_takes_only_vo_assignments_verbatim_and_the_first_non_empty_value()
    {
        var values = VoConfFile.Parse([
            "# a comment",
            "",
            "VO_PUBLIC_URL=",
            "VO_PUBLIC_URL=https://first.example.org/a=b#frag",
            "VO_PUBLIC_URL=https://second.example.org",
            "  VO_PG_PORT=1",
            "VO_PG_PORT = 2",
            "OTHER=3",
            "vo_lower=4",
            "VO_PG_BIN= /opt/pg bin ",
        ]);

        Assert.Equal(2, values.Count);
        Assert.Equal("https://first.example.org/a=b#frag", values["VO_PUBLIC_URL"]);
        Assert.Equal(" /opt/pg bin ", values["VO_PG_BIN"]);
    }

    [Fact]
    public void Vo_conf_is_read_from_the_checkout_root_above_the_current_directory()
    {
        using var checkout = new TempCheckout("VO_PUBLISHER_DID=ivo://conf.example.org/archive\n");

        var settings = Load(checkout, currentDirectory: checkout.Make("deep/below"));

        Assert.Equal("ivo://conf.example.org/archive", settings.PublisherDid);
    }

    [Fact]
    public void Outside_a_checkout_vo_conf_and_sql_are_those_of_the_current_directory()
    {
        using var installed = new TempCheckout("VO_PUBLISHER_DID=ivo://conf.example.org/archive\n", withSolution: false);
        var sql = installed.Make("sql");

        var settings = Load(installed);

        Assert.Equal("ivo://conf.example.org/archive", settings.PublisherDid);
        Assert.Equal(sql, settings.SqlDirectory);
    }

    [Fact]
    public void Sql_directory_is_the_checkouts_sql_unless_VO_SQL_DIR_names_another()
    {
        using var checkout = new TempCheckout();
        var sql = checkout.Make("sql");
        var other = checkout.Make("migrations/v2");
        var below = checkout.Make("src/somewhere");

        Assert.Equal(sql, Load(checkout, currentDirectory: below).SqlDirectory);
        Assert.Equal(other, Load(checkout, new() { ["VO_SQL_DIR"] = other }).SqlDirectory);
        Assert.Equal(other, Load(checkout, new() { ["VO_SQL_DIR"] = "migrations/v2" }).SqlDirectory);
    }

    [Fact]
    public void Relative_directories_are_resolved_against_the_current_directory()
    {
        using var checkout = new TempCheckout("VO_TAP_RESULTS=run/tap\nVO_PREVIEW_CACHE=run/previews\n");

        var settings = Load(checkout);

        Assert.Equal(Path.Combine(checkout.Root, "run", "tap"), settings.TapResultDirectory);
        Assert.Equal(Path.Combine(checkout.Root, "run", "previews"), settings.PreviewDirectory);
    }

    [Fact]
    public void Server_options_take_the_settings_and_urls_from_the_command_line_win()
    {
        using var checkout = new TempCheckout("VO_URLS=http://0.0.0.0:9000\nVO_PUBLIC_URL=https://vo.example.org\nVO_TAP_RESULTS=/srv/tap\n");
        var settings = Load(checkout);

        var fromSettings = settings.ToServerOptions(urls: null);
        var fromCommandLine = settings.ToServerOptions(urls: "http://127.0.0.1:0");

        Assert.Equal("http://0.0.0.0:9000", fromSettings.Urls);
        Assert.Equal("http://127.0.0.1:0", fromCommandLine.Urls);
        Assert.Equal("https://vo.example.org", fromSettings.PublicUrl);
        Assert.Equal("/srv/tap", fromSettings.Tap.ResultDirectory);
        Assert.Equal(settings.ConnectionString, fromSettings.ConnectionString);
    }

    [Fact]
    public void Ingest_without_a_publisher_did_uses_the_unregistered_authority()
    {
        using var checkout = new TempCheckout();

        var options = Load(checkout).ToIngestOptions("demo", CollectionMapping.Empty);

        Assert.Equal(IngestOptions.DefaultPublisherAuthority, options.PublisherAuthority);
    }
}

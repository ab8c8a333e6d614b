using Npgsql;

namespace VoServices.Web;

/// <summary>
/// The pool user queries (TAP sync/async, SIA) run on, logged in as the unprivileged query role; kept apart
/// from the owner's <see cref="NpgsqlDataSource"/> (migrations, UWS job store, TAP_SCHEMA, products) so that
/// the two cannot be mixed up by type. Disposed by the container, which closes the pool.
/// </summary>
public sealed class QueryDataSource(NpgsqlDataSource source) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource Source { get; } = source;

    public ValueTask DisposeAsync() => Source.DisposeAsync();

    public void Dispose() => Source.Dispose();
}

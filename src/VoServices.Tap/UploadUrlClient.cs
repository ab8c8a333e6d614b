using System.Net;
using System.Net.Sockets;

namespace VoServices.Tap;

/// <summary>
/// The HTTP client for UPLOAD by URL. The server fetching a user's URL is a server-side request
/// forgery risk, so: only http/https, only hosts on the configured allow-list, and never a
/// loopback, link-local, private, unique-local or unspecified address. The address check runs in
/// the connect callback on the addresses actually dialled, so a name that resolves (or re-resolves,
/// DNS rebinding) to an internal address is refused too. Redirects are not followed (a redirect
/// could leave the allow-list).
/// </summary>
public static class UploadUrlClient
{
    public static HttpClient Create()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectAsync,
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Whether the URL may be fetched at all (scheme and allow-list; addresses are checked on connect).</summary>
    public static bool IsAllowed(Uri uri, IReadOnlyCollection<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(allowedHosts);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.UserInfo.Length > 0)
        {
            return false;
        }

        if (IPAddress.TryParse(uri.IdnHost, out var literal) && IsForbidden(literal))
        {
            return false;
        }

        return allowedHosts.Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Loopback, link-local, private (RFC 1918), CGNAT, unique-local, multicast, unspecified and IPv4-mapped forms of these.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
        }

        var v6 = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC;
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        // Every resolved address must be public: refusing only the first would let a name with one
        // public and one internal address reach the internal one on a retry.
        if (addresses.Length == 0 || addresses.Any(IsForbidden))
        {
            throw new HttpRequestException("refused address");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

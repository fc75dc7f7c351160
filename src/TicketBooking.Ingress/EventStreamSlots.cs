using System.Net;
using Microsoft.Extensions.Options;

namespace TicketBooking.Ingress;

/// <summary>
/// Counts the open Server-Sent Event streams (order and availability streams together), per client IP address
/// and for the instance, and says how long each may stay open.
/// </summary>
public sealed class EventStreamSlots(IOptions<IngressOptions> options)
{
    /// <summary>The <c>retry:</c> a client is told to wait before reconnecting once the server ends its stream.</summary>
    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _gate = new();
    private int _open;

    /// <summary>A slot for one stream, to dispose when it ends; null when the client's address or the instance has no more.</summary>
    public IDisposable? TryOpen(HttpContext context)
    {
        var settings = options.Value;
        var address = RequestRateLimits.LimitedAddress(context, settings);
        lock (_gate)
        {
            var fromAddress = address is null ? 0 : _perAddress.GetValueOrDefault(address);
            if (_open >= settings.MaxStreams || fromAddress >= settings.MaxStreamsPerClientIp)
            {
                return null;
            }

            _open++;
            if (address is not null)
            {
                _perAddress[address] = fromAddress + 1;
            }
        }

        return new Slot(this, address);
    }

    /// <summary>How long a stream opened now stays open: the lifetime, less up to a tenth so streams opened together end apart.</summary>
    public TimeSpan Lifetime() => options.Value.MaxStreamLifetime * (1 - (Random.Shared.NextDouble() / 10));

    private void Close(IPAddress? address)
    {
        lock (_gate)
        {
            _open--;
            if (address is not null && --_perAddress[address] == 0)
            {
                _perAddress.Remove(address);
            }
        }
    }

    private sealed class Slot(EventStreamSlots slots, IPAddress? address) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                slots.Close(address);
            }
        }
    }
}

namespace TicketBooking.Ingress.Orders;

/// <summary>
/// The request each recent (buyer, Idempotency-Key) was first used with, as a hash, so that reusing a key
/// for a different request is answered 409 without a publish. Per instance and bounded: the oldest keys are
/// forgotten first. Keys first used on another instance are caught after the publish instead: JetStream reports
/// the id as a duplicate and the endpoint compares the stored purchase.
/// </summary>
public sealed class IdempotencyKeys(int capacity)
{
    private readonly Dictionary<Guid, string> _requests = [];
    private readonly Queue<Guid> _age = new();
    private readonly Lock _gate = new();

    /// <summary>Claims the order id for the request; false when it was claimed for a different one.</summary>
    public bool TryClaim(Guid orderId, string requestHash, out bool claimedNow)
    {
        lock (_gate)
        {
            if (_requests.TryGetValue(orderId, out var known))
            {
                claimedNow = false;
                return known == requestHash;
            }

            _requests.Add(orderId, requestHash);
            _age.Enqueue(orderId);
            while (_requests.Count > capacity && _age.TryDequeue(out var oldest))
            {
                _requests.Remove(oldest);
            }

            claimedNow = true;
            return true;
        }
    }

    /// <summary>Gives a claim back when its publish failed, so the key may be used again for another request.</summary>
    public void Release(Guid orderId)
    {
        lock (_gate)
        {
            _requests.Remove(orderId);
        }
    }
}

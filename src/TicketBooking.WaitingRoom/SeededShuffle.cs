namespace TicketBooking.WaitingRoom;

/// <summary>
/// The pre-queue's shuffle: reproducible by anyone from the recorded seed and the pre-queue's user ids (the algorithm,
/// step by step, is in docs/architecture.md, "Waiting room").
/// </summary>
public static class SeededShuffle
{
    /// <summary>The ids in queue order: element i gets position i + 1.</summary>
    /// <param name="idsAscending">The pre-queue's user ids in ascending order.</param>
    /// <exception cref="ArgumentException">The ids are not strictly ascending.</exception>
    public static long[] Order(IReadOnlyList<long> idsAscending, long seed)
    {
        ArgumentNullException.ThrowIfNull(idsAscending);
        var order = new long[idsAscending.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = idsAscending[i];
            if (i > 0 && order[i] <= order[i - 1])
            {
                throw new ArgumentException($"The ids must be strictly ascending; {order[i]} follows {order[i - 1]}.", nameof(idsAscending));
            }
        }

        var random = new SplitMix64(unchecked((ulong)seed));
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)random.NextBelow((ulong)i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>Steele, Lea and Flood's SplitMix64: a 64-bit state advanced by the golden gamma, then mixed.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            _state = unchecked(_state + 0x9E37_79B9_7F4A_7C15UL);
            var z = _state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL);
            return z ^ (z >> 31);
        }

        /// <summary>
        /// Uniform in [0, bound): draws below 2^64 mod bound are rejected, so that the draws kept cover a whole multiple
        /// of bound and the remainder is unbiased.
        /// </summary>
        public ulong NextBelow(ulong bound)
        {
            var threshold = unchecked(0UL - bound) % bound;
            while (true)
            {
                var draw = Next();
                if (draw >= threshold)
                {
                    return draw % bound;
                }
            }
        }
    }
}

using System.Runtime.CompilerServices;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace TicketBooking.Messaging.Consuming;

/// <summary>
/// A throwaway pull consumer for one read: no acks, in memory, deleted when the read ends (<see cref="DisposeAsync"/>),
/// and removed by the server after its inactive threshold when the process dies first. It filters on a single
/// <c>filter_subject</c>: nats-server 2.9 ignores the multi-subject <c>filter_subjects</c> that the client's ordered
/// consumer sends, and would deliver every subject.
/// </summary>
public sealed class EphemeralConsumer : IAsyncDisposable
{
    /// <summary>How long the server keeps a consumer nobody pulls from, unless <see cref="Config"/> is told otherwise.</summary>
    public static readonly TimeSpan DefaultInactiveThreshold = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(2);

    private readonly INatsJSContext _js;
    private readonly string _stream;
    private int _deleted;

    private EphemeralConsumer(INatsJSContext js, string stream, INatsJSConsumer consumer)
    {
        _js = js;
        _stream = stream;
        Consumer = consumer;
    }

    public INatsJSConsumer Consumer { get; }

    public string Name => Consumer.Info.Name;

    /// <summary>
    /// A consumer named <paramref name="namePrefix"/> and a random suffix on <paramref name="filter"/>: from just after
    /// <paramref name="afterSequence"/>, or by <paramref name="initialPolicy"/> while nothing was read yet (0).
    /// </summary>
    public static ConsumerConfig Config(
        string namePrefix,
        string filter,
        ulong afterSequence,
        ConsumerConfigDeliverPolicy initialPolicy = ConsumerConfigDeliverPolicy.All,
        TimeSpan? inactiveThreshold = null) => new()
    {
        Name = $"{namePrefix}-{Guid.NewGuid():N}",
        FilterSubject = filter,
        DeliverPolicy = afterSequence == 0 ? initialPolicy : ConsumerConfigDeliverPolicy.ByStartSequence,
        OptStartSeq = afterSequence == 0 ? 0 : afterSequence + 1,
        AckPolicy = ConsumerConfigAckPolicy.None,
        InactiveThreshold = inactiveThreshold ?? DefaultInactiveThreshold,
        MemStorage = true,
    };

    /// <summary>Creates the consumer on <paramref name="stream"/>; dispose it to delete it.</summary>
    public static async Task<EphemeralConsumer> CreateAsync(INatsJSContext js, string stream, ConsumerConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        var consumer = await js.CreateOrUpdateConsumerAsync(stream, config, cancellationToken).ConfigureAwait(false);
        return new EphemeralConsumer(js, stream, consumer);
    }

    /// <summary>What the server has for this consumer now, in order, fetched page by page without waiting: it ends at the first empty page.</summary>
    public async IAsyncEnumerable<INatsJSMsg<byte[]>> FetchAvailableAsync(int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fetched = pageSize;
        while (fetched > 0)
        {
            fetched = 0;
            await foreach (var message in Consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = pageSize }, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                fetched++;
                yield return message;
            }
        }
    }

    /// <summary>Deletes the consumer, quietly: one already gone with the server, or a server out of reach, leaves it to the inactive threshold.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _deleted, 1) == 1)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(DeleteTimeout);
            await _js.DeleteConsumerAsync(_stream, Name, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            // Gone with the server already, or its inactive threshold removes it.
        }
    }
}

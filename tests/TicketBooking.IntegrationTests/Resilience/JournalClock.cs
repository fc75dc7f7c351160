using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;

namespace TicketBooking.IntegrationTests.Resilience;

/// <summary>When a partition's journal got its batches, by the stream's own timestamps (nats-server's clock, this machine's).</summary>
internal sealed class JournalClock(INatsJSContext js)
{
    /// <summary>When the first batch stored at or after <paramref name="since"/> was stored; null when none came within <paramref name="timeout"/>.</summary>
    public async Task<DateTimeOffset?> FirstBatchSinceAsync(int partition, DateTimeOffset since, TimeSpan timeout)
    {
        var consumer = await js.CreateOrUpdateConsumerAsync(Subjects.DecisionsStream, new ConsumerConfig
        {
            Name = $"tb-test-journal-clock-{Guid.NewGuid():N}",
            FilterSubject = Subjects.Decisions(partition),
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartTime,
            OptStartTime = since,
            AckPolicy = ConsumerConfigAckPolicy.None,
            InactiveThreshold = TimeSpan.FromSeconds(30),
            MemStorage = true,
        });
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            var message = await consumer.NextAsync<byte[]>(opts: new NatsJSNextOpts { Expires = timeout }, cancellationToken: deadline.Token);
            return message?.Metadata?.Timestamp;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            await js.DeleteConsumerAsync(Subjects.DecisionsStream, consumer.Info.Name);
        }
    }
}

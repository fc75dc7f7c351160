using TicketBooking.LoadTests.Scenarios;

namespace TicketBooking.LoadTests.Running;

/// <summary>
/// Runs one <see cref="LoadStep"/> of a scenario: a <see cref="Pacer"/> starts each request on
/// schedule and hands it to the thread pool, so the pacer never waits for an answer; latency is
/// measured from the scheduled start (no coordinated omission); a request due while
/// <see cref="LoadSettings.MaxInFlight"/> requests are in flight is dropped and counted.
/// </summary>
public sealed class StepRunner
{
    private readonly HttpClient _client;
    private readonly IScenario _scenario;
    private readonly LoadSettings _settings;
    private readonly TimeProvider _time;

    // Requests are numbered across the steps of a run, so templated ids (a fresh Idempotency-Key per
    // request, say) never repeat from one step to the next.
    private long _nextRequestNumber;

    /// <param name="client">Sends the requests (see <see cref="LoadClient.Create"/>).</param>
    /// <param name="scenario">Builds the requests.</param>
    /// <param name="settings">Cap, timeouts, seed.</param>
    /// <param name="time">Clock and timers; <see cref="TimeProvider.System"/> outside tests.</param>
    public StepRunner(HttpClient client, IScenario scenario, LoadSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        settings.Validate();
        _client = client;
        _scenario = scenario;
        _settings = settings;
        _time = time;
    }

    /// <summary>Runs the step and waits for its requests (up to <see cref="LoadSettings.DrainTimeout"/>).</summary>
    public async Task<StepMeasurement> RunAsync(LoadStep step, CancellationToken cancellationToken)
    {
        var schedule = new ArrivalSchedule(step, _time.TimestampFrequency);
        var recorder = new StepRecorder(_time.TimestampFrequency, _settings.LateAfter);
        using var stepCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new Run(this, schedule, recorder, _nextRequestNumber, stepCancellation.Token);
        _nextRequestNumber += schedule.Count;
        await new Pacer(schedule, _time, _settings.PacerResolution).RunAsync(run.Start, cancellationToken).ConfigureAwait(false);
        if (!await run.DrainAsync(_settings.DrainTimeout, cancellationToken).ConfigureAwait(false))
        {
            await stepCancellation.CancelAsync().ConfigureAwait(false);
            await run.DrainAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }

        return new StepMeasurement(step, schedule.MeasuredCount, recorder, run.WarmupAccepted);
    }

    private sealed class Run
    {
        private readonly StepRunner _runner;
        private readonly ArrivalSchedule _schedule;
        private readonly StepRecorder _recorder;
        private readonly CancellationToken _stepToken;
        private readonly long _firstRequestNumber;
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _inFlight;
        private long _warmupAccepted;
        private int _pacingDone;

        public Run(StepRunner runner, ArrivalSchedule schedule, StepRecorder recorder, long firstRequestNumber, CancellationToken stepToken)
        {
            _runner = runner;
            _firstRequestNumber = firstRequestNumber;
            _schedule = schedule;
            _recorder = recorder;
            _stepToken = stepToken;
        }

        /// <summary>Warm-up requests answered 2xx: they cost the target as much as measured ones.</summary>
        public long WarmupAccepted => Interlocked.Read(ref _warmupAccepted);

        // Called by the pacer: admit or drop, then hand off. Never blocks.
        public void Start(long index, long scheduledAt)
        {
            if (Interlocked.Increment(ref _inFlight) > _runner._settings.MaxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                if (_schedule.IsMeasured(index))
                {
                    _recorder.RecordDropped();
                }

                return;
            }

            ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Run.ExecuteAsync(state.Index, state.ScheduledAt), (Run: this, Index: index, ScheduledAt: scheduledAt), preferLocal: false);
        }

        public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _pacingDone, 1);
            if (Interlocked.Read(ref _inFlight) == 0)
            {
                _drained.TrySetResult();
            }

            try
            {
                await _drained.Task.WaitAsync(timeout, _runner._time, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        private async Task ExecuteAsync(long index, long scheduledAt)
        {
            var recorder = _schedule.IsMeasured(index) ? _recorder : null;
            var time = _runner._time;
            bool accepted = false;
            try
            {
                recorder?.RecordStart(time.GetTimestamp() - scheduledAt);
                var context = new RequestContext(_firstRequestNumber + index, _runner._settings.Seed, isWarmup: recorder is null);
                using var message = _runner._scenario.CreateRequest(context).ToMessage();
                using var response = await _runner._client.SendAsync(message, HttpCompletionOption.ResponseContentRead, _stepToken).ConfigureAwait(false);
                recorder?.RecordAnswer((int)response.StatusCode, time.GetTimestamp() - scheduledAt);
                accepted = response.IsSuccessStatusCode;
                if (accepted && recorder is null)
                {
                    Interlocked.Increment(ref _warmupAccepted);
                }
                if (accepted && _runner._scenario.FollowUp is { } followUp)
                {
                    var outcome = await followUp.RunAsync(new FollowUpContext(_runner._client, response, context, time), _stepToken).ConfigureAwait(false);
                    recorder?.RecordOutcome(outcome.Label, outcome.Decided, time.GetTimestamp() - scheduledAt);
                }
            }
#pragma warning disable CA1031 // Every failure of a request is data for the report, whatever its type.
            catch (Exception error)
#pragma warning restore CA1031
            {
                var kind = TransportErrors.Classify(error, _stepToken.IsCancellationRequested);
                if (accepted)
                {
                    recorder?.RecordOutcome($"follow-up error: {kind}", decided: false, time.GetTimestamp() - scheduledAt);
                }
                else
                {
                    recorder?.RecordError(kind);
                }
            }
            finally
            {
                if (Interlocked.Decrement(ref _inFlight) == 0 && Interlocked.CompareExchange(ref _pacingDone, 1, 1) == 1)
                {
                    _drained.TrySetResult();
                }
            }
        }
    }
}

/// <summary>
/// What a step measured: the step, how many requests it scheduled after the warm-up, the recorder, and how
/// many warm-up requests were answered 2xx (not measured, but work the target did).
/// </summary>
public sealed record StepMeasurement(LoadStep Step, long Scheduled, StepRecorder Recorder, long WarmupAccepted = 0)
{
    /// <summary>Requests neither answered, failed nor dropped when the step ended (abandoned in flight).</summary>
    public long Unfinished => Scheduled - Recorder.Dropped - Recorder.Ok - Recorder.Failed;
}

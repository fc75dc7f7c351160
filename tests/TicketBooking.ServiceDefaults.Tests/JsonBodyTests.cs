using System.Text;
using Microsoft.AspNetCore.Http;
using TicketBooking.ServiceDefaults.Http;

namespace TicketBooking.ServiceDefaults.Tests;

public class JsonBodyTests
{
    private const string Form = """{"currency": "EUR"}""";

    [Fact]
    public async Task A_body_within_the_limit_is_read_as_its_type()
    {
        var read = await JsonBody.ReadAsync<AccountRequest>(Request("""{"currency":"EUR"}"""), 64, Form, CancellationToken.None);

        Assert.True(read.TryGetValue(out var value, out _));
        Assert.Equal("EUR", value.Currency);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_413_whether_its_length_was_announced_or_not(bool announced)
    {
        var read = await JsonBody.ReadAsync<AccountRequest>(Request($$"""{"currency":"{{new string('E', 100)}}"}""", announced), 64, Form, CancellationToken.None);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, ProblemOf(read).StatusCode);
    }

    [Theory]
    [InlineData("""{"currency": """)]
    [InlineData("""{"currency": 5}""")]
    [InlineData("null")]
    [InlineData("")]
    public async Task A_missing_or_malformed_body_is_400(string body)
    {
        var read = await JsonBody.ReadAsync<AccountRequest>(Request(body), 64, Form, CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, ProblemOf(read).StatusCode);
    }

    [Fact]
    public async Task A_body_cut_short_is_400_and_a_client_gone_is_answered_nothing()
    {
        var cut = Request("{}");
        cut.Body = new FailingStream();
        Assert.Equal(StatusCodes.Status400BadRequest, ProblemOf(await JsonBody.ReadAsync<AccountRequest>(cut, 64, Form, CancellationToken.None)).StatusCode);

        var gone = Request("{}");
        gone.Body = new FailingStream();
        gone.HttpContext.RequestAborted = new CancellationToken(canceled: true);
        var problem = ProblemOf(await JsonBody.ReadAsync<AccountRequest>(gone, 64, Form, CancellationToken.None));
        Assert.Null(problem.StatusCode);
        await problem.ExecuteAsync(gone.HttpContext);
        Assert.False(gone.HttpContext.Response.HasStarted);
    }

    [Fact]
    public async Task The_raw_bytes_are_the_body_as_sent()
    {
        var read = await JsonBody.ReadBytesAsync(Request("""{ "currency" : "EUR" }""", announced: false), 64, CancellationToken.None);

        Assert.True(read.TryGetValue(out var bytes, out _));
        Assert.Equal("""{ "currency" : "EUR" }""", Encoding.UTF8.GetString(bytes.Span));
    }

    private static HttpRequest Request(string body, bool announced = true)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new DefaultHttpContext().Request;
        request.Body = new MemoryStream(bytes);
        request.ContentLength = announced ? bytes.Length : null;
        return request;
    }

    private static BodyProblem ProblemOf<T>(BodyRead<T> read)
    {
        Assert.False(read.TryGetValue(out _, out var problem));
        return problem;
    }

    private sealed record AccountRequest(string? Currency);

    /// <summary>A body whose client stopped sending: Kestrel's read fails.</summary>
    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("The client stopped sending.");
    }
}

using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using TicketBooking.ServiceDefaults.Http;
using TicketBooking.ServiceDefaults.OpenApi;

namespace TicketBooking.ServiceDefaults.Tests;

public class ProblemResultTests
{
    [Fact]
    public void A_union_of_problems_declares_each_status_with_its_problem_schema()
    {
        var metadata = MetadataOf<Results<Ok<string>, NotFoundProblem, UnprocessableProblem, BodyProblem>>();

        var responses = metadata.OfType<IProducesResponseTypeMetadata>().ToDictionary(response => response.StatusCode);
        Assert.Equal(new[] { 200, 404, 422, 400, 413 }, responses.Keys);
        Assert.Equal(typeof(ProblemDetails), responses[404].Type);
        Assert.Equal(typeof(HttpValidationProblemDetails), responses[422].Type);
        Assert.Equal(new[] { "application/problem+json" }, responses[413].ContentTypes);
    }

    [Fact]
    public void The_retry_later_problems_declare_their_retry_after()
    {
        var metadata = MetadataOf<Results<UnavailableProblem, TooManyRequestsProblem>>();

        Assert.Equal(new[] { 503, 429 }, metadata.OfType<DocumentedResponseHeader>().Select(header => header.StatusCode));
        Assert.All(metadata.OfType<DocumentedResponseHeader>(), header => Assert.Equal(HeaderNames.RetryAfter, header.Name));
    }

    [Fact]
    public async Task A_problem_is_written_as_problem_details_with_its_retry_after()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();

        await new UnavailableProblem("Away.", retryAfterSeconds: 2).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_problem_is_422_naming_the_field()
    {
        var problem = new UnprocessableProblem("amount", "Too much.");

        Assert.Equal(StatusCodes.Status422UnprocessableEntity, problem.StatusCode);
        Assert.Equal(new[] { "Too much." }, Assert.IsType<HttpValidationProblemDetails>(problem.ProblemDetails).Errors["amount"]);
    }

    private static List<object> MetadataOf<TResult>()
        where TResult : IEndpointMetadataProvider
    {
        var builder = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/"), order: 0);
        TResult.PopulateMetadata(typeof(ProblemResultTests).GetMethod(nameof(MetadataOf), BindingFlags.NonPublic | BindingFlags.Static)!, builder);
        return [.. builder.Metadata];
    }
}

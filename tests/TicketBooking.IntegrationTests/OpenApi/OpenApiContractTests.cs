using System.Text.Json.Nodes;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Wallet;

namespace TicketBooking.IntegrationTests.OpenApi;

/// <summary>
/// The OpenAPI documents the services serve are the ones committed under docs/openapi (regenerated with
/// docs/openapi/export.sh), so an API change that was not exported fails here, and they hold what a client
/// generator needs.
/// </summary>
[Collection(LocalServices.Name)]
public sealed class OpenApiContractTests(ServicesFixture services)
{
    [Fact]
    public async Task The_ingress_serves_the_committed_document()
    {
        await using var ingress = await IngressInstance.StartAsync(services);
        var served = await DocumentAsync(ingress.Address);

        AssertCommitted("ingress.json", served);
        AssertGeneratable(served);
        var placeOrder = Operation(served, "PlaceOrder");
        var idempotencyKey = Assert.Single(placeOrder["parameters"]!.AsArray(), parameter => (string?)parameter!["name"] == "Idempotency-Key");
        Assert.Equal("header", (string?)idempotencyKey!["in"]);
        Assert.True((bool?)idempotencyKey["required"]);
        Assert.Equal("Bearer", RequiredSchemes(placeOrder).Single());
        Assert.Empty(RequiredSchemes(Operation(served, "ListSessions")));
    }

    [Fact]
    public async Task The_wallet_serves_the_committed_document()
    {
        await using var wallet = await WalletInstance.StartApiOnlyAsync(services);
        var served = await DocumentAsync(wallet.Address);

        AssertCommitted("wallet.json", served);
        AssertGeneratable(served);
        var callback = Operation(served, "ReceiveProviderCallback");
        Assert.Empty(RequiredSchemes(callback));
        Assert.Contains(callback["parameters"]!.AsArray(), parameter => (string?)parameter!["name"] == "Provider-Signature" && (bool?)parameter["required"] == true);
        Assert.Equal("Bearer", RequiredSchemes(Operation(served, "CreditWallet")).Single());
        Assert.Empty(RequiredSchemes(Operation(served, "SignIn")));
    }

    private static async Task<JsonNode> DocumentAsync(Uri service)
    {
        using var http = new HttpClient { BaseAddress = service };
        return JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
    }

    private static void AssertCommitted(string file, JsonNode served)
    {
        var path = Path.Combine(RepositoryRoot.Path, "docs", "openapi", file);
        var committed = JsonNode.Parse(File.ReadAllText(path));
        Assert.True(JsonNode.DeepEquals(committed, served), $"docs/openapi/{file} is not what the service serves: run docs/openapi/export.sh and commit the result.");
    }

    /// <summary>The bearer scheme is declared, and every operation has an operationId and says which schemes it needs (none included).</summary>
    private static void AssertGeneratable(JsonNode document)
    {
        var bearer = document["components"]?["securitySchemes"]?["Bearer"];
        Assert.NotNull(bearer);
        Assert.Equal("http", (string?)bearer["type"]);
        Assert.Equal("bearer", (string?)bearer["scheme"]);
        foreach (var (path, operation) in Operations(document))
        {
            Assert.False(string.IsNullOrEmpty((string?)operation["operationId"]), $"An operation of {path} has no operationId.");
            Assert.True(operation["security"] is JsonArray, $"{operation["operationId"]} does not say which security schemes it needs.");
        }
    }

    private static IEnumerable<(string Path, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(operation => (path.Key, operation.Value!)));

    private static JsonNode Operation(JsonNode document, string operationId) =>
        Operations(document).Single(operation => (string?)operation.Operation["operationId"] == operationId).Operation;

    private static List<string> RequiredSchemes(JsonNode operation) =>
        [.. operation["security"]!.AsArray().SelectMany(requirement => requirement!.AsObject().Select(scheme => scheme.Key))];
}

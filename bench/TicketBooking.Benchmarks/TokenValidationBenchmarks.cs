using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Benchmarks;

/// <summary>
/// What checking a buyer's access token costs every request at the ingress (and the conventional yardstick): the
/// validation JwtBearer runs (<see cref="JsonWebTokenHandler"/> with <see cref="AccessTokens.ValidationParameters"/>,
/// HS256), and, for scale, issuing one. One operation is one token.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private readonly JsonWebTokenHandler _handler = new();
    private AccessTokens _tokens = null!;
    private TokenValidationParameters _parameters = null!;
    private string _token = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _tokens = new AccessTokens(new TokenOptions { TokenKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()) });
        _parameters = _tokens.ValidationParameters();
        _token = Issue();
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> Validate() => (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;

    [Benchmark]
    public string Issue() => _tokens.Issue(123_456_789, [Roles.Buyer], DateTimeOffset.UtcNow);
}

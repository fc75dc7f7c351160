using TicketBooking.LoadTests.Cli;

namespace TicketBooking.LoadTests.Tests;

public class CliValuesTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("20", 20_000)]
    [InlineData("00:00:03", 3000)]
    public void Durations_take_ms_s_m_or_plain_seconds(string text, double milliseconds)
    {
        Assert.True(CliValues.TryParseDuration(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("-1s")]
    [InlineData("5h")]
    public void Other_durations_are_refused(string text) => Assert.False(CliValues.TryParseDuration(text, out _));

    [Fact]
    public void Rates_are_a_comma_separated_list_of_positive_numbers()
    {
        Assert.True(CliValues.TryParseRates(["1000,2000", "4000"], out var rates));
        Assert.Equal([1000.0, 2000, 4000], rates);
        Assert.False(CliValues.TryParseRates(["1000,0"], out _));
        Assert.False(CliValues.TryParseRates(["x"], out _));
        Assert.False(CliValues.TryParseRates([""], out _));
    }

    [Theory]
    [InlineData("0.01", 0.01)]
    [InlineData("1%", 0.01)]
    [InlineData("0", 0)]
    public void Ratios_take_fractions_or_percentages(string text, double expected)
    {
        Assert.True(CliValues.TryParseRatio(text, out var ratio));
        Assert.Equal(expected, ratio, precision: 9);
        Assert.False(CliValues.TryParseRatio("150%", out _));
    }

    [Fact]
    public void Headers_are_name_colon_value()
    {
        Assert.True(CliValues.TryParseHeader("Authorization: Bearer x:y", out var header));
        Assert.Equal(new KeyValuePair<string, string>("Authorization", "Bearer x:y"), header);
        Assert.False(CliValues.TryParseHeader("no colon", out _));
    }
}

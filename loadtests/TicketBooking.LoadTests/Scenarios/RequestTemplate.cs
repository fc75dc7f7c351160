using System.Globalization;
using System.Text;
using TicketBooking.LoadTests.Auth;

namespace TicketBooking.LoadTests.Scenarios;

/// <summary>
/// Text with placeholders filled per request from its <see cref="RequestContext"/>:
/// <list type="bullet">
/// <item><c>{{index}}</c>: the request's index in its step;</item>
/// <item><c>{{uuid}}</c>: a UUID drawn from the request's random source;</item>
/// <item><c>{{int:MIN:MAX}}</c>: a whole number from MIN to MAX inclusive;</item>
/// <item><c>{{pick:a|b|c}}</c>: one of the listed values;</item>
/// <item><c>{{bearer:MIN:MAX}}</c>: <c>Bearer</c> and an access token of a buyer from MIN to MAX (needs <see cref="BuyerTokens"/>).</item>
/// </list>
/// Placeholders are filled in order of appearance, each drawing from the same random source, so
/// a template expands the same way for the same seed and index.
/// </summary>
public sealed class RequestTemplate
{
    private readonly Segment[] _segments;

    private RequestTemplate(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; an unknown or malformed placeholder throws <see cref="FormatException"/>.</summary>
    public static RequestTemplate Parse(string text, BuyerTokens? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<Segment>();
        int position = 0;
        while (position < text.Length)
        {
            int open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add(Segment.Literal(text[position..]));
                break;
            }

            if (open > position)
            {
                segments.Add(Segment.Literal(text[position..open]));
            }

            int close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"Unclosed placeholder at character {open} of the template.");
            }

            segments.Add(ParsePlaceholder(text[(open + 2)..close].Trim(), tokens));
            position = close + 2;
        }

        return new RequestTemplate(text, [.. segments]);
    }

    /// <summary>The text for one request.</summary>
    public string Expand(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_segments.Length == 1 && _segments[0].Kind == SegmentKind.Literal)
        {
            return _segments[0].Text!;
        }

        var builder = new StringBuilder(Text.Length + 32);
        foreach (var segment in _segments)
        {
            segment.AppendTo(builder, context);
        }

        return builder.ToString();
    }

    private static Segment ParsePlaceholder(string body, BuyerTokens? tokens)
    {
        var parts = body.Split(':', 2);
        switch (parts[0])
        {
            case "index" when parts.Length == 1:
                return new Segment(SegmentKind.Index);
            case "uuid" when parts.Length == 1:
                return new Segment(SegmentKind.Uuid);
            case "int" or "bearer" when parts.Length == 2:
                var bounds = parts[1].Split(':');
                if (bounds.Length != 2
                    || !long.TryParse(bounds[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var min)
                    || !long.TryParse(bounds[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var max)
                    || min > max
                    || max == long.MaxValue)
                {
                    throw new FormatException($"'{{{{{body}}}}}' needs two whole numbers MIN <= MAX, as in {{{{int:1:100}}}}.");
                }

                if (parts[0] == "int")
                {
                    return new Segment(SegmentKind.Int) { Min = min, Max = max };
                }

                return tokens is null || min < 1
                    ? throw new FormatException($"'{{{{{body}}}}}' mints buyer tokens: buyers from 1, and the token key in {BuyerTokens.KeyVariable} (./tb exports it).")
                    : new Segment(SegmentKind.Bearer) { Min = min, Max = max, Tokens = tokens };
            case "pick" when parts.Length == 2 && parts[1].Length > 0:
                return new Segment(SegmentKind.Pick) { Choices = parts[1].Split('|') };
            default:
                throw new FormatException($"Unknown placeholder '{{{{{body}}}}}'; known: {{{{index}}}}, {{{{uuid}}}}, {{{{int:MIN:MAX}}}}, {{{{pick:a|b}}}}, {{{{bearer:MIN:MAX}}}}.");
        }
    }

    private enum SegmentKind
    {
        Literal,
        Index,
        Uuid,
        Int,
        Pick,
        Bearer,
    }

    private sealed record Segment(SegmentKind Kind)
    {
        public string? Text { get; init; }

        public long Min { get; init; }

        public long Max { get; init; }

        public string[] Choices { get; init; } = [];

        public BuyerTokens? Tokens { get; init; }

        public static Segment Literal(string text) => new(SegmentKind.Literal) { Text = text };

        public void AppendTo(StringBuilder builder, RequestContext context)
        {
            switch (Kind)
            {
                case SegmentKind.Literal:
                    builder.Append(Text);
                    break;
                case SegmentKind.Index:
                    builder.Append(context.Index.ToString(CultureInfo.InvariantCulture));
                    break;
                case SegmentKind.Uuid:
                    Span<byte> bytes = stackalloc byte[16];
                    context.Random.NextBytes(bytes);
                    builder.Append(new Guid(bytes).ToString("D"));
                    break;
                case SegmentKind.Int:
                    builder.Append(context.Random.NextInt64(Min, Max + 1).ToString(CultureInfo.InvariantCulture));
                    break;
                case SegmentKind.Pick:
                    builder.Append(Choices[context.Random.Next(Choices.Length)]);
                    break;
                case SegmentKind.Bearer:
                    builder.Append(Tokens!.AuthorizationFor(context.Random.NextInt64(Min, Max + 1)));
                    break;
            }
        }
    }
}

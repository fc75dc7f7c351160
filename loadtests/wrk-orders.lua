-- wrk script for the hot drop, closed loop: every request is an order for 1-4 distinct random seats of one
-- session, from a random buyer, with a fresh Idempotency-Key. The same script drives TicketBooking's
-- ingress and the conventional service.
--
--   wrk -t2 -c64 -d30s --latency -s loadtests/wrk-orders.lua URL -- SEATS FIRST_BUYER LAST_BUYER TOKENS_FILE
--
-- URL is http://HOST:PORT/api/sessions/ID/orders; SEATS the seats of the session (ids 0..SEATS-1).
-- TOKENS_FILE holds one Authorization value per line for buyers FIRST_BUYER.. in order (the load generator's
-- `tokens` command writes it); each request carries the token of its buyer. Both TicketBooking's ingress and
-- the conventional service check it.
-- At the end it prints one 'status NNN: COUNT' line per HTTP status, summed over the threads
-- (TicketBooking.LoadTests compare reads them).

local threads = {}

function setup(thread)
    thread:set("thread_number", #threads + 1)
    table.insert(threads, thread)
end

local seat_count, first_buyer, last_buyer, key_prefix
local tokens = {}
local sent = 0
statuses = {}

function init(args)
    seat_count = tonumber(args[1]) or 20000
    first_buyer = tonumber(args[2]) or 1
    last_buyer = tonumber(args[3]) or 1000000
    for line in io.lines(args[4]) do
        tokens[#tokens + 1] = line
    end
    last_buyer = math.min(last_buyer, first_buyer + #tokens - 1)
    -- Keys stay unique across threads and across runs against the same buyers.
    key_prefix = string.format("wrk-%d-%d-", os.time(), thread_number)
    math.randomseed(os.time() * 1000 + thread_number)
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
end

function request()
    sent = sent + 1
    local wanted = math.random(1, 4)
    local picked, seats = {}, {}
    while #seats < wanted do
        local seat = math.random(0, seat_count - 1)
        if not picked[seat] then
            picked[seat] = true
            seats[#seats + 1] = string.format("%d", seat)
        end
    end
    -- Buyer ids are large (clock-based): %d keeps them out of exponent notation.
    wrk.headers["Authorization"] = tokens[math.random(1, last_buyer - first_buyer + 1)]
    wrk.headers["Idempotency-Key"] = key_prefix .. sent
    return wrk.format(nil, nil, nil, '{"seats":[' .. table.concat(seats, ",") .. ']}')
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            total[status] = (total[status] or 0) + count
        end
    end
    for status, count in pairs(total) do
        io.write(string.format("status %d: %d\n", status, count))
    end
end

-- Commenters: POST a new comment through the API, each wrk thread as its own person.
-- TOKENS (comma-separated personal access tokens, one per thread) and DISCUSSION come from
-- the environment; run with -t and -c both equal to the number of tokens.
local threads = {}
local tokens = {}
for token in string.gmatch(os.getenv("TOKENS"), "[^,]+") do table.insert(tokens, token) end
local discussion = os.getenv("DISCUSSION")
local label = os.getenv("LABEL") or "x"

function setup(thread)
    table.insert(threads, thread)
    thread:set("id", #threads)
    thread:set("token", tokens[#threads])
end

function init(args)
    created, failed, sent, ids = 0, 0, 0, ""
    wrk.method = "POST"
    wrk.path = "/api/v1/discussions/" .. discussion .. "/comments"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
    sent = sent + 1
    -- Unique text: the same text twice in a row would be taken for a double submission.
    local body = string.format('{"body": "Load test comment %s-%d-%d: does this scale?"}',
        label, id, sent)
    return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
    if status == 201 then
        created = created + 1
        ids = ids .. "," .. string.match(body, '"id": *(%d+)')
    else
        failed = failed + 1
    end
end

function done(summary, latency, requests)
    local created_total, failed_total, all_ids = 0, 0, ""
    for _, thread in ipairs(threads) do
        created_total = created_total + thread:get("created")
        failed_total = failed_total + thread:get("failed")
        all_ids = all_ids .. thread:get("ids")
    end
    io.write("IDS " .. all_ids .. "\n")
    local e = summary.errors
    io.write(string.format(
        'RESULT {"requests": %d, "created": %d, "failed": %d, "socket_errors": %d, ' ..
        '"seconds": %.3f, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
        summary.requests, created_total, failed_total,
        e.connect + e.read + e.write + e.timeout,
        summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
        latency:percentile(99) / 1e3, latency.max / 1e3))
end

-- Readers: GET the post page again and again, counting answers by status.
-- wrk -s bench/load/read.lua http://127.0.0.1:PORT/blog/SLUG/
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    ok, failed = 0, 0
end

function response(status, headers, body)
    if status == 200 then ok = ok + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
    local ok_total, failed_total = 0, 0
    for _, thread in ipairs(threads) do
        ok_total = ok_total + thread:get("ok")
        failed_total = failed_total + thread:get("failed")
    end
    local e = summary.errors
    io.write(string.format(
        'RESULT {"requests": %d, "ok": %d, "failed": %d, "socket_errors": %d, ' ..
        '"seconds": %.3f, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
        summary.requests, ok_total, failed_total,
        e.connect + e.read + e.write + e.timeout,
        summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
        latency:percentile(99) / 1e3, latency.max / 1e3))
end

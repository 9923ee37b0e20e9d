-- wrk script for the soak: cycles through BENCH_PLAN ("token path" pairs separated by "|": each user's own mix),
-- each connection waiting BENCH_DELAY_MS between requests (the soak adjusts it to hold the target rate),
-- and prints one JSON line of results.
local plan = {}
for entry in string.gmatch(os.getenv("BENCH_PLAN") or "", "[^|]+") do
  local token, path = string.match(entry, "^(%S+) (.+)$")
  table.insert(plan, {token = token, path = path})
end
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local counter = 0

function setup(thread)
  thread:set("offset", math.random(1, 1000))
end

request = function()
  counter = counter + 1
  local step = plan[((counter + (offset or 0)) % #plan) + 1]
  return wrk.format("GET", step.path, {["Authorization"] = "Bearer " .. step.token})
end

delay = function()
  return pause
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format('BENCH_JSON {"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "requests": %d, "seconds": %.3f, "errors": %d, "non_2xx": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.duration / 1e6, errors, summary.errors.status))
end

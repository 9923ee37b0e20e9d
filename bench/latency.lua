-- wrk script for make bench and make soak; prints one JSON line of results.
-- Bench: the URL given to wrk, rotating the Bearer tokens of several users (BENCH_TOKENS, comma-separated)
-- and/or sending a session cookie (BENCH_COOKIE).
-- Soak: BENCH_PLAN, "token path" pairs separated by "|" (each user's own mix), cycled through, each connection
-- waiting BENCH_DELAY_MS between requests (the soak adjusts it to hold the target rate).
local tokens, plan = {}, {}
for t in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^,]+") do table.insert(tokens, t) end
for entry in string.gmatch(os.getenv("BENCH_PLAN") or "", "[^|]+") do
  local token, path = string.match(entry, "^(%S+) (.+)$")
  table.insert(plan, {token = token, path = path})
end
local cookie = os.getenv("BENCH_COOKIE") or ""
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local counter = 0

function setup(thread)
  thread:set("offset", math.random(1, 1000))
end

request = function()
  counter = counter + 1
  if #plan > 0 then
    local step = plan[((counter + (offset or 0)) % #plan) + 1]
    return wrk.format("GET", step.path, {["Authorization"] = "Bearer " .. step.token})
  end
  local headers = {}
  if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(counter % #tokens) + 1] end
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", wrk.path, headers)
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

-- wrk script: GET the paths listed in the file $PATHS_FILE (one a line) in turn, each thread starting at its own
-- place in the list; with $TOKEN set, as that bearer; with $IF_NONE_MATCH set, sending it (a client that has the
-- answer already). Prints one RESULT line like post-report.lua.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local token = os.getenv("TOKEN")
local headers = { ["Accept"] = "application/json" }
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
local etag = os.getenv("IF_NONE_MATCH")
if etag and etag ~= "" then headers["If-None-Match"] = etag end

-- setup runs in wrk's main state: number the threads so each starts at its own place in the list.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local i = 0
init = function(args)
  i = ((id or 1) * 7919) % #paths
end

request = function()
  i = (i % #paths) + 1
  return wrk.format("GET", paths[i], headers)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f non_2xx=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

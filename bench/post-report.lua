-- wrk script: POST /api/v1/reports as an enrolled kiosk (token in $KIOSK_TOKEN), a fresh Idempotency-Key
-- per request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KIOSK_TOKEN")
wrk.body = '{"category":"environment","title":"垃圾清运不及时","description":"3号楼旁的垃圾桶已经三天没有清运，气味很大，请尽快处理。","station":"XH-01","channel":"kiosk","contact":{"name":"王阿姨","phone":"13812341234"},"consent":{"personal_info":true}}'

local counter = 0
local thread_id = math.random(1, 1000000000)
request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = string.format("bench-%d-%d", thread_id, counter)
  return wrk.format()
end

-- Count non-2xx answers so a run that only produced errors is obvious.
local failures = 0
response = function(status, headers, body)
  if status ~= 201 then failures = failures + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f non_2xx=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

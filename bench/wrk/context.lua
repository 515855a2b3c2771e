-- POST /tao/context with Quote|Ask|Bench and a fresh Idempotency-Key per request, so that every request
-- is a new delivery (bench/context.sh). With DELAY_MS set, each connection waits that long after every
-- answer (the paced runs).
local counter = 0
local pause = tonumber(os.getenv("DELAY_MS") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.body = os.getenv("CONTEXT_BODY")
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer bench"
end

function request()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = string.format("ctx-%d-%d-%d", os.time(), tid, counter)
  return wrk.format()
end

-- a request answered anything but 200 (a 504, a 500) is counted, so that a fast error cannot pass for a
-- fast response
local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("failures") or 0)
  end
  io.write(string.format("non-200: %d\n", total))
end

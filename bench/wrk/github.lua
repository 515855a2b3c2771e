-- A signed 1 KB GitHub-style push with a fresh X-GitHub-Delivery per request. GitHub signs the body
-- only, so one signature (computed by github-delivery.sh) fits every request while each delivery id is new and
-- passes dedupe.
-- With DELAY_MS set, each connection waits that long after every answer (load.sh's paced runs). With
-- EXPECT_STATUS set (a sync source answering 200 with its response: bench/context.sh), an answer of any
-- other status is counted, so that a fast 202 cannot pass for a fast response.
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
  wrk.body = os.getenv("BODY")
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-GitHub-Event"] = "push"
  wrk.headers["X-Hub-Signature-256"] = os.getenv("SIGNATURE")
end

function request()
  counter = counter + 1
  -- wrk.format takes the headers given instead of wrk.headers, so pass them all
  wrk.headers["X-GitHub-Delivery"] = string.format("bench-%d-%d-%d", os.time(), tid, counter)
  return wrk.format()
end

local expect = tonumber(os.getenv("EXPECT_STATUS") or "0")
local failures = 0
if expect > 0 then
  function response(status, headers, body)
    if status ~= expect then
      failures = failures + 1
    end
  end

  function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
      total = total + (thread:get("failures") or 0)
    end
    io.write(string.format("non-%d: %d\n", expect, total))
  end
end

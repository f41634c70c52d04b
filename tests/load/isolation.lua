-- wrk script for tests/load/isolation.sh: the engine issue's isolation check on every response.
-- A /whoami answer is good when the request id read through the request Local ("request_id")
-- equals the id the server gave the request ("server_request_id") and the X-Request-Id header
-- (set by an after_request hook, also through the Local). Each wrk thread stops after its share
-- of the requests. Arguments after --: requests per thread; a path prefix for the marker file
-- each thread writes when it has stopped; the pause before each request, in ms.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  good, cross, failed = 0, 0, 0
  limit = tonumber(args[1]) or 0
  marker = args[2]
  pause = tonumber(args[3]) or 0
  stopped = false
end

-- Milliseconds each connection waits before its next request (the third argument): paces the
-- load so that the engine's event writer keeps up (a dropped event makes the check incomplete).
function delay()
  return pause
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
  else
    local seen = body:match('"request_id":%s*(%d+)')
    local own = body:match('"server_request_id":%s*(%d+)')
    local header = headers["X-Request-Id"]
    if seen ~= nil and seen == own and header == own then
      good = good + 1
    else
      cross = cross + 1
      if cross <= 3 then
        io.stderr:write("cross-request answer: X-Request-Id " .. tostring(header) .. ": " .. body .. "\n")
      end
    end
  end
  if limit > 0 and not stopped and good + cross + failed >= limit then
    stopped = true
    -- wrk itself runs for its whole -d; the script interrupts it once every thread wrote this.
    if marker then
      local f = io.open(marker .. "." .. id, "w")
      if f then f:write("done\n") f:close() end
    end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local g, c, f = 0, 0, 0
  for _, t in ipairs(threads) do
    g = g + t:get("good")
    c = c + t:get("cross")
    f = f + t:get("failed")
  end
  io.write(string.format("iso_good=%d\niso_cross_answers=%d\niso_failed=%d\n", g, c, f))
end

-- wrk script: every connection's requests carry a real session cookie, as a browser's would.
--
--   wrk -s bench/session-cookie.lua URL -- PATH [SESSIONS_PER_THREAD]
--
-- Seeding: the first requests of each wrk thread go to "/" without a cookie; each distinct Set-Cookie
-- that comes back is one new session, kept in the thread's pool. Once the pool holds
-- SESSIONS_PER_THREAD sessions (wrk-demo.sh uses 4 x connections / threads, so concurrent requests
-- rarely share one), every request goes to PATH with the pool's cookies in turn: the session exists and
-- is read on every request.
-- "/" writes the session (the counter), "/whoami" only reads it.
--
-- Against a server without sessions (--no-session) no Set-Cookie ever comes back: after a few seeding
-- requests the script sends SESSIONS_PER_THREAD dummy cookies of the same length in turn, so both runs
-- send the same bytes and defeat Jetty's per-connection header cache in the same way.

local path = "/"
local want = 16
local pool = {}
local known = {}
local turn = 0
local misses = 0
local dummies = {}
pooled = 0 -- global: done() reads it from each thread

function init(args)
  path = args[1] or "/"
  want = tonumber(args[2]) or 16
  for i = 1, want do
    dummies[i] = string.format("connect.sid=s%%3A%032d.%s", i, string.rep("y", 47))
  end
end

local function seeding()
  return pooled < want and misses < want * 4
end

function request()
  if seeding() then
    return wrk.format("GET", "/")
  end
  local cookie
  if pooled > 0 then
    turn = turn % pooled + 1
    cookie = pool[turn]
  else
    turn = turn % want + 1
    cookie = dummies[turn]
  end
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end

function response(status, headers, body)
  if pooled >= want then
    return
  end
  local setCookie = headers["Set-Cookie"] or headers["set-cookie"]
  local pair = setCookie and setCookie:match("^([^;]+)")
  if pair and not known[pair] then
    known[pair] = true
    pooled = pooled + 1
    pool[pooled] = pair
  elseif not pair then
    misses = misses + 1
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local sessions = 0
  for _, t in ipairs(threads) do
    sessions = sessions + (t:get("pooled") or 0)
  end
  io.write(string.format("Sessions used: %d\n", sessions))
end

-- wrk script for bench/soak.sh: a mix of new, reading and writing sessions, as a site's traffic is.
--
--   wrk -s bench/soak-mix.lua URL -- [NEW_PERCENT] [READ_PERCENT] [POOL]
--
-- Each request is, at random: a new visitor (no cookie, "/": the counter creates and writes a session),
-- a read of a known session ("/whoami" with its cookie), or a write to one ("/" with its cookie). Every
-- Set-Cookie that comes back joins the thread's pool of known sessions (at most POOL; a newer one replaces
-- a random older one, so old sessions stop being used and expire in the store as abandoned ones do).

local newPercent = 10
local readPercent = 45
local poolSize = 2000
local pool = {}
local pooled = 0

function init(args)
  newPercent = tonumber(args[1]) or newPercent
  readPercent = tonumber(args[2]) or readPercent
  poolSize = tonumber(args[3]) or poolSize
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local r = math.random(100)
  if pooled == 0 or r <= newPercent then
    return wrk.format("GET", "/")
  end
  local cookie = pool[math.random(pooled)]
  if r <= newPercent + readPercent then
    return wrk.format("GET", "/whoami", { ["Cookie"] = cookie })
  end
  return wrk.format("GET", "/", { ["Cookie"] = cookie })
end

function response(status, headers, body)
  local setCookie = headers["Set-Cookie"] or headers["set-cookie"]
  local pair = setCookie and setCookie:match("^([^;]+)")
  if not pair then
    return
  end
  if pooled < poolSize then
    pooled = pooled + 1
    pool[pooled] = pair
  else
    pool[math.random(poolSize)] = pair
  end
end

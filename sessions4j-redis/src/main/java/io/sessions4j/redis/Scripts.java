package io.sessions4j.redis;

/**
 * The store's Lua scripts. Each is declared with one key ({@code KEYS[1]}), so each is cluster-safe, and each
 * runs atomically on the server, which is what makes the read-and-touch and the compare-and-set one round trip.
 * On standalone Redis ({@code inline} '1') the writing scripts also update the principal's index key, which
 * they name from the record's principal: there are no slots there, so the session and its index change in one
 * atomic step. On Cluster the index is in another slot; the scripts then only report the principal and the
 * store updates the index in a second step, which reads heal (see {@code RedisStore#principals()}).
 *
 * <p>Expiries travel as <em>relative</em> milliseconds ({@code PX}, {@code PEXPIRE}, {@code PTTL}), computed
 * from the application's clock: a Redis server whose clock differs from the application's then neither
 * shortens nor lengthens sessions, and nothing depends on the two clocks agreeing (connect-redis also sends
 * relative TTLs).
 */
final class Scripts {
    private Scripts() {
    }

    /**
     * The index helpers every writing script starts with. {@code principal_of} finds the principal the engine
     * keeps in the record's {@code __sessions4j} object (decoding the JSON only when the text mentions one);
     * {@code reindex} adds ({@code at} = expiry in epoch ms) or removes ({@code at} nil) one id in a
     * principal's sorted set, prunes the members whose expiry has passed, and gives the set the TTL of its
     * last member, so a set whose sessions have all expired disappears with them. In a cluster the index key
     * is in another slot than the session key: the scripts then only report the principal ({@code inline}
     * false) and the store updates the index in a second step ({@link #INDEX}). {@code track} does the same for
     * the {@link ExpiryIndex} ({@code z} its sorted set, {@code h} its principals, '' when it is off): the id
     * with its expiry ({@code at}) and principal, or ({@code at} nil) forgotten.
     */
    private static final String INDEX_HELPERS = """
            local function principal_of(v)
              if not v or not string.find(v, '"principal"', 1, true) then return nil end
              local ok, doc = pcall(cjson.decode, v)
              if ok and type(doc) == 'table' and type(doc.__sessions4j) == 'table'
                  and type(doc.__sessions4j.principal) == 'string' then
                return doc.__sessions4j.principal
              end
              return nil
            end
            local function reindex(idx, id, at, now)
              if at then redis.call('ZADD', idx, at, id) else redis.call('ZREM', idx, id) end
              redis.call('ZREMRANGEBYSCORE', idx, '-inf', now)
              local top = redis.call('ZRANGE', idx, -1, -1, 'WITHSCORES')
              if top[2] then redis.call('PEXPIRE', idx, math.max(1, tonumber(top[2]) - now)) end
            end
            local function track(z, h, id, at, p)
              if z == '' then return end
              if at then
                redis.call('ZADD', z, at, id)
                if p then redis.call('HSET', h, id, p) else redis.call('HDEL', h, id) end
              else
                redis.call('ZREM', z, id)
                redis.call('HDEL', h, id)
              end
            end
            """;

    /** {@code GET} and {@code PTTL} together, so the value and its expiry belong to the same instant. */
    static final LuaScript READ = new LuaScript("""
            local value = redis.call('GET', KEYS[1])
            if not value then return {} end
            return {value, redis.call('PTTL', KEYS[1])}
            """);

    /**
     * {@code GET}, {@code PTTL}, and {@code PEXPIRE} when the touch is due: the engine's rule of
     * {@link io.sessions4j.spi.TouchRequest#isDue}, evaluated relative to now. The wanted lifetime is the
     * cookie's {@code originalMaxAge}, read with an anchored pattern where the JSON starts as express writes
     * it ({@code {"cookie":{"originalMaxAge":...}}) and with cjson otherwise; a cookie without one (a
     * browser-session cookie) gets ARGV[2]. A lifetime that is not a positive number up to ARGV[3] (the
     * longest a cookie may live) is no reason to fail the read: the key is left as it is, and the engine then
     * refuses the record. A touch moves the record's index entry too (ARGV[4] now in epoch ms, [5] the index
     * prefix, [6] inline, [7] the id). It never shortens a TTL, so it leaves the {@link ExpiryIndex} alone: the
     * score there stays a lower bound of the key's expiry, which a drain corrects. Returns
     * {@code {value, pttl-after[, principal when touched]}} or an empty array.
     */
    static final LuaScript READ_AND_TOUCH = new LuaScript(INDEX_HELPERS + """
            local value = redis.call('GET', KEYS[1])
            if not value then return {} end
            local ttl = redis.call('PTTL', KEYS[1])
            local touchAfter = tonumber(ARGV[1])
            local wanted = nil
            local head = '^%s*{%s*"cookie"%s*:%s*{%s*"originalMaxAge"%s*:%s*'
            local number = string.match(value, head .. '(%-?[%d%.eE%+%-]+)%s*[,}]')
            if number then
              wanted = tonumber(number)
            elseif not string.match(value, head .. 'null%s*[,}]') then
              local ok, doc = pcall(cjson.decode, value)
              if ok and type(doc) == 'table' and type(doc.cookie) == 'table'
                  and type(doc.cookie.originalMaxAge) == 'number' then
                wanted = doc.cookie.originalMaxAge
              end
            end
            if wanted == nil then wanted = tonumber(ARGV[2]) end
            if not (wanted > 0 and wanted <= tonumber(ARGV[3])) then return {value, ttl} end
            if ttl < 0 or (wanted - ttl >= touchAfter and wanted > ttl) then
              redis.call('PEXPIRE', KEYS[1], string.format('%.0f', wanted))
              ttl = wanted
              local p = principal_of(value)
              if p then
                local now = tonumber(ARGV[4])
                if ARGV[6] == '1' then
                  reindex(ARGV[5] .. '{' .. p .. '}', ARGV[7], string.format('%.0f', now + wanted), now)
                end
                return {value, ttl, p}
              end
            end
            return {value, ttl}
            """);

    /**
     * Compare-and-set: writes ARGV[2] with a lifetime of ARGV[3] ms only when the key holds exactly ARGV[1];
     * a missing key is never created. A lifetime of zero or less deletes it (connect-redis: TTL &le; 0 is a
     * destroy). ARGV[4] is the new record's principal ('' for none), ARGV[5] its expiry (epoch ms), ARGV[6]
     * now (epoch ms), ARGV[7] the index key prefix, ARGV[8] '1' to update the indexes here, ARGV[9] the id,
     * ARGV[10] and [11] the expiry index's keys. Returns {@code {written, old principal or nil}}.
     */
    static final LuaScript REPLACE = new LuaScript(INDEX_HELPERS + """
            local old = redis.call('GET', KEYS[1])
            if old ~= ARGV[1] then return {0} end
            local was = principal_of(old)
            local now = tonumber(ARGV[6])
            if tonumber(ARGV[3]) <= 0 then
              redis.call('DEL', KEYS[1])
              if ARGV[8] == '1' then
                if was then reindex(ARGV[7] .. '{' .. was .. '}', ARGV[9], nil, now) end
                track(ARGV[10], ARGV[11], ARGV[9], nil)
              end
              return {1, was}
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            if ARGV[8] == '1' then
              if was and was ~= ARGV[4] then reindex(ARGV[7] .. '{' .. was .. '}', ARGV[9], nil, now) end
              if ARGV[4] ~= '' then reindex(ARGV[7] .. '{' .. ARGV[4] .. '}', ARGV[9], ARGV[5], now) end
              track(ARGV[10], ARGV[11], ARGV[9], ARGV[5], ARGV[4] ~= '' and ARGV[4] or nil)
            end
            return {1, was}
            """);

    /**
     * {@code SET} of a record naming a principal, with its index entry (ARGV as {@link #REPLACE} from [2]:
     * json, ttl, principal, expiry, now, index prefix, inline, id, expiry index keys).
     */
    static final LuaScript SET_INDEXED = new LuaScript(INDEX_HELPERS + """
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            if ARGV[8] == '1' then
              reindex(ARGV[7] .. '{' .. ARGV[4] .. '}', ARGV[9], ARGV[5], tonumber(ARGV[6]))
              track(ARGV[10], ARGV[11], ARGV[9], ARGV[5], ARGV[4])
            end
            return 1
            """);

    /**
     * {@code SET} of a record of nobody's, with its expiry index entry, on standalone Redis. ARGV[1] json, [2] ttl
     * ms, [3] expiry (epoch ms), [4] and [5] the expiry index's keys, [6] the id.
     */
    static final LuaScript SET_TRACKED = new LuaScript(INDEX_HELPERS + """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            track(ARGV[4], ARGV[5], ARGV[6], ARGV[3], nil)
            return 1
            """);

    /**
     * Destroy: {@code DEL}, and the id leaves its principal's index. ARGV[1] now (epoch ms), ARGV[2] the index
     * prefix, ARGV[3] inline, ARGV[4] the id, ARGV[5] and [6] the expiry index's keys. Returns the principal the
     * record named, or nil. A key that is already gone is left in the expiry index: it expired, and a drain
     * reports it.
     */
    static final LuaScript DESTROY = new LuaScript(INDEX_HELPERS + """
            local v = redis.call('GET', KEYS[1])
            if not v then return false end
            redis.call('DEL', KEYS[1])
            local p = principal_of(v)
            if ARGV[3] == '1' then
              if p then reindex(ARGV[2] .. '{' .. p .. '}', ARGV[4], nil, tonumber(ARGV[1])) end
              track(ARGV[5], ARGV[6], ARGV[4], nil)
            end
            return p or false
            """);

    /**
     * Touch: {@code PEXPIRE} of an existing key to ARGV[1] ms, and its index entry's score moves with it (the
     * index is scored by expiry). ARGV[2] the new expiry (epoch ms), ARGV[3] now, ARGV[4] the index prefix,
     * ARGV[5] inline, ARGV[6] the id, ARGV[7] and [8] the expiry index's keys (the score follows the touch,
     * which may shorten the lifetime). Returns {@code {touched, principal or nil}}.
     */
    static final LuaScript TOUCH = new LuaScript(INDEX_HELPERS + """
            if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 0 then return {0} end
            local v = redis.call('GET', KEYS[1])
            local p = principal_of(v)
            if ARGV[5] == '1' then
              if p then reindex(ARGV[4] .. '{' .. p .. '}', ARGV[6], ARGV[2], tonumber(ARGV[3])) end
              track(ARGV[7], ARGV[8], ARGV[6], ARGV[2], p)
            end
            return {1, p or false}
            """);

    /**
     * The index maintenance of one id as a step of its own, on the index key alone ({@code KEYS[1]}): for Redis
     * Cluster, where the session key lives in another slot. ARGV[1] the id, ARGV[2] its expiry (epoch ms) or ''
     * to remove it, ARGV[3] now.
     */
    static final LuaScript INDEX = new LuaScript(INDEX_HELPERS + """
            local at = nil
            if ARGV[2] ~= '' then at = ARGV[2] end
            reindex(KEYS[1], ARGV[1], at, tonumber(ARGV[3]))
            return 1
            """);

    /**
     * The ids of a principal's index ({@code KEYS[1]}) whose expiry is still ahead of ARGV[1] (now, epoch ms),
     * expiring first first; the expired ones are pruned on the way.
     */
    static final LuaScript INDEX_READ = new LuaScript("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """);

    /**
     * Admission under a limit, on standalone Redis, in one atomic step: KEYS[1] the session key, KEYS[2] the
     * principal's index. ARGV: [1] '1' for a compare-and-set against [2], else a plain write; [3] json, [4]
     * ttl ms, [5] principal, [6] expiry (epoch ms), [7] now, [8] limit, [9] '1' to end the oldest, [10] the
     * session key prefix, [11] the id, [12] and [13] the expiry index's keys. The principal's other members are
     * checked against their records
     * (gone, or naming another principal: removed) before they are counted. Returns
     * {@code {'written', ended ids...}}, {@code {'conflict'}} or {@code {'refused'}}.
     */
    static final LuaScript ADMIT = new LuaScript(INDEX_HELPERS + """
            if ARGV[1] == '1' and redis.call('GET', KEYS[1]) ~= ARGV[2] then return {'conflict'} end
            local now = tonumber(ARGV[7])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
            local others = {}
            for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
              if m ~= ARGV[11] then
                if principal_of(redis.call('GET', ARGV[10] .. m)) == ARGV[5] then
                  table.insert(others, m)
                else
                  redis.call('ZREM', KEYS[2], m)
                end
              end
            end
            local limit = tonumber(ARGV[8])
            local result = {'written'}
            if #others >= limit then
              if ARGV[9] ~= '1' then return {'refused'} end
              for i = 1, #others - limit + 1 do
                redis.call('DEL', ARGV[10] .. others[i])
                redis.call('ZREM', KEYS[2], others[i])
                track(ARGV[12], ARGV[13], others[i], nil)
                table.insert(result, others[i])
              end
            end
            redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
            reindex(KEYS[2], ARGV[11], ARGV[6], now)
            track(ARGV[12], ARGV[13], ARGV[11], ARGV[6], ARGV[5])
            return result
            """);

    /**
     * Admission under a limit on the index alone (Redis Cluster, first step): KEYS[1] the index; ARGV [1] id,
     * [2] expiry, [3] now, [4] limit, [5] '1' to end the oldest. The session is written after it, and checked
     * to still be a member after that (see {@code RedisStore}). Returns {@code {'written', ended ids...}} or
     * {@code {'refused'}}.
     */
    static final LuaScript ADMIT_INDEX = new LuaScript(INDEX_HELPERS + """
            local now = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local others = {}
            for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              if m ~= ARGV[1] then table.insert(others, m) end
            end
            local limit = tonumber(ARGV[4])
            local result = {'written'}
            if #others >= limit then
              if ARGV[5] ~= '1' then return {'refused'} end
              for i = 1, #others - limit + 1 do
                redis.call('ZREM', KEYS[1], others[i])
                table.insert(result, others[i])
              end
            end
            reindex(KEYS[1], ARGV[1], ARGV[2], now)
            return result
            """);

    /**
     * {@code GET} and {@code PTTL} with the SHA-1 of the stored bytes, for when the text as decoded contains
     * U+FFFD: either the record holds that character, or it holds bytes that are not UTF-8, which the codec
     * decoded to it. The digest tells the two apart. Returns {@code {value, pttl, sha1hex}} or an empty array.
     */
    static final LuaScript READ_WITH_DIGEST = new LuaScript("""
            local value = redis.call('GET', KEYS[1])
            if not value then return {} end
            return {value, redis.call('PTTL', KEYS[1]), redis.sha1hex(value)}
            """);

    /**
     * The near cache's form of a script: the same script, then a read of {@code KEYS[1]}. Redis stops tracking a
     * key for a client once the key is modified, and with {@code NOLOOP} does not even tell the client that wrote
     * it; reading the key again inside the same atomic step puts the near cache's connection back on the key's
     * tracking list, so it hears of the next change by anyone else.
     */
    static LuaScript keepTracked(LuaScript script) {
        return new LuaScript("local function run()\n" + script.source() + "\nend\n"
                + "local result = run()\n"
                + "redis.call('EXISTS', KEYS[1])\n"
                + "return result\n");
    }

    /** {@link #READ} through the near cache's connection. */
    static final LuaScript READ_TRACKED = keepTracked(READ);
    /** {@link #READ_AND_TOUCH} through the near cache's connection: its {@code PEXPIRE} would end the tracking. */
    static final LuaScript READ_AND_TOUCH_TRACKED = keepTracked(READ_AND_TOUCH);
    /** {@link #REPLACE} through the near cache's connection. */
    static final LuaScript REPLACE_TRACKED = keepTracked(REPLACE);
    /** {@link #TOUCH} through the near cache's connection. */
    static final LuaScript TOUCH_TRACKED = keepTracked(TOUCH);

    /** Deletes the lock key only while it holds ARGV[1], the owner's token. Returns 1 when deleted, 0 otherwise. */
    static final LuaScript UNLOCK = new LuaScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            return 1
            """);
}

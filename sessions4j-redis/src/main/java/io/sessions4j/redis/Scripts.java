package io.sessions4j.redis;

/**
 * The store's Lua scripts. Each touches one key ({@code KEYS[1]}), so each is cluster-safe, and each runs
 * atomically on the server, which is what makes the read-and-touch and the compare-and-set one round trip.
 *
 * <p>Expiries travel as <em>relative</em> milliseconds ({@code PX}, {@code PEXPIRE}, {@code PTTL}), computed
 * from the application's clock: a Redis server whose clock differs from the application's then neither
 * shortens nor lengthens sessions, and nothing depends on the two clocks agreeing (connect-redis also sends
 * relative TTLs).
 */
final class Scripts {
    private Scripts() {
    }

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
     * refuses the record. Returns {@code {value, pttl-after}} or an empty array.
     */
    static final LuaScript READ_AND_TOUCH = new LuaScript("""
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
            end
            return {value, ttl}
            """);

    /**
     * Compare-and-set: writes ARGV[2] with a lifetime of ARGV[3] ms only when the key holds exactly ARGV[1];
     * a missing key is never created. A lifetime of zero or less deletes it (connect-redis: TTL &le; 0 is a
     * destroy). Returns 1 when written, 0 otherwise.
     */
    static final LuaScript REPLACE = new LuaScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            if tonumber(ARGV[3]) <= 0 then
              redis.call('DEL', KEYS[1])
            else
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            end
            return 1
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

    /** Deletes the lock key only while it holds ARGV[1], the owner's token. Returns 1 when deleted, 0 otherwise. */
    static final LuaScript UNLOCK = new LuaScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            return 1
            """);
}

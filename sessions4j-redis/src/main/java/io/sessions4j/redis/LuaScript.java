package io.sessions4j.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full ({@code EVAL}, which also caches it) only
 * when the server answers {@code NOSCRIPT}: after a restart, a {@code SCRIPT FLUSH}, or on a cluster node
 * that has not seen it yet. So the steady state costs one small command per call.
 */
final class LuaScript {
    private final String source;
    private final String sha;

    LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /** {@return the script's source} */
    String source() {
        return source;
    }

    <T> T run(RedisClusterAsyncCommands<String, String> commands, ScriptOutputType type, Duration timeout,
            String key, String... args) {
        String[] keys = {key};
        try {
            return await(commands.<T>evalsha(sha, type, keys, args), timeout);
        } catch (RedisNoScriptException e) {
            return await(commands.<T>eval(source, type, keys, args), timeout);
        }
    }

    /** As {@link #run}, with two keys (a session and its principal's index, on standalone Redis). */
    <T> T run2(RedisClusterAsyncCommands<String, String> commands, ScriptOutputType type, Duration timeout,
            String key1, String key2, String... args) {
        String[] keys = {key1, key2};
        try {
            return await(commands.<T>evalsha(sha, type, keys, args), timeout);
        } catch (RedisNoScriptException e) {
            return await(commands.<T>eval(source, type, keys, args), timeout);
        }
    }

    private static <T> T await(io.lettuce.core.RedisFuture<T> future, Duration timeout) {
        return LettuceFutures.awaitOrCancel(future, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The SHA-1 of the text's UTF-8 bytes, in lower-case hex (as Redis's {@code redis.sha1hex}). */
    static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }
}

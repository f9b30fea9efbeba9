package io.sessions4j.spring.boot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * A Redis URI for the store, from Boot's {@code spring.data.redis.*} settings (read from the environment, so
 * Spring Data Redis need not be on the class path): {@code url} when set, else the Sentinel or Cluster nodes,
 * else {@code host}/{@code port}; with {@code username}, {@code password}, {@code database} and
 * {@code ssl.enabled}.
 *
 * @param uri a URI {@code RedisStore.Builder.uri} takes
 * @param cluster whether it names the seed nodes of a cluster
 */
record BootRedisUri(String uri, boolean cluster) {

    static BootRedisUri of(Environment environment) {
        Binder b = Binder.get(environment);
        String p = "spring.data.redis.";
        String url = b.bind(p + "url", String.class).orElse(null);
        if (url != null && !url.isBlank()) {
            return new BootRedisUri(url.trim(), false);
        }
        boolean ssl = b.bind(p + "ssl.enabled", Boolean.class).orElse(false);
        String user = b.bind(p + "username", String.class).orElse(null);
        String password = b.bind(p + "password", String.class).orElse(null);
        int database = b.bind(p + "database", Integer.class).orElse(0);
        String auth = password == null ? "" : (user == null ? "" : encode(user)) + ":" + encode(password) + "@";
        List<String> sentinels = b.bind(p + "sentinel.nodes", Bindable.listOf(String.class)).orElse(List.of());
        String master = b.bind(p + "sentinel.master", String.class).orElse(null);
        if (master != null && !sentinels.isEmpty()) {
            return new BootRedisUri("redis-sentinel://" + auth + String.join(",", sentinels) + "/" + database + "#"
                    + master, false);
        }
        List<String> cluster = b.bind(p + "cluster.nodes", Bindable.listOf(String.class)).orElse(List.of());
        String scheme = ssl ? "rediss://" : "redis://";
        if (!cluster.isEmpty()) {
            return new BootRedisUri(scheme + auth + String.join(",", cluster), true);
        }
        String host = b.bind(p + "host", String.class).orElse("localhost");
        int port = b.bind(p + "port", Integer.class).orElse(6379);
        return new BootRedisUri(scheme + auth + host + ":" + port + "/" + database, false);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Never the password. */
    @Override
    public String toString() {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }
}

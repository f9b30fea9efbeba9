package io.sessions4j.peers;

import java.util.Optional;

/**
 * The command line of {@link PeerServer}.
 *
 * @param variant the session library to put in front of the servlet
 * @param host the address to listen on (loopback by default)
 * @param port the port, 0 for any free one
 * @param threads Jetty's fixed thread pool size, the same for every variant
 * @param redis the Redis URI for the Redis variants
 * @param jdbc the JDBC URL for the SQL variants
 */
record PeerOptions(Variant variant, String host, int port, int threads, Optional<String> redis, Optional<String> jdbc) {
    static final String USAGE = "usage: PeerServer --variant <" + Variant.names() + "> [--port 3000] [--host 127.0.0.1]\n"
            + "                  [--threads 16] [--redis redis://127.0.0.1:6390] [--jdbc jdbc:postgresql://...]\n";

    PeerOptions {
        if (variant.needs() == Variant.Needs.REDIS && redis.isEmpty()) {
            throw new IllegalArgumentException(variant.flag() + " needs --redis");
        }
        if (variant.needs() == Variant.Needs.JDBC && jdbc.isEmpty()) {
            throw new IllegalArgumentException(variant.flag() + " needs --jdbc");
        }
        if (threads < 4) {
            throw new IllegalArgumentException("--threads must be at least 4 (Jetty's acceptor and selector need some)");
        }
    }

    static PeerOptions parse(String... args) {
        Variant variant = null;
        String host = "127.0.0.1";
        int port = 3000;
        int threads = 16;
        String redis = null;
        String jdbc = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--variant" -> variant = Variant.of(value);
                case "--host" -> host = value;
                case "--port" -> port = number(flag, value);
                case "--threads" -> threads = number(flag, value);
                case "--redis" -> redis = value;
                case "--jdbc" -> jdbc = value;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (variant == null) {
            throw new IllegalArgumentException("--variant is required");
        }
        return new PeerOptions(variant, host, port, threads, Optional.ofNullable(redis), Optional.ofNullable(jdbc));
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, not '" + value + "'");
        }
    }
}

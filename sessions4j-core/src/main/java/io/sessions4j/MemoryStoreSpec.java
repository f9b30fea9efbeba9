package io.sessions4j;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the memory store's spec for {@link SessionStores#open}: {@code memory}, or {@code memory:} followed by
 * options ({@code memory:maximumWeight=64MB}, {@code memory:maximumSize=10000}), each also accepted in the
 * options map. An option it does not know is refused, never ignored.
 */
final class MemoryStoreSpec {
    static final String MAXIMUM_SIZE = "maximumSize";
    static final String MAXIMUM_WEIGHT = "maximumWeight";
    private static final Set<String> KNOWN = Set.of(MAXIMUM_SIZE, MAXIMUM_WEIGHT);

    private MemoryStoreSpec() {
    }

    static boolean matches(String spec) {
        return spec.equals("memory") || spec.startsWith("memory:");
    }

    static MemoryStore open(String spec, Map<String, String> options) {
        Map<String, String> all = new LinkedHashMap<>();
        String inline = spec.substring("memory".length());
        if (inline.startsWith(":")) {
            for (String pair : inline.substring(1).split("[,&]")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("store: memory store option '" + pair.strip()
                            + "' has no value (e.g. memory:maximumWeight=64MB)");
                }
                put(all, pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        options.forEach((name, value) -> put(all, name, value));
        if (all.containsKey(MAXIMUM_SIZE) && all.containsKey(MAXIMUM_WEIGHT)) {
            throw new IllegalArgumentException("store: give the memory store either maximumSize or maximumWeight, "
                    + "not both");
        }
        MemoryStore.Builder builder = MemoryStore.builder();
        if (all.containsKey(MAXIMUM_SIZE)) {
            builder.maximumSize(positive(MAXIMUM_SIZE, all.get(MAXIMUM_SIZE), "number of sessions"));
        }
        if (all.containsKey(MAXIMUM_WEIGHT)) {
            builder.maximumWeight(bytes(all.get(MAXIMUM_WEIGHT)));
        }
        return builder.build();
    }

    private static void put(Map<String, String> all, String name, String value) {
        if (!KNOWN.contains(name)) {
            throw new IllegalArgumentException("store: unknown memory store option '" + name + "' (known: "
                    + MAXIMUM_SIZE + ", " + MAXIMUM_WEIGHT + ")");
        }
        if (all.put(name, value) != null) {
            throw new IllegalArgumentException("store: memory store option '" + name + "' is given twice");
        }
    }

    /** {@code 65536}, {@code 512KB}, {@code 64MB}, {@code 1GB} (powers of 1024; {@code B} and case optional). */
    private static long bytes(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] suffix : new String[][] {{"KB", "10"}, {"MB", "20"}, {"GB", "30"}, {"K", "10"}, {"M", "20"},
                {"G", "30"}, {"B", "0"}}) {
            if (v.endsWith(suffix[0])) {
                unit = 1L << Integer.parseInt(suffix[1]);
                v = v.substring(0, v.length() - suffix[0].length()).strip();
                break;
            }
        }
        long n = positive(MAXIMUM_WEIGHT, v, "size such as 64MB");
        if (n > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException("store: memory store option maximumWeight is too large: " + value);
        }
        return n * unit;
    }

    private static long positive(String option, String value, String what) {
        try {
            long n = Long.parseLong(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("store: memory store option " + option + " must be a positive " + what
                + ", got '" + value + "'");
    }
}

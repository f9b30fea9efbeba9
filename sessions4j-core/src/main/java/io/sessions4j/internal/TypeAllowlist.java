package io.sessions4j.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which classes a name in stored data may resolve to: the JDK value types and collections below, plus
 * what the application admits ({@code SessionConfig.Builder.allowTypes}). Names are checked as strings,
 * before any class is loaded.
 */
public final class TypeAllowlist {
    /** JDK value types and collections: inert data, safe to instantiate from any input. */
    static final List<Class<?>> JDK_TYPES = List.of(
            Object.class, String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class,
            Long.class, Float.class, Double.class, Number.class, BigDecimal.class, BigInteger.class,
            UUID.class, Date.class, Locale.class, Currency.class, URI.class,
            Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class,
            OffsetTime.class, ZonedDateTime.class, Duration.class, Period.class, Year.class, YearMonth.class,
            MonthDay.class, ZoneId.class, ZoneOffset.class, DayOfWeek.class, Month.class,
            Collection.class, List.class, Set.class, SortedSet.class, NavigableSet.class, Queue.class, Deque.class,
            Map.class, SortedMap.class, NavigableMap.class,
            ArrayList.class, LinkedList.class, ArrayDeque.class, HashSet.class, LinkedHashSet.class, TreeSet.class,
            HashMap.class, LinkedHashMap.class, TreeMap.class, ConcurrentHashMap.class, ConcurrentSkipListMap.class,
            ConcurrentSkipListSet.class, CopyOnWriteArrayList.class);

    /**
     * The JDK's unmodifiable, singleton, synchronized and fixed-size wrappers ({@code List.of},
     * {@code Collections.unmodifiableList}, {@code Arrays.asList}...), which Jackson rebuilds from plain
     * collections; their names appear in type ids that frameworks write (Spring Security's {@code @class}).
     */
    private static final List<String> JDK_WRAPPER_PREFIXES = List.of(
            "java.util.Collections$", "java.util.ImmutableCollections$", "java.util.Arrays$ArrayList");

    /** Packages an application may not admit wholesale: they hold the classic deserialization gadgets. */
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private static final Set<String> JDK_NAMES;

    static {
        Set<String> names = new HashSet<>();
        JDK_TYPES.forEach(c -> names.add(c.getName()));
        JDK_NAMES = Set.copyOf(names);
    }

    private final Set<String> names;
    private final List<String> prefixes;

    private TypeAllowlist(Set<String> names, List<String> prefixes) {
        this.names = names;
        this.prefixes = prefixes;
    }

    /**
     * The allowlist for the application's entries: a name ending in {@code .} admits a package and its
     * sub-packages, any other an exact class (binary name, {@code com.example.Outer$Inner}).
     *
     * @throws IllegalArgumentException for an entry {@link #checkEntry} refuses
     */
    static TypeAllowlist of(Collection<String> entries) {
        Set<String> exact = new HashSet<>(JDK_NAMES);
        List<String> prefixes = new ArrayList<>(JDK_WRAPPER_PREFIXES);
        for (String entry : entries) {
            String problem = checkEntry(entry);
            if (problem != null) {
                throw new IllegalArgumentException("allowTypes: " + problem);
            }
            if (entry.endsWith(".")) {
                prefixes.add(entry);
            } else {
                exact.add(entry);
            }
        }
        return new TypeAllowlist(Set.copyOf(exact), List.copyOf(prefixes));
    }

    /** Why an {@code allowTypes} entry is refused, or null when it is fine. */
    public static String checkEntry(String entry) {
        if (entry == null || entry.isEmpty()) {
            return "an entry is null or empty";
        }
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (!Character.isJavaIdentifierPart(c) && c != '.' || Character.isIdentifierIgnorable(c)) {
                return "'" + entry + "' is not a class or package name";
            }
        }
        if (entry.startsWith(".") || entry.contains("..")) {
            return "'" + entry + "' is not a class or package name";
        }
        if (entry.endsWith(".")) {
            if (entry.indexOf('.') == entry.length() - 1) {
                return "package '" + entry + "' is too broad: name at least two levels, e.g. 'com.example.'";
            }
            for (String jdk : JDK_PACKAGES) {
                if (entry.startsWith(jdk)) {
                    return "package '" + entry + "' is part of the JDK; admit exact classes from it instead";
                }
            }
        }
        return null;
    }

    /**
     * Whether a class name may be resolved: a binary name ({@code com.example.Note}, {@code java.util.Map$Entry}),
     * possibly an array ({@code [Lcom.example.Note;}, {@code [I}, {@code com.example.Note[]}).
     */
    boolean admits(String name) {
        String element = elementName(name);
        if (element == null) {
            return false;
        }
        if (element.isEmpty() || JDK_NAMES.contains(element) || names.contains(element)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (element.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The element class of a (possibly array) name; empty for a primitive array; null when malformed. */
    private static String elementName(String name) {
        String n = name;
        while (n.endsWith("[]")) {
            n = n.substring(0, n.length() - 2);
        }
        if (!n.startsWith("[")) {
            return isPrimitive(n) ? "" : n.isEmpty() ? null : n;
        }
        int dims = 0;
        while (dims < n.length() && n.charAt(dims) == '[') {
            dims++;
        }
        String rest = n.substring(dims);
        if (rest.length() == 1 && "ZBCDFIJS".contains(rest)) {
            return "";
        }
        if (rest.length() > 2 && rest.charAt(0) == 'L' && rest.endsWith(";")) {
            return rest.substring(1, rest.length() - 1);
        }
        return null;
    }

    private static boolean isPrimitive(String n) {
        switch (n) {
            case "boolean": case "byte": case "char": case "short": case "int": case "long": case "float":
            case "double":
                return true;
            default:
                return false;
        }
    }
}

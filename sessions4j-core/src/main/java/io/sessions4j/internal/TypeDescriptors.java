package io.sessions4j.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The type descriptor a value is stored with, e.g. {@code Long}, {@code com.example.Point},
 * {@code ArrayList<com.example.Note>}, {@code HashMap<String,Long>}, {@code int[]}: the value's runtime class,
 * with the element, key and value types of collections and maps taken from their contents. JDK types are
 * written by their simple names, everything else by its binary class name.
 *
 * <p>Reading one back checks every class name against the {@link TypeAllowlist} before anything is loaded.
 */
final class TypeDescriptors {
    /** A descriptor longer than this, or nested deeper, is refused unread. */
    private static final int MAX_LENGTH = 1000;
    private static final int MAX_DEPTH = 8;
    /** Distinct element classes looked at for a common polymorphic base before giving up. */
    private static final int MAX_DISTINCT = 8;

    private static final Map<String, Class<?>> BY_ALIAS = new HashMap<>();
    private static final Map<Class<?>, String> ALIAS_OF = new HashMap<>();
    /** How an interface named in a descriptor is built: keeping the JSON's order where the interface allows it. */
    private static final Map<Class<?>, Class<?>> IMPLEMENTATION = Map.of(
            Collection.class, ArrayList.class, List.class, ArrayList.class, Set.class, LinkedHashSet.class,
            SortedSet.class, TreeSet.class, java.util.NavigableSet.class, TreeSet.class, Queue.class, ArrayDeque.class,
            Deque.class, ArrayDeque.class, Map.class, LinkedHashMap.class, SortedMap.class, TreeMap.class,
            java.util.NavigableMap.class, TreeMap.class);

    static {
        List<Class<?>> aliased = new ArrayList<>(TypeAllowlist.JDK_TYPES);
        aliased.addAll(List.of(boolean.class, byte.class, char.class, short.class, int.class, long.class,
                float.class, double.class, JsonNode.class));
        for (Class<?> c : aliased) {
            BY_ALIAS.put(c.getSimpleName(), c);
            ALIAS_OF.put(c, c.getSimpleName());
        }
    }

    private final TypeFactory types;
    private final TypeAllowlist allowlist;
    private final ObjectMapper mapper;
    private final JavaType object;

    TypeDescriptors(ObjectMapper mapper, TypeAllowlist allowlist) {
        this.mapper = mapper;
        this.types = mapper.getTypeFactory();
        this.allowlist = allowlist;
        this.object = types.constructType(Object.class);
    }

    /**
     * A descriptor that cannot be used; {@link #keep()} when it is well-formed and may suit another application.
     * {@link #subject()} is the class at fault, or the descriptor itself.
     */
    static final class UnusableException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean keep;
        private final String subject;

        UnusableException(String message, boolean keep, String subject) {
            super(message, null, false, false);
            this.keep = keep;
            this.subject = subject;
        }

        boolean keep() {
            return keep;
        }

        String subject() {
            return subject;
        }
    }

    // ---- value → type → descriptor ----

    /** The type of a (non-null) value, with collection and map contents' types; {@code Object} when it has none. */
    JavaType describe(Object value) {
        return describe(value, 0);
    }

    private JavaType describe(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            // Deeper contents (or a collection that contains itself) are described by their JSON alone.
            return object;
        }
        if (value instanceof Enum<?> e) {
            return types.constructType(e.getDeclaringClass());
        }
        if (value instanceof JsonNode) {
            return types.constructType(JsonNode.class);
        }
        Class<?> c = value.getClass();
        if (c.isArray()) {
            Class<?> element = c;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            return element.isPrimitive() || valueClass(element) == element ? types.constructType(c) : object;
        }
        if (value instanceof Collection<?> collection) {
            Class<?> kind = kind(c, collectionInterface(c));
            return kind.getTypeParameters().length == 1
                    ? types.constructCollectionType(kind.asSubclass(Collection.class), elementType(collection, depth))
                    : types.constructType(kind);
        }
        if (value instanceof Map<?, ?> map) {
            Class<?> kind = kind(c, SortedMap.class.isAssignableFrom(c) ? SortedMap.class : Map.class);
            return kind.getTypeParameters().length == 2
                    ? types.constructMapType(kind.asSubclass(Map.class), keyType(map.keySet()),
                            elementType(map.values(), depth))
                    : types.constructType(kind);
        }
        return types.constructType(valueClass(c));
    }

    /** The descriptor of a type, or null when the value's plain JSON form already reads back as that type. */
    String render(JavaType type) {
        return natural(type) ? null : name(type);
    }

    /** Whether a type is what {@code get(key)} makes of its JSON anyway: strings, booleans, ints, lists and maps of them. */
    static boolean natural(JavaType t) {
        Class<?> raw = t.getRawClass();
        if (raw == Object.class || raw == String.class || raw == Boolean.class || raw == Integer.class) {
            return true;
        }
        if (t.isCollectionLikeType()) {
            return (raw == ArrayList.class || raw == List.class || raw == Collection.class) && natural(t.getContentType());
        }
        if (t.isMapLikeType()) {
            Class<?> key = t.getKeyType().getRawClass();
            return (raw == LinkedHashMap.class || raw == Map.class) && (key == String.class || key == Object.class)
                    && natural(t.getContentType());
        }
        return false;
    }

    private static String name(JavaType t) {
        if (t.isArrayType()) {
            return name(t.getContentType()) + "[]";
        }
        Class<?> raw = t.getRawClass();
        String name = ALIAS_OF.getOrDefault(raw, raw.getName());
        List<JavaType> params = new ArrayList<>(2);
        if (t.isMapLikeType()) {
            params.add(t.getKeyType());
        }
        if (t.isMapLikeType() || t.isCollectionLikeType()) {
            params.add(t.getContentType());
        }
        if (raw.getTypeParameters().length != params.size()
                || params.stream().allMatch(p -> p.getRawClass() == Object.class)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('<');
        for (int i = 0; i < params.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(name(params.get(i)));
        }
        return sb.append('>').toString();
    }

    /**
     * The type of all elements: their common type; for elements of different types their common polymorphic
     * base (else {@code Object}). Empty collections and maps among the elements adopt the others' type.
     */
    private JavaType elementType(Collection<?> items, int depth) {
        JavaType common = null;
        Class<?> last = null;
        Set<Class<?>> classes = null;
        JavaType firstEmpty = null;
        Set<Class<?>> empties = null;
        for (Object item : items) {
            if (item == null || item.getClass() == last && !(item instanceof Collection || item instanceof Map)) {
                continue;
            }
            last = item.getClass();
            JavaType t = describe(item, depth + 1);
            if (item instanceof Collection<?> c && c.isEmpty() || item instanceof Map<?, ?> m && m.isEmpty()) {
                if (empties == null) {
                    empties = new LinkedHashSet<>();
                    firstEmpty = t;
                }
                empties.add(t.getRawClass());
                continue;
            }
            if (common == null) {
                common = t;
            } else if (!common.equals(t)) {
                if (classes == null) {
                    classes = new LinkedHashSet<>();
                    classes.add(common.getRawClass());
                }
                classes.add(t.getRawClass());
                if (classes.size() > MAX_DISTINCT) {
                    return object;
                }
            }
        }
        if (common == null) {
            return empties == null ? object : firstEmpty;
        }
        if (empties != null && !(empties.size() == 1 && empties.contains(common.getRawClass()))) {
            if (classes == null) {
                classes = new LinkedHashSet<>();
                classes.add(common.getRawClass());
            }
            classes.addAll(empties);
        }
        return classes == null ? common : commonBase(classes);
    }

    /**
     * For elements of different types: one raw class for all (differing only in their own contents), or the
     * nearest supertype Jackson writes type ids for ({@code @JsonTypeInfo}, a module's mixin, default typing).
     */
    private JavaType commonBase(Set<Class<?>> classes) {
        if (classes.size() == 1) {
            return types.constructType(classes.iterator().next());
        }
        Deque<Class<?>> candidates = new ArrayDeque<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        candidates.add(classes.iterator().next());
        while (!candidates.isEmpty()) {
            Class<?> k = candidates.poll();
            if (k == Object.class || !seen.add(k)) {
                continue;
            }
            if (classes.stream().allMatch(k::isAssignableFrom) && hasTypeIds(k)) {
                return types.constructType(k);
            }
            if (k.getSuperclass() != null) {
                candidates.add(k.getSuperclass());
            }
            candidates.addAll(List.of(k.getInterfaces()));
        }
        return object;
    }

    private boolean hasTypeIds(Class<?> k) {
        try {
            return mapper.getSerializerProviderInstance().findTypeSerializer(types.constructType(k)) != null;
        } catch (JsonMappingException | RuntimeException e) {
            return false;
        }
    }

    /** Map keys are JSON strings: a key type is kept only when Jackson can read it back from its string. */
    private JavaType keyType(Set<?> keys) {
        Class<?> common = null;
        for (Object key : keys) {
            if (key == null) {
                continue;
            }
            Class<?> c = key instanceof Enum<?> e ? e.getDeclaringClass() : key.getClass();
            boolean readable = c.isEnum() || ALIAS_OF.containsKey(c) && !Collection.class.isAssignableFrom(c)
                    && !Map.class.isAssignableFrom(c) && c != Object.class && c != Number.class;
            if (!readable || common != null && common != c) {
                return object;
            }
            common = c;
        }
        return common == null ? object : types.constructType(common);
    }

    /** A collection's or map's class, or the interface it is described by when its own class cannot be named. */
    private static Class<?> kind(Class<?> c, Class<?> byInterface) {
        boolean nameable = isJdk(c) ? ALIAS_OF.containsKey(c) : valueClass(c) == c;
        return nameable ? c : byInterface;
    }

    private static Class<?> collectionInterface(Class<?> c) {
        if (SortedSet.class.isAssignableFrom(c)) {
            return SortedSet.class;
        }
        if (Set.class.isAssignableFrom(c)) {
            return Set.class;
        }
        if (List.class.isAssignableFrom(c)) {
            return List.class;
        }
        return Queue.class.isAssignableFrom(c) ? Deque.class : Collection.class;
    }

    /**
     * The class a value is described by: its own, or for an anonymous, local or hidden class, or a non-public
     * JDK class ({@code ZoneRegion}), the nearest superclass that can be named; {@code Object} for none.
     */
    private static Class<?> valueClass(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.isAnonymousClass() || k.isLocalClass() || k.isHidden() || k.isSynthetic()
                    || isJdk(k) && !Modifier.isPublic(k.getModifiers())) {
                continue;
            }
            boolean inner = k.isMemberClass() && !Modifier.isStatic(k.getModifiers());
            return inner ? Object.class : k;
        }
        return Object.class;
    }

    private static boolean isJdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.");
    }

    // ---- descriptor → type ----

    /**
     * The type a descriptor names. Every class name in it is checked against the allowlist before any class
     * is loaded.
     *
     * @throws UnusableException when it is malformed, names a class outside the allowlist, or a missing class
     */
    JavaType parse(String descriptor) throws UnusableException {
        if (descriptor.length() > MAX_LENGTH) {
            throw new UnusableException("descriptor over " + MAX_LENGTH + " characters", false, descriptor);
        }
        try {
            Reader reader = new Reader(descriptor);
            Node node = reader.type(0);
            if (reader.pos != descriptor.length()) {
                throw malformed();
            }
            check(node);
            return build(node);
        } catch (MalformedException e) {
            throw new UnusableException("malformed type descriptor", false, descriptor);
        }
    }

    private record Node(String name, List<Node> params, int dims) {
    }

    private void check(Node n) throws UnusableException, MalformedException {
        Class<?> alias = BY_ALIAS.get(n.name);
        if (alias == null && n.name.indexOf('.') < 0) {
            throw malformed();
        }
        if (alias != null && alias.isPrimitive() && (n.dims == 0 || !n.params.isEmpty())) {
            throw malformed();
        }
        if (alias == null && !allowlist.admits(n.name)) {
            throw new UnusableException("type " + n.name + " is not admitted by allowTypes", true, n.name);
        }
        for (Node p : n.params) {
            check(p);
        }
    }

    private JavaType build(Node n) throws UnusableException, MalformedException {
        Class<?> raw = BY_ALIAS.get(n.name);
        if (raw == null) {
            try {
                raw = types.findClass(n.name);
            } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
                throw new UnusableException("type " + n.name + " cannot be loaded (" + e + ")", true, n.name);
            }
        }
        raw = IMPLEMENTATION.getOrDefault(raw, raw);
        JavaType t;
        if (n.params.isEmpty()) {
            t = types.constructType(raw);
        } else {
            JavaType[] params = new JavaType[n.params.size()];
            for (int i = 0; i < params.length; i++) {
                params[i] = build(n.params.get(i));
            }
            if (raw.getTypeParameters().length != params.length) {
                throw malformed();
            }
            try {
                if (Collection.class.isAssignableFrom(raw)) {
                    t = types.constructCollectionType(raw.asSubclass(Collection.class), params[0]);
                } else if (Map.class.isAssignableFrom(raw)) {
                    t = types.constructMapType(raw.asSubclass(Map.class), params[0], params[1]);
                } else {
                    t = types.constructParametricType(raw, params);
                }
            } catch (IllegalArgumentException e) {
                throw malformed();
            }
        }
        for (int i = 0; i < n.dims; i++) {
            t = types.constructArrayType(t);
        }
        return t;
    }

    /** Thrown while reading a descriptor, reported as an {@link UnusableException} for the whole of it. */
    private static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException() {
            super(null, null, false, false);
        }
    }

    private static MalformedException malformed() {
        return new MalformedException();
    }

    /** {@code type := name ['<' type (',' type)* '>'] ('[]')*}, names being Java binary names or aliases. */
    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        Node type(int depth) throws MalformedException {
            if (depth > MAX_DEPTH) {
                throw malformed();
            }
            int start = pos;
            while (pos < s.length() && (Character.isJavaIdentifierPart(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            if (pos == start) {
                throw malformed();
            }
            String name = s.substring(start, pos);
            List<Node> params = new ArrayList<>(2);
            if (pos < s.length() && s.charAt(pos) == '<') {
                do {
                    pos++;
                    params.add(type(depth + 1));
                } while (pos < s.length() && s.charAt(pos) == ',');
                if (pos >= s.length() || s.charAt(pos) != '>') {
                    throw malformed();
                }
                pos++;
            }
            int dims = 0;
            while (s.startsWith("[]", pos)) {
                dims++;
                pos += 2;
            }
            return new Node(name, List.copyOf(params), dims);
        }
    }
}

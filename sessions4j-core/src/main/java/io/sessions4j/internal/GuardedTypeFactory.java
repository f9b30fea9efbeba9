package io.sessions4j.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.type.TypeModifier;
import com.fasterxml.jackson.databind.type.TypeParser;
import com.fasterxml.jackson.databind.util.ArrayBuilders;
import com.fasterxml.jackson.databind.util.LRUMap;
import com.fasterxml.jackson.databind.util.LookupCache;

/**
 * Jackson's type factory with one change: a class named in data is looked up only if the
 * {@link TypeAllowlist} admits its name. Every name Jackson resolves from input (polymorphic type ids,
 * generic type ids, {@code Class}-typed properties, a framework's default typing) goes through
 * {@link #findClass}, so a name outside the list is never loaded, let alone instantiated.
 */
final class GuardedTypeFactory extends TypeFactory {
    private static final long serialVersionUID = 1L;

    private final transient TypeAllowlist allowlist;

    private GuardedTypeFactory(LookupCache<Object, JavaType> cache, TypeParser parser, TypeModifier[] modifiers,
            ClassLoader loader, TypeAllowlist allowlist) {
        super(cache, parser, modifiers, loader);
        this.allowlist = allowlist;
    }

    /** A guarded factory with the modifiers and class loader of {@code base}. */
    static GuardedTypeFactory of(TypeFactory base, TypeModifier[] baseModifiers, TypeAllowlist allowlist) {
        return new GuardedTypeFactory(null, new TypeParser(base), baseModifiers, base.getClassLoader(), allowlist);
    }

    /** The first class in {@code type} (element and type-parameter classes included) not admitted; null for none. */
    static String firstRefused(TypeAllowlist allowlist, JavaType type) {
        if (!allowlist.admits(type.getRawClass().getName())) {
            return type.getRawClass().getName();
        }
        String refused = type.getContentType() == null ? null : firstRefused(allowlist, type.getContentType());
        for (int i = 0; refused == null && i < type.containedTypeCount(); i++) {
            refused = firstRefused(allowlist, type.containedType(i));
        }
        return refused;
    }

    @Override
    public Class<?> findClass(String className) throws ClassNotFoundException {
        if (!allowlist.admits(className)) {
            throw new ClassNotFoundException(className + " is not admitted by allowTypes");
        }
        return super.findClass(className);
    }

    @Override
    public TypeFactory withModifier(TypeModifier mod) {
        TypeModifier[] mods = mod == null ? null
                : _modifiers == null ? new TypeModifier[] {mod} : ArrayBuilders.insertInListNoDup(_modifiers, mod);
        // As Jackson does: a changed set of modifiers starts a new cache.
        return new GuardedTypeFactory(mods == null || _modifiers == null ? null : _typeCache, _parser, mods,
                _classLoader, allowlist);
    }

    @Override
    public TypeFactory withClassLoader(ClassLoader classLoader) {
        return new GuardedTypeFactory(_typeCache, _parser, _modifiers, classLoader, allowlist);
    }

    @Override
    @Deprecated
    public TypeFactory withCache(LRUMap<Object, JavaType> cache) {
        return withCache((LookupCache<Object, JavaType>) cache);
    }

    @Override
    public TypeFactory withCache(LookupCache<Object, JavaType> cache) {
        return new GuardedTypeFactory(cache, _parser, _modifiers, _classLoader, allowlist);
    }
}

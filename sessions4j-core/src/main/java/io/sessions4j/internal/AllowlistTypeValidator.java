package io.sessions4j.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Jackson's check of class names in polymorphic type ids ({@code @JsonTypeInfo(use = CLASS)} and the like):
 * a name is accepted only if the {@link TypeAllowlist} admits it, and refused before its class is loaded.
 */
final class AllowlistTypeValidator extends PolymorphicTypeValidator.Base {
    private static final long serialVersionUID = 1L;

    private final transient TypeAllowlist allowlist;

    AllowlistTypeValidator(TypeAllowlist allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
        return allowlist.admits(subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
        return GuardedTypeFactory.firstRefused(allowlist, subType) == null ? Validity.ALLOWED : Validity.DENIED;
    }
}

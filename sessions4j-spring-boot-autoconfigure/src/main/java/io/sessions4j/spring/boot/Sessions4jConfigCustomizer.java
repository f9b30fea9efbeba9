package io.sessions4j.spring.boot;

import io.sessions4j.SessionConfig;

/**
 * A bean that changes the {@link SessionConfig} the auto-configuration builds, after the {@code sessions4j.*}
 * properties were applied: Jackson modules, allowed types, per-request cookies, anything the properties do not
 * cover. Customizers run in their {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * Sessions4jConfigCustomizer sessionTypes() {
 *     return builder -> builder.allowTypes("com.example.shop.").limits(l -> l.maxSessionBytes(256 * 1024));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Sessions4jConfigCustomizer {

    /**
     * Changes the configuration before it is built.
     *
     * @param builder the builder, holding what the properties set
     */
    void customize(SessionConfig.Builder builder);
}

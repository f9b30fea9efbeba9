package io.sessions4j.peers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

/**
 * Spring Session Data Redis as its reference documentation configures it: {@code @EnableRedisHttpSession}
 * (a {@code RedisSessionRepository} behind {@code springSessionRepositoryFilter}) and a
 * {@link LettuceConnectionFactory}. Everything else is Spring Session's default.
 */
@Configuration(proxyBeanMethods = false)
@EnableRedisHttpSession
class SpringRedisConfig {
    /** The property {@link SpringLayer} sets to {@code --redis}. */
    static final String URI = "peers.redis";

    @Bean
    LettuceConnectionFactory redisConnectionFactory(Environment environment) {
        return new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(environment.getRequiredProperty(URI)));
    }
}

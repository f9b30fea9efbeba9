package io.sessions4j.spring.boot;

import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spi.SessionManager;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Collections;
import java.util.EventListener;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@link SessionFilter} with the servlet container, ordered <em>ahead of Spring Security's filter
 * chain</em> (-100): Spring Security reads and writes the {@code SecurityContext}, the CSRF token and the saved
 * request through {@code request.getSession()}, so it must find the request already wrapped by the filter. A filter
 * registered as a plain {@code @Bean} is ordered last, after Spring Security, which then keeps its state in the
 * container's {@code JSESSIONID} session while the application sees sessions4j's.
 *
 * <p>The container's own session listeners are never called for these sessions (the container does not make
 * them), so every {@code HttpSessionListener}, {@code HttpSessionIdListener} and
 * {@code HttpSessionAttributeListener} bean (Spring Security's {@code HttpSessionEventPublisher}, say) is given
 * to the filter.
 */
@AutoConfiguration(after = Sessions4jAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SessionFilter.class, FilterRegistrationBean.class})
class Sessions4jServletAutoConfiguration {
    /** Spring Session's order: far ahead of Spring Security's -100 and of anything that writes the response. */
    static final int DEFAULT_FILTER_ORDER = Integer.MIN_VALUE + 50;

    @Bean
    @ConditionalOnMissingBean(name = "sessions4jFilter")
    FilterRegistrationBean<SessionFilter> sessions4jFilter(SessionManager manager, Sessions4jProperties properties,
            ObjectProvider<HttpSessionListener> sessionListeners, ObjectProvider<HttpSessionIdListener> idListeners,
            ObjectProvider<HttpSessionAttributeListener> attributeListeners) {
        // A filter on a shared manager closes nothing: the store is a bean, and the context closes it.
        SessionFilter filter = new SessionFilter(manager);
        Set<EventListener> added = Collections.newSetFromMap(new IdentityHashMap<>());
        Stream.of(sessionListeners, idListeners, attributeListeners)
                .flatMap(ObjectProvider::orderedStream)
                .filter(added::add)
                .forEach(filter::addListener);
        FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("sessions4jFilter");
        registration.setOrder(properties.filterOrder());
        registration.setAsyncSupported(true);
        // Every dispatch Spring Security filters; a dispatch that passes the filter again reuses the session.
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR,
                DispatcherType.FORWARD, DispatcherType.INCLUDE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}

package io.sessions4j;

/**
 * How the library decides whether a request arrived over HTTPS (for {@code Secure} cookies and the
 * {@code AUTO} settings).
 */
public enum TrustProxy {
    /**
     * Ask the container ({@code HttpServletRequest.isSecure()}), which already reflects whatever proxy
     * handling the server is configured with. The default, like express-session's {@code proxy: undefined}.
     */
    CONTAINER,
    /**
     * Trust the first element of {@code X-Forwarded-Proto} ({@code https}, case-insensitive); a direct TLS
     * connection counts too. Use this behind a reverse proxy that sets the header (express's {@code proxy: true}).
     */
    HEADER,
    /** Only a direct TLS connection counts; forwarded headers are ignored (express's {@code proxy: false}). */
    NONE
}

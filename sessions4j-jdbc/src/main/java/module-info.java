/**
 * {@link io.sessions4j.jdbc.JdbcStore} over a {@link javax.sql.DataSource}; opened by
 * {@code SessionStores.open("jdbc:...")} through its {@link io.sessions4j.spi.SessionStoreProvider}.
 *
 * <p>HikariCP is optional: only {@code jdbc:} specs need it. On the module path add it to the module graph
 * ({@code --add-modules com.zaxxer.hikari}, or a {@code requires} in the application's module).
 */
module io.sessions4j.jdbc {
    requires transitive io.sessions4j.core;
    requires transitive java.sql;
    requires org.slf4j;
    requires static com.zaxxer.hikari;

    exports io.sessions4j.jdbc;

    provides io.sessions4j.spi.SessionStoreProvider with io.sessions4j.jdbc.JdbcStoreProvider;
}

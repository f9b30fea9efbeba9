/**
 * The sessions4j demo server. It runs on the class path (exec:java, bench/wrk-demo.sh) and on the module path
 * ({@code java --module-path ... -m io.sessions4j.examples/io.sessions4j.examples.DemoServer}); the store
 * modules are found through their {@code provides} clauses, not named here.
 */
module io.sessions4j.examples {
    requires io.sessions4j.servlet;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.ee10.servlet;
    requires org.slf4j;
    // Not used directly: a jdbc: store spec pools its connections with HikariCP, which io.sessions4j.jdbc
    // only `requires static`, so an application that wants jdbc: specs puts it in the module graph.
    requires com.zaxxer.hikari;

    exports io.sessions4j.examples;
}

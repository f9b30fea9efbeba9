package io.sessions4j.jdbc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real MariaDB server owned by a test, when the machine has one installed ({@code mariadbd} and
 * {@code mariadb-install-db}, e.g. Debian's {@code mariadb-server} package): a fresh data directory in a temp
 * directory, a free port on 127.0.0.1, root without a password, a {@code test} database.
 */
public final class OwnedMariaDb implements AutoCloseable {
    private static final List<String> SERVERS = List.of("/usr/sbin/mariadbd", "/usr/bin/mariadbd",
            "/usr/sbin/mysqld", "/usr/local/bin/mariadbd");
    private static final List<String> INSTALLERS = List.of("/usr/bin/mariadb-install-db",
            "/usr/bin/mysql_install_db", "/usr/local/bin/mariadb-install-db");

    private final Path base;
    private final int port;
    private Process server;

    private OwnedMariaDb(Path base, int port) {
        this.base = base;
        this.port = port;
    }

    /** Whether a MariaDB server binary is installed here. */
    public static boolean available() {
        return find(SERVERS).isPresent() && find(INSTALLERS).isPresent();
    }

    private static Optional<String> find(List<String> candidates) {
        return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    public static OwnedMariaDb start() throws IOException {
        Path base = Processes.openTempDirectory("sessions4j-mariadb-");
        OwnedMariaDb db = new OwnedMariaDb(base, Processes.freePort());
        List<String> install = new ArrayList<>(List.of(find(INSTALLERS).orElseThrow(), "--no-defaults",
                "--datadir=" + base.resolve("data"), "--auth-root-authentication-method=normal",
                "--skip-test-db"));
        if (Processes.isRoot()) {
            install.add("--user=root");
        }
        Processes.run(install, base, db.log(), 180);
        try {
            db.startServer();
        } catch (IOException e) {
            db.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        return db;
    }

    private Path log() {
        return base.resolve("mariadb.log");
    }

    /** Starts the server (again, after {@link #kill()} or {@link #stop()}) on its port and data directory. */
    public synchronized void startServer() throws IOException {
        if (server != null && server.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(find(SERVERS).orElseThrow(), "--no-defaults",
                "--datadir=" + base.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + base.resolve("mariadb.sock"), "--pid-file=" + base.resolve("mariadb.pid"),
                "--skip-grant-tables", "--skip-name-resolve", "--skip-log-bin",
                "--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=2",
                "--max-connections=200", "--character-set-server=utf8mb4"));
        if (Processes.isRoot()) {
            cmd.add("--user=root");
        }
        server = new ProcessBuilder(cmd).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (true) {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/?user=root");
                    Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE IF NOT EXISTS test");
                return;
            } catch (SQLException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("MariaDB did not start\n" + Processes.tail(log()), e);
                }
                try {
                    Thread.sleep(150);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
    }

    /** Kills the server at once (SIGKILL): InnoDB recovers on the next start. */
    public synchronized void kill() throws IOException {
        if (server != null && server.isAlive()) {
            Processes.signalTree(server, "KILL");
            waitForExit(10);
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open and nothing answers. */
    public synchronized void pause() throws IOException {
        Processes.signalTree(server, "STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public synchronized void resume() throws IOException {
        Processes.signalTree(server, "CONT");
    }

    /** Shuts the server down cleanly (SIGTERM) and waits for it. */
    public synchronized void stop() {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!waitForExit(60)) {
                server.destroyForcibly();
            }
        }
    }

    private boolean waitForExit(int seconds) {
        try {
            return server.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/test?user=root";
    }

    @Override
    public synchronized void close() {
        stop();
        Processes.deleteTree(base);
    }
}

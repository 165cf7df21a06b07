package com.trackingbms.dr.testkit.postgres.internal;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.exec.ProcessTree;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresStartException;
import com.trackingbms.dr.testkit.postgres.Sql;
import com.trackingbms.dr.testkit.process.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A PostgreSQL server of a {@link LocalPostgresTopology}. */
final class LocalPostgresServer implements PostgresServer {

    private static final String HOST = "127.0.0.1";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int PORT_ATTEMPTS = 5;

    private final LocalPostgresTopology topology;
    private final String name;
    private final Optional<ReplicationMode> mode;
    private final Path nodeDir;
    private final Path dataDir;
    private int port;
    private ServerProcess server;

    LocalPostgresServer(LocalPostgresTopology topology, String name, Optional<ReplicationMode> mode, Path nodeDir) {
        this.topology = topology;
        this.name = name;
        this.mode = mode;
        this.nodeDir = nodeDir;
        this.dataDir = nodeDir.resolve("data");
    }

    private ServerProcess newServer(int onPort) {
        ServerProcess.Builder b = ServerProcess.builder(name)
                .command(List.of(topology.binaries().tool("postgres").toString(), "-D", dataDir.toString(),
                        "-p", Integer.toString(onPort), "-c", "listen_addresses=" + HOST,
                        "-c", "unix_socket_directories=" + nodeDir, "-c", "cluster_name=" + name))
                .logFile(nodeDir.resolve("server.log"))
                .stopSignal(ProcessTree.Signal.INT)
                .stopTimeout(Duration.ofSeconds(30));
        topology.runAs().ifPresent(b::runAs);
        return b.build();
    }

    /**
     * First start on a fresh free port. Another process of this shared machine can take the port between our probe
     * and the server's bind; then the server exits with "could not bind" and gets another port.
     */
    void startFirstTime(Secret credentials) {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            server = newServer(port);
            try {
                server.start();
            } catch (IOException e) {
                throw new PostgresStartException("cannot start " + name + ": " + e.getMessage(), e);
            }
            try {
                awaitReady(credentials, topology.config().startupTimeout());
                return;
            } catch (PostgresStartException e) {
                boolean portTaken = !server.isRunning() && server.logTail(20).contains("could not bind");
                if (!portTaken || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new PostgresStartException("no free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<ReplicationMode> standbyMode() {
        return mode;
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String database() {
        return topology.config().database();
    }

    @Override
    public String user() {
        return topology.user();
    }

    @Override
    public Secret password() {
        return topology.password();
    }

    @Override
    public Connection connect() throws SQLException {
        return PgJdbc.open(jdbcUrl(), user(), password(), CONNECT_TIMEOUT, Duration.ZERO);
    }

    Connection connect(Secret credentials) throws SQLException {
        return PgJdbc.open(jdbcUrl("postgres"), user(), credentials, CONNECT_TIMEOUT, Duration.ofSeconds(30));
    }

    @Override
    public Sql sql() {
        return new Sql(name, socketTimeout -> PgJdbc.open(jdbcUrl(), user(), password(), CONNECT_TIMEOUT,
                socketTimeout), Duration.ofSeconds(10));
    }

    @Override
    public OptionalLong pid() {
        return server != null && server.isRunning() ? OptionalLong.of(server.pid()) : OptionalLong.empty();
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.of(dataDir);
    }

    @Override
    public void kill9() {
        server.kill9();
    }

    @Override
    public void pause() throws IOException {
        server.pause();
    }

    @Override
    public void resume() throws IOException {
        server.resume();
    }

    @Override
    public void stop() throws IOException {
        server.stop();
    }

    @Override
    public void start() throws IOException {
        for (int attempt = 1; ; attempt++) {
            server.start();
            try {
                awaitReady(topology.config().startupTimeout());
                return;
            } catch (PostgresStartException e) {
                // A backend of a killed server that this JVM never saw (forked just before the kill) leaves on its
                // own once it notices the postmaster is gone; until then it pins the old shared memory.
                boolean stale = !server.isRunning() && server.logTail(5).contains("pre-existing shared memory block");
                if (!stale || attempt == 20) {
                    throw e;
                }
                pause(250);
            }
        }
    }

    @Override
    public void awaitReady(Duration timeout) {
        awaitReady(password(), timeout);
    }

    private void awaitReady(Secret credentials, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not tried";
        while (true) {
            if (!server.isRunning()) {
                throw new PostgresStartException(name + " exited with code " + server.exitCode().orElse(-1)
                        + " before it accepted connections\n" + server.describe(40));
            }
            try (Connection c = PgJdbc.open(jdbcUrl("postgres"), user(), credentials, Duration.ofSeconds(2),
                    Duration.ofSeconds(5)); Statement st = c.createStatement()) {
                st.execute("select 1");
                return;
            } catch (SQLException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new PostgresStartException(name + " did not accept connections within " + timeout
                        + " (last error: " + last + ")\n" + server.describe(40));
            }
            pause(25);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresStartException("interrupted while waiting for PostgreSQL", e);
        }
    }

    @Override
    public boolean isRunning() {
        return server != null && server.isRunning();
    }

    @Override
    public String logTail(int lines) {
        return server == null ? "" : server.logTail(lines);
    }

    String describe(int lines) {
        return server == null ? "--- " + name + " (not created)" : server.describe(lines);
    }

    void beginQuit() {
        if (server == null || !server.isRunning()) {
            return;
        }
        try {
            if (server.isPaused()) {
                server.resume();
            }
            server.signal(ProcessTree.Signal.QUIT);
        } catch (IOException | IllegalStateException e) {
            server.kill9();
        }
    }

    void finishQuit() {
        if (server == null) {
            return;
        }
        try {
            server.stop(ProcessTree.Signal.QUIT, Duration.ofSeconds(10));
            server.close();
        } catch (IOException e) {
            server.kill9();
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + name + ", " + HOST + ":" + port + (mode.map(m -> ", " + m + " standby").orElse(""))
                + "]";
    }
}

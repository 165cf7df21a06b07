package com.trackingbms.dr.testkit.postgres.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.testkit.postgres.PostgresBackend;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresStartException;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.testkit.postgres.PostgresTopologyBuilder;
import com.trackingbms.dr.testkit.postgres.Sql;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * {@link PostgresTopology} on Testcontainers, for machines with Docker and without PostgreSQL binaries. Each node is
 * a container of the official image on a shared network, its port bound to a fixed free port of 127.0.0.1 so the
 * address survives a kill and restart; standbys are made by pg_basebackup inside their container.
 *
 * <p>Differences from the local backend: no pid and no data directory (use {@code docker exec} through the
 * container if needed), and kill -9 kills the whole container.
 */
public final class ContainerPostgresTopology extends BasePostgresTopology<ContainerPostgresTopology.ContainerNode> {

    private static final int PG_PORT = 5432;
    private static final String PRIMARY_ALIAS = "primary";

    private final Network network = Network.newNetwork();

    private ContainerPostgresTopology(PostgresTopologyBuilder.Config config) {
        super(config, PostgresBackend.TESTCONTAINERS);
    }

    /** Whether a Docker engine answers (false on machines with only the docker client). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Creates and starts a topology as described. */
    public static ContainerPostgresTopology start(PostgresTopologyBuilder.Config config) {
        if (!dockerAvailable()) {
            throw new IllegalStateException("the Testcontainers backend needs a running Docker engine, and none"
                    + " answers; start Docker or use PostgresBackend.LOCAL with local PostgreSQL binaries");
        }
        ContainerPostgresTopology t = new ContainerPostgresTopology(config);
        try {
            t.nodes.add(t.startPrimary());
            for (PostgresTopology.StandbySpec s : config.standbys()) {
                t.nodes.add(t.startStandby(s));
            }
            t.awaitStreaming(config.startupTimeout());
            return t;
        } catch (RuntimeException e) {
            String diag = t.diagnostics(30);
            t.close();
            throw new PostgresStartException("container topology did not start: " + e.getMessage() + "\n" + diag, e);
        }
    }

    private static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    private GenericContainer<?> base(String name, int hostPort) {
        GenericContainer<?> c = new GenericContainer<>(config.containerImage());
        c.withNetwork(network).withNetworkAliases(name).withExposedPorts(PG_PORT)
                .withEnv("PGDATA", "/var/lib/postgresql/data/pgdata")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(new PortBinding(
                        Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), new ExposedPort(PG_PORT))))
                .withStartupTimeout(config.startupTimeout());
        return c;
    }

    private ContainerNode startPrimary() {
        int port = freePort();
        StringBuilder conf = new StringBuilder();
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("wal_level", "replica");
        settings.put("max_wal_senders", "16");
        settings.put("max_replication_slots", "16");
        settings.put("wal_log_hints", "on");
        settings.put("hot_standby", "on");
        settings.put("hot_standby_feedback", "on");
        settings.put("wal_keep_size", "128MB");
        settings.put("wal_retrieve_retry_interval", "200ms");
        settings.put("fsync", config.fsync() ? "on" : "off");
        settings.put("password_encryption", "scram-sha-256");
        settings.put("synchronous_standby_names", config.synchronousStandbyNames());
        settings.putAll(config.settings());
        settings.forEach((k, v) -> conf.append(k).append(" = ").append(quote(v)).append('\n'));
        // Runs once, inside the image's initdb step: replication access and the settings standbys inherit.
        String init = "#!/bin/sh\nset -e\n"
                + "echo 'host replication all all scram-sha-256' >> \"$PGDATA/pg_hba.conf\"\n"
                + "cat >> \"$PGDATA/postgresql.conf\" <<'EOF'\n" + conf + "EOF\n";
        GenericContainer<?> c = base(PRIMARY_ALIAS, port)
                .withEnv("POSTGRES_USER", config.user())
                .withEnv("POSTGRES_PASSWORD", password.revealString())
                .withEnv("POSTGRES_DB", config.database())
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256")
                .withEnv("POSTGRES_INITDB_ARGS", "--data-checksums --auth-host=scram-sha-256 --auth-local=trust")
                .withCopyToContainer(Transferable.of(init, 0755), "/docker-entrypoint-initdb.d/10-dr-testkit.sh")
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
        ContainerNode node = new ContainerNode(config.primaryName(), Optional.empty(), c, port);
        node.startContainer();
        return node;
    }

    private ContainerNode startStandby(PostgresTopology.StandbySpec spec) {
        int port = freePort();
        // The image's own shell runs this inside the container; the password reaches it through the environment.
        String script = "if [ ! -s \"$PGDATA/PG_VERSION\" ]; then "
                + "pg_basebackup -h " + PRIMARY_ALIAS + " -p " + PG_PORT + " -U \"$PGUSER\" -w -D \"$PGDATA\""
                + " -X stream -c fast -C -S " + spec.name() + " -R -d application_name=" + spec.name()
                + " && chmod 0700 \"$PGDATA\"; fi; exec postgres -D \"$PGDATA\"";
        GenericContainer<?> c = base(spec.name(), port)
                .withEnv("PGUSER", config.user())
                .withEnv("PGPASSWORD", password.revealString())
                .withCreateContainerCmdModifier(cmd -> cmd.withUser("postgres").withEntrypoint("sh", "-c", script))
                .waitingFor(Wait.forLogMessage(".*ready to accept read-only connections.*", 1));
        ContainerNode node = new ContainerNode(spec.name(), Optional.of(spec.mode()), c, port);
        node.startContainer();
        return node;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new PostgresStartException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    @Override
    Connection connectForReplicationStatus(ContainerNode primary) throws SQLException {
        return primary.connect();
    }

    @Override
    String describe(ContainerNode node, int lines) {
        return node.describe(lines);
    }

    @Override
    public void close() {
        for (ContainerNode n : nodes) {
            n.container.stop();
        }
        network.close();
    }

    /** One container. */
    final class ContainerNode implements PostgresServer {
        private final String name;
        private final Optional<ReplicationMode> mode;
        private final GenericContainer<?> container;
        private final int port;

        ContainerNode(String name, Optional<ReplicationMode> mode, GenericContainer<?> container, int port) {
            this.name = name;
            this.mode = mode;
            this.container = container;
            this.port = port;
        }

        void startContainer() {
            container.start();
            awaitReady(config.startupTimeout());
        }

        private DockerClient docker() {
            return DockerClientFactory.instance().client();
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
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public String database() {
            return config.database();
        }

        @Override
        public String user() {
            return ContainerPostgresTopology.this.user();
        }

        @Override
        public Secret password() {
            return ContainerPostgresTopology.this.password();
        }

        @Override
        public Connection connect() throws SQLException {
            return PgJdbc.open(jdbcUrl(), user(), password, Duration.ofSeconds(5), Duration.ZERO);
        }

        @Override
        public Sql sql() {
            return new Sql(name, t -> PgJdbc.open(jdbcUrl(), user(), password, Duration.ofSeconds(5), t),
                    Duration.ofSeconds(10));
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.empty();
        }

        @Override
        public Optional<Path> dataDirectory() {
            return Optional.empty();
        }

        @Override
        public void kill9() {
            if (isRunning()) {
                docker().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
            }
        }

        @Override
        public void pause() {
            docker().pauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void resume() {
            docker().unpauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void stop() {
            if (isRunning()) {
                docker().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
            }
        }

        @Override
        public void start() {
            docker().startContainerCmd(container.getContainerId()).exec();
            awaitReady(config.startupTimeout());
        }

        @Override
        public void awaitReady(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = "not tried";
            while (System.nanoTime() < deadline) {
                try (Connection c = PgJdbc.open(jdbcUrl(), user(), password, Duration.ofSeconds(2),
                        Duration.ofSeconds(5)); Statement st = c.createStatement()) {
                    st.execute("select 1");
                    return;
                } catch (SQLException e) {
                    last = e.getMessage();
                }
                LocalPostgresServer.pause(100);
            }
            throw new PostgresStartException(name + " did not accept connections within " + timeout
                    + " (last error: " + last + ")\n" + describe(40));
        }

        @Override
        public boolean isRunning() {
            Boolean running = docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning();
            return Boolean.TRUE.equals(running);
        }

        @Override
        public String logTail(int lines) {
            List<String> all = Arrays.asList(container.getLogs().split("\r?\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }

        String describe(int lines) {
            String id = container.getContainerId();
            return "--- " + name + " (container " + (id == null ? "not created" : id.substring(0, 12)) + ") ---\n"
                    + (id == null ? "" : logTail(lines));
        }

        @Override
        public String toString() {
            return "PostgresServer[" + name + ", 127.0.0.1:" + port + ", container]";
        }
    }
}

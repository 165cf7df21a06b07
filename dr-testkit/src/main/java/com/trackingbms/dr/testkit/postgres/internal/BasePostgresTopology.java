package com.trackingbms.dr.testkit.postgres.internal;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.testkit.postgres.PostgresBackend;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresStartException;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.testkit.postgres.PostgresTopologyBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the local and the container topologies share: the nodes (the primary first), the credentials, and the wait
 * for every running standby to stream; each backend only says how it reaches and describes its nodes.
 *
 * @param <N> the backend's node type
 */
abstract class BasePostgresTopology<N extends PostgresServer> implements PostgresTopology {

    final PostgresTopologyBuilder.Config config;
    final Secret password;
    final List<N> nodes = new ArrayList<>();
    private final PostgresBackend backend;

    BasePostgresTopology(PostgresTopologyBuilder.Config config, PostgresBackend backend) {
        this.config = config;
        this.backend = backend;
        this.password = Passwords.random();
    }

    /** A connection to the primary for reading {@code pg_stat_replication}. */
    abstract Connection connectForReplicationStatus(N primary) throws SQLException;

    /** The node's name, state and last log lines, for diagnostics. */
    abstract String describe(N node, int lines);

    @Override
    public PostgresServer primary() {
        return nodes.get(0);
    }

    @Override
    public List<PostgresServer> standbys() {
        return List.copyOf(nodes.subList(1, nodes.size()));
    }

    @Override
    public String user() {
        return config.user();
    }

    @Override
    public Secret password() {
        return password;
    }

    @Override
    public PostgresBackend backend() {
        return backend;
    }

    @Override
    public void awaitStreaming(Duration timeout) {
        N primary = nodes.get(0);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (N s : nodes.subList(1, nodes.size())) {
            if (!s.isRunning()) {
                continue;
            }
            String expected = s.standbyMode().orElseThrow() == ReplicationMode.SYNCHRONOUS ? "sync" : "async";
            String last = "no answer";
            while (true) {
                try (Connection c = connectForReplicationStatus(primary);
                     PreparedStatement st = c.prepareStatement("select state, sync_state from pg_stat_replication"
                             + " where application_name = ?")) {
                    st.setQueryTimeout(5);
                    st.setString(1, s.name());
                    try (ResultSet rs = st.executeQuery()) {
                        last = rs.next() ? rs.getString(1) + "/" + rs.getString(2) : "not connected";
                    }
                } catch (SQLException e) {
                    last = e.getMessage();
                }
                if (last.equals("streaming/" + expected)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new PostgresStartException(s.name() + " is not streaming from " + primary.name()
                            + " as " + expected + " within " + timeout + " (last seen: " + last + ")\n"
                            + diagnostics(30));
                }
                LocalPostgresServer.pause(25);
            }
        }
    }

    @Override
    public String diagnostics(int linesPerServer) {
        return nodes.stream().map(n -> describe(n, linesPerServer)).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return "PostgresTopology[" + backend.name().toLowerCase(Locale.ROOT) + ", "
                + nodes.stream().map(n -> n.name() + ":" + n.port()).toList() + "]";
    }
}

package com.trackingbms.dr.testkit.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A small SQL helper for tests: each call opens its own connection (so it survives kills and restarts of the node),
 * runs one statement with a query timeout, and closes the connection. A paused server or a commit blocked by a missing
 * synchronous standby therefore ends in an exception instead of hanging the test.
 */
public final class Sql {

    /** Opens connections for the helper. */
    @FunctionalInterface
    public interface Connector {
        /** Opens a connection whose socket reads give up after {@code socketTimeout}. */
        Connection open(Duration socketTimeout) throws SQLException;
    }

    private final String node;
    private final Connector connector;
    private final Duration timeout;

    /** Creates a helper for the named node. */
    public Sql(String node, Connector connector, Duration timeout) {
        this.node = Objects.requireNonNull(node, "node");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.timeout = checkTimeout(timeout);
    }

    private static Duration checkTimeout(Duration t) {
        Objects.requireNonNull(t, "timeout");
        if (t.toSeconds() < 1) {
            throw new IllegalArgumentException("query timeout must be at least 1 s (JDBC counts whole seconds), got " + t);
        }
        return t;
    }

    /** The same helper with another query timeout (whole seconds, at least 1 s). */
    public Sql withTimeout(Duration queryTimeout) {
        return new Sql(node, connector, queryTimeout);
    }

    /** The query timeout. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs a statement in autocommit mode and returns its update count.
     *
     * @throws SyncReplicationNotConfirmedException when the commit waited for a synchronous standby beyond the timeout
     */
    public int execute(String sql, Object... params) throws SQLException {
        try (Connection c = open(); PreparedStatement st = prepare(c, sql, params)) {
            boolean hasResult = st.execute();
            checkSyncWarning(st.getWarnings());
            return hasResult ? -1 : st.getUpdateCount();
        }
    }

    /** Runs a query and returns its rows as column-name to value maps, in order. */
    public List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        try (Connection c = open(); PreparedStatement st = prepare(c, sql, params); ResultSet rs = st.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(Collections.unmodifiableMap(row));
            }
            return List.copyOf(rows);
        }
    }

    /** The first column of the first row as text, or empty when there is no row or the value is null. */
    public Optional<String> queryString(String sql, Object... params) throws SQLException {
        try (Connection c = open(); PreparedStatement st = prepare(c, sql, params); ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    /** The first column of the first row as a long. @throws SQLException when there is no row or it is null */
    public long queryLong(String sql, Object... params) throws SQLException {
        try (Connection c = open(); PreparedStatement st = prepare(c, sql, params); ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("query on " + node + " returned no row: " + sql);
            }
            long v = rs.getLong(1);
            if (rs.wasNull()) {
                throw new SQLException("query on " + node + " returned null: " + sql);
            }
            return v;
        }
    }

    /** Whether the node is in recovery (a standby), asked from the server itself. */
    public boolean isInRecovery() throws SQLException {
        return "t".equals(queryString("select pg_is_in_recovery()").orElse("?"));
    }

    private Connection open() throws SQLException {
        // The socket timeout backs up the query timeout: a cancel cannot reach a paused server either.
        return connector.open(timeout.plusSeconds(5));
    }

    private PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        st.setQueryTimeout((int) timeout.toSeconds());
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
        return st;
    }

    private void checkSyncWarning(SQLWarning w) throws SyncReplicationNotConfirmedException {
        for (SQLWarning x = w; x != null; x = x.getNextWarning()) {
            String m = String.valueOf(x.getMessage());
            if (m.contains("synchronous replication")) {
                throw new SyncReplicationNotConfirmedException(node, timeout, m);
            }
        }
    }

    @Override
    public String toString() {
        return "Sql[" + node + ", timeout " + timeout + "]";
    }
}

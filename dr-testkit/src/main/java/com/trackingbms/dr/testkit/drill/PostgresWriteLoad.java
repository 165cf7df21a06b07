package com.trackingbms.dr.testkit.drill;

import com.trackingbms.dr.Ports;
import com.trackingbms.dr.Secret;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link WriteLoad} for PostgreSQL over JDBC: each write is an autocommit {@code INSERT} of its id through one
 * endpoint (typically a {@link SwitchableEndpoint}, so it follows a reroute), acknowledged when the commit returns.
 * Every write carries a query timeout (a cancel request, which is what unblocks a commit waiting for a dead
 * synchronous standby) and a socket timeout (for a server that hangs, where the cancel cannot get through), so a
 * write that hangs fails and is never counted. A commit whose wait for a synchronous standby was cancelled returns
 * with a warning instead of an error; it is not counted either. After an error the connection is dropped and the next write
 * reconnects, like a pooled client would.
 *
 * <p>Each acknowledgement carries the server that served it and two WAL positions around its commit, so a drill can
 * tell which writes a standby must have received.
 */
public final class PostgresWriteLoad implements WriteLoad {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final Secret password;
    private final String table;
    private final Duration writeTimeout;
    private Connection connection;

    private PostgresWriteLoad(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = b.user;
        this.password = b.password;
        this.table = b.table;
        this.writeTimeout = b.writeTimeout;
    }

    /** Starts describing a load that writes through {@code host:port}. */
    public static Builder through(String host, int port) {
        return new Builder(host, port);
    }

    @Override
    public String name() {
        return "jdbc insert into " + table + " through " + host + ":" + port;
    }

    @Override
    public void prepare() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.setQueryTimeout(seconds(writeTimeout));
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id bigint PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now())");
        }
    }

    @Override
    public synchronized Ack write(long id) throws SQLException {
        if (connection == null) {
            connection = open();
        }
        String servedBy;
        long before;
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)"
                + " RETURNING host(inet_server_addr()), inet_server_port(), pg_current_wal_insert_lsn() - '0/0'::pg_lsn")) {
            p.setLong(1, id);
            p.setQueryTimeout(seconds(writeTimeout));
            try (ResultSet r = p.executeQuery()) {
                r.next();
                servedBy = r.getString(1) + ":" + r.getInt(2);
                before = r.getBigDecimal(3).longValueExact();
            }
            requireReplicated(p.getWarnings(), id);
        } catch (SQLException e) {
            dropConnection();
            throw e;
        }
        // Acknowledged: the commit returned. The position after it is a best effort; a failure does not undo the ack.
        OptionalLong after = OptionalLong.empty();
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(seconds(writeTimeout));
            try (ResultSet r = s.executeQuery("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn")) {
                r.next();
                BigDecimal v = r.getBigDecimal(1);
                after = OptionalLong.of(v.longValueExact());
            }
        } catch (SQLException e) {
            dropConnection();
        }
        return new Ack(id, servedBy, OptionalLong.of(before), after);
    }

    /**
     * A commit waiting for a synchronous standby that the query timeout cancels does not fail: PostgreSQL keeps it
     * (it is already in the local WAL) and returns success with a warning. Such a write was never confirmed by the
     * standby, so it is not an acknowledgement.
     */
    private static void requireReplicated(SQLWarning warning, long id) throws SQLException {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            String m = String.valueOf(w.getMessage());
            if (m.contains("canceling wait for synchronous replication")) {
                throw new SQLException("write " + id + " not acknowledged: its commit was cancelled while waiting for the"
                        + " synchronous standby (" + m + ")", "57014");
            }
        }
    }

    @Override
    public Set<Long> readBack(Collection<Long> ids) throws SQLException {
        Set<Long> present = new HashSet<>();
        try (Connection c = open(); PreparedStatement p = c.prepareStatement("SELECT id FROM " + table + " WHERE id = ANY(?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray(new Long[0]));
            p.setArray(1, array);
            p.setQueryTimeout(seconds(writeTimeout.multipliedBy(4)));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    present.add(r.getLong(1));
                }
            }
        }
        return present;
    }

    @Override
    public synchronized void close() {
        dropConnection();
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // The connection is broken already; nothing more to release.
            }
            connection = null;
        }
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password.revealString());
        p.setProperty("connectTimeout", Integer.toString(seconds(writeTimeout)));
        p.setProperty("loginTimeout", Integer.toString(seconds(writeTimeout)));
        p.setProperty("socketTimeout", Integer.toString(seconds(writeTimeout) + 1));
        p.setProperty("cancelSignalTimeout", Integer.toString(seconds(writeTimeout)));
        p.setProperty("ApplicationName", "dr-drill-load");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, (d.toMillis() + 999) / 1000);
    }

    @Override
    public String toString() {
        return "PostgresWriteLoad[" + name() + " as " + user + "]";
    }

    /** Describes the load; the password is a {@link Secret}. */
    public static final class Builder {
        private final String host;
        private final int port;
        private String database = "postgres";
        private String user = "postgres";
        private Secret password = Secret.of("");
        private String table = "drill_writes";
        private Duration writeTimeout = Duration.ofSeconds(1);

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = Ports.require(port, "port", "the endpoint's TCP port");
        }

        /** The database (default postgres). */
        public Builder database(String value) {
            this.database = Objects.requireNonNull(value, "database");
            return this;
        }

        /** The user (default postgres). */
        public Builder user(String value) {
            this.user = Objects.requireNonNull(value, "user");
            return this;
        }

        /** The user's password. */
        public Builder password(Secret value) {
            this.password = Objects.requireNonNull(value, "password");
            return this;
        }

        /** The table written to, a lower-case SQL identifier (default drill_writes); created if missing. */
        public Builder table(String value) {
            if (value == null || !IDENTIFIER.matcher(value).matches()) {
                throw new IllegalArgumentException("table '" + value + "' is not a plain lower-case SQL identifier; give e.g. drill_writes");
            }
            this.table = value;
            return this;
        }

        /**
         * How long one write may take before it is abandoned and not counted (default 1 s; whole seconds, rounded
         * up, as the driver takes them).
         */
        public Builder writeTimeout(Duration value) {
            Objects.requireNonNull(value, "writeTimeout");
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("writeTimeout " + value + " is not positive; give e.g. Duration.ofSeconds(1)");
            }
            this.writeTimeout = value;
            return this;
        }

        /** The load. */
        public PostgresWriteLoad build() {
            return new PostgresWriteLoad(this);
        }
    }
}

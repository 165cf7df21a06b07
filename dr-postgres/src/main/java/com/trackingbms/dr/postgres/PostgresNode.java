package com.trackingbms.dr.postgres;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Ports;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.NodeRole;
import com.trackingbms.dr.spi.NodeState;
import com.trackingbms.dr.spi.NodeUnreachableException;
import com.trackingbms.dr.spi.ProbeResult;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * A PostgreSQL server as a {@link DatabaseNode}, over the JDBC driver. Every call opens its own short-lived
 * connection with connect, login and socket timeouts, so a hung server costs a timeout, never a stuck thread.
 *
 * <p>Fencing makes the server refuse writes: {@code default_transaction_read_only} is set with {@code ALTER SYSTEM}
 * (so it survives a restart), the configuration is reloaded and verified from a fresh session, and every other client
 * session is terminated. That fence is soft (a client may {@code SET default_transaction_read_only = off}); when the
 * node is local, give it a {@link ServerControl} and the fence also stops the server.
 */
public final class PostgresNode implements DatabaseNode {

    /** Stops and starts the server process when the node runs where the controller can reach it. */
    public interface ServerControl {
        /** Stops the server (fast shutdown); returns once it is down. */
        void stop() throws Exception;

        /** Starts the server; returns once it accepts connections. */
        void start() throws Exception;
    }

    private final String name;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final Secret password;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Optional<ServerControl> control;
    private final Clock clock;

    private PostgresNode(Builder b) {
        this.name = b.name;
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = b.user;
        this.password = b.password;
        this.connectTimeout = b.connectTimeout;
        this.socketTimeout = b.socketTimeout;
        this.control = Optional.ofNullable(b.control);
        this.clock = b.clock;
    }

    /** Starts a node description with the given name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String name() {
        return name;
    }

    /** The JDBC URL, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Host name or address. */
    public String host() {
        return host;
    }

    /** TCP port. */
    public int port() {
        return port;
    }

    /** The user the node connects as. */
    public String user() {
        return user;
    }

    /** The password, for the passfile a rejoining standby streams with; package-private so it stays in this module. */
    String passwordForReplication() {
        return password.revealString();
    }

    /** Opens a connection with this node's credentials and timeouts; the caller closes it. */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password.revealString());
        p.setProperty("connectTimeout", Long.toString(Math.max(1, ceilSeconds(connectTimeout))));
        p.setProperty("loginTimeout", Long.toString(Math.max(1, ceilSeconds(connectTimeout))));
        p.setProperty("socketTimeout", Long.toString(Math.max(1, ceilSeconds(socketTimeout))));
        p.setProperty("ApplicationName", "trackingbms-dr");
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    @Override
    public NodeState state() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_is_in_recovery(),"
                     + " CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn() - '0/0'::pg_lsn END,"
                     + " pg_last_wal_receive_lsn() - '0/0'::pg_lsn, pg_last_wal_replay_lsn() - '0/0'::pg_lsn,"
                     + " pg_last_xact_replay_timestamp(), current_setting('default_transaction_read_only')")) {
            r.next();
            boolean recovery = r.getBoolean(1);
            Timestamp replayed = r.getTimestamp(5);
            return new NodeState(recovery ? NodeRole.STANDBY : NodeRole.PRIMARY, lsn(r.getBigDecimal(2)),
                    recovery ? lsn(r.getBigDecimal(3)) : OptionalLong.empty(),
                    recovery ? lsn(r.getBigDecimal(4)) : OptionalLong.empty(),
                    Optional.ofNullable(replayed).map(Timestamp::toInstant), "on".equals(r.getString(6)));
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws NodeUnreachableException when the server cannot be connected to at all (refused, or no answer within
     *     the connect timeout): nothing was changed, and the caller should not retry at once
     */
    @Override
    public void fence() throws Exception {
        Connection first;
        try {
            first = connect();
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw new NodeUnreachableException(name + " cannot be fenced: it cannot be reached (" + e.getMessage() + ")", e);
            }
            throw e;
        }
        try (Connection c = first; Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET default_transaction_read_only = on");
            s.execute("SELECT pg_reload_conf()");
        }
        awaitSetting("on", connectTimeout.plus(socketTimeout));
        terminateClientSessions();
        if (control.isPresent()) {
            control.get().stop();
        }
    }

    @Override
    public void unfence() throws Exception {
        if (control.isPresent() && !reachable()) {
            control.get().start();
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM RESET default_transaction_read_only");
            s.execute("SELECT pg_reload_conf()");
        }
        awaitSetting("off", connectTimeout.plus(socketTimeout));
    }

    /**
     * Promotes a standby and waits until it accepts writes. A node that is already primary is left as it is. The
     * standby's inherited {@code synchronous_standby_names} is cleared first: a promoted node has no standby yet, and
     * with the setting kept every write on it would wait forever.
     */
    @Override
    public void promote(Duration timeout) throws Exception {
        Instant deadline = clock.instant().plus(timeout);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (!inRecovery(s)) {
                return;
            }
            s.execute("ALTER SYSTEM SET synchronous_standby_names = ''");
            s.execute("SELECT pg_reload_conf()");
            int waitSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, ceilSeconds(timeout)));
            try (PreparedStatement p = c.prepareStatement("SELECT pg_promote(true, ?)")) {
                p.setInt(1, waitSeconds);
                p.setQueryTimeout(waitSeconds + 1);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    if (!r.getBoolean(1)) {
                        throw new PromotionException(name + ": pg_promote did not finish within " + Durations.format(timeout)
                                + "; check the server log, then promote again (it is idempotent)");
                    }
                }
            }
        }
        while (!acceptsWrites()) {
            if (clock.instant().isAfter(deadline)) {
                throw new PromotionException(name + ": promoted but still refuses writes after " + Durations.format(timeout)
                        + "; check default_transaction_read_only and the server log");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public boolean acceptsWrites() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'")) {
            r.next();
            return r.getBoolean(1);
        }
    }

    /** The standbys the primary streams to, from {@code pg_stat_replication}; empty on a standby. */
    public List<StandbyStatus> standbys() throws SQLException {
        List<StandbyStatus> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT application_name, state, sync_state,"
                     + " pg_current_wal_lsn() - sent_lsn, pg_current_wal_lsn() - flush_lsn, pg_current_wal_lsn() - replay_lsn,"
                     + " EXTRACT(EPOCH FROM replay_lag) * 1000"
                     + " FROM pg_stat_replication ORDER BY application_name")) {
            while (r.next()) {
                BigDecimal lagMs = r.getBigDecimal(7);
                out.add(new StandbyStatus(r.getString(1), r.getString(2), r.getString(3), lsn(r.getBigDecimal(4)),
                        lsn(r.getBigDecimal(5)), lsn(r.getBigDecimal(6)),
                        lagMs == null ? Optional.empty() : Optional.of(Duration.ofMillis(lagMs.longValue()))));
            }
        }
        return out;
    }

    /** The server's replication slots, from {@code pg_replication_slots}, by name. */
    public List<ReplicationSlot> slots() throws SQLException {
        List<ReplicationSlot> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT slot_name, slot_type, active, restart_lsn - '0/0'::pg_lsn,"
                     + " CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END - restart_lsn,"
                     + " coalesce(wal_status, '') FROM pg_replication_slots ORDER BY slot_name")) {
            while (r.next()) {
                out.add(new ReplicationSlot(r.getString(1), r.getString(2), r.getBoolean(3), lsn(r.getBigDecimal(4)),
                        lsn(r.getBigDecimal(5)), r.getString(6)));
            }
        }
        return out;
    }

    /** A health probe: connect within the probe's timeout and run {@code SELECT 1}. */
    public HealthProbe probe() {
        return new HealthProbe() {
            @Override
            public String name() {
                return name + " sql";
            }

            @Override
            public ProbeResult probe(Duration timeout) {
                Instant start = clock.instant();
                Properties p = new Properties();
                p.setProperty("user", user);
                p.setProperty("password", password.revealString());
                String seconds = Long.toString(Math.max(1, ceilSeconds(timeout)));
                p.setProperty("connectTimeout", seconds);
                p.setProperty("loginTimeout", seconds);
                p.setProperty("socketTimeout", seconds);
                p.setProperty("ApplicationName", "trackingbms-dr-probe");
                try (Connection c = DriverManager.getConnection(jdbcUrl(), p); Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                    return ProbeResult.healthy("SELECT 1 ok", Duration.between(start, clock.instant()));
                } catch (SQLException e) {
                    return ProbeResult.unhealthy(String.valueOf(e.getMessage()), Duration.between(start, clock.instant()));
                }
            }
        };
    }

    private boolean reachable() {
        try (Connection c = connect()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private void terminateClientSessions() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
        }
    }

    /** New sessions pick up a reloaded setting only once the postmaster has processed the reload: wait for it. */
    private void awaitSetting(String expected, Duration within) throws Exception {
        Instant deadline = clock.instant().plus(within);
        while (true) {
            try (Connection c = connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SHOW default_transaction_read_only")) {
                r.next();
                if (expected.equals(r.getString(1))) {
                    return;
                }
            }
            if (clock.instant().isAfter(deadline)) {
                throw new FenceException(name + ": default_transaction_read_only is still not '" + expected
                        + "' after reload; check postgresql.auto.conf and the server log");
            }
            Thread.sleep(10);
        }
    }

    private static boolean inRecovery(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT pg_is_in_recovery()")) {
            r.next();
            return r.getBoolean(1);
        }
    }

    private static OptionalLong lsn(BigDecimal value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value.longValueExact());
    }

    private static long ceilSeconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }

    /** Name and address only: credentials are never rendered. */
    @Override
    public String toString() {
        return "PostgresNode[" + name + " " + host + ":" + port + "/" + database + " as " + user + "]";
    }

    /** Describes a node; the password is a {@link Secret}. */
    public static final class Builder {
        private final String name;
        private String host = "127.0.0.1";
        private int port = 5432;
        private String database = "postgres";
        private String user = "postgres";
        private Secret password = Secret.of("");
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration socketTimeout = Duration.ofSeconds(10);
        private ServerControl control;
        private Clock clock = Clock.systemUTC();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Host name or address (default 127.0.0.1). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** TCP port, 1-65535 (default 5432). */
        public Builder port(int value) {
            this.port = Ports.require(value, "port", "the server's TCP port");
            return this;
        }

        /** Database to connect to (default postgres). */
        public Builder database(String value) {
            this.database = Objects.requireNonNull(value, "database");
            return this;
        }

        /** User with the rights to promote and fence (superuser or pg_promote/ALTER SYSTEM grants). */
        public Builder user(String value) {
            this.user = Objects.requireNonNull(value, "user");
            return this;
        }

        /** The user's password. */
        public Builder password(Secret value) {
            this.password = Objects.requireNonNull(value, "password");
            return this;
        }

        /** Connect and login timeout (default 2 s); whole seconds, rounded up, as the driver takes them. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Durations.requirePositive(value, "connectTimeout", "Duration.ofSeconds(2)");
            return this;
        }

        /** Socket read timeout (default 10 s), so a hung server cannot hang a call. */
        public Builder socketTimeout(Duration value) {
            this.socketTimeout = Durations.requirePositive(value, "socketTimeout", "Duration.ofSeconds(10)");
            return this;
        }

        /** Lets fencing stop the server, and unfencing start it, when the node is local. */
        public Builder serverControl(ServerControl value) {
            this.control = value;
            return this;
        }

        /** The clock for deadlines and probe latencies (default system UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The node. */
        public PostgresNode build() {
            return new PostgresNode(this);
        }
    }
}

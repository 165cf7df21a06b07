package com.trackingbms.dr.testkit.postgres;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One PostgreSQL server of a {@link PostgresTopology}. Its address and credentials stay the same across kills and
 * restarts, so a test (or the library under test) can keep using them.
 */
public interface PostgresServer {

    /** The node's name ("primary", "standby1"); also its {@code application_name} towards the primary. */
    String name();

    /** How the node was created: the primary, or a standby in the given mode. Does not follow later promotions. */
    Optional<ReplicationMode> standbyMode();

    /** Whether the node was created as the primary. */
    default boolean createdAsPrimary() {
        return standbyMode().isEmpty();
    }

    /** The host to connect to (127.0.0.1 for local nodes). */
    String host();

    /** The TCP port. */
    int port();

    /** The database tests use. */
    String database();

    /** A JDBC URL for {@link #database()}, without credentials. */
    default String jdbcUrl() {
        return jdbcUrl(database());
    }

    /** A JDBC URL for another database of this server, without credentials. */
    default String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + databaseName;
    }

    /** The superuser name. */
    String user();

    /** The superuser password (authentication over TCP really requires it). */
    Secret password();

    /** Opens a new connection as the superuser (connect timeout a few seconds). */
    Connection connect() throws SQLException;

    /** A small SQL helper with a 10 s query timeout. */
    Sql sql();

    /** The pid of the server process when it is a local process and running. */
    OptionalLong pid();

    /** The data directory, when the node is a local process (for pg_rewind, pg_controldata and the like). */
    Optional<Path> dataDirectory();

    /** Kills the server and its backends with SIGKILL, like a crash of the host. */
    void kill9();

    /** Suspends the server and its backends (SIGSTOP): connections hang, nothing answers. */
    void pause() throws IOException;

    /** Resumes a paused server (SIGCONT). */
    void resume() throws IOException;

    /** Stops the server cleanly (fast shutdown). */
    void stop() throws IOException;

    /** Starts a stopped or killed server and waits until it accepts connections (crash recovery included). */
    void start() throws IOException;

    /** Waits until the server accepts connections, or fails with its log tail after {@code timeout}. */
    void awaitReady(Duration timeout);

    /** Whether the server process is running (a paused server is running). */
    boolean isRunning();

    /** The last lines of the server log. */
    String logTail(int lines);
}

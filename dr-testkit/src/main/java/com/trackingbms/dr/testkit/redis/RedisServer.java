package com.trackingbms.dr.testkit.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One server of a {@link RedisTopology}: a data node (master or replica) or a Sentinel. Its address stays the same
 * across kills and restarts, so a test (or the library under test) can keep using it.
 */
public interface RedisServer {

    /** What a node is. */
    enum Kind {
        /** A data node: created as the master or as its replica (roles change on failover). */
        DATA,
        /** A Sentinel watching the master. */
        SENTINEL
    }

    /**
     * The node's name ("redis-a", "redis-b", "sentinel-1" ...).
     *
     * @return the node's name ("redis-a", "redis-b", "sentinel-1" ...)
     */
    String name();

    /**
     * Whether this is a data node or a Sentinel.
     *
     * @return whether this is a data node or a Sentinel
     */
    Kind kind();

    /**
     * The host a client connects to.
     *
     * @return the host a client connects to
     */
    default String host() {
        return address().host();
    }

    /**
     * The TCP port a client connects to.
     *
     * @return the TCP port a client connects to
     */
    default int port() {
        return address().port();
    }

    /**
     * Host and port as seen from the test.
     *
     * @return host and port as seen from the test
     */
    RedisAddress address();

    /**
     * A {@code redis://host:port} URI (Sentinels too; clients add their own Sentinel scheme).
     *
     * @return a {@code redis://host:port} URI
     */
    default String uri() {
        return "redis://" + address();
    }

    /**
     * Sends one command and returns the decoded reply: a {@code String} (simple or bulk string), a {@code Long}, a
     * {@code List<Object>} or {@code null}.
     *
     * @param command the command name and its arguments
     * @return the decoded reply
     * @throws RedisCommandException when the server answers with an error
     * @throws IOException when the node does not answer within a few seconds
     */
    Object call(String... command) throws IOException;

    /**
     * The pid of the server process when it is a local process and running.
     *
     * @return the pid of the server process when it is a local process and running
     */
    OptionalLong pid();

    /** Kills the server with SIGKILL, like a crash of the host. */
    void kill9();

    /**
     * Suspends the server (SIGSTOP): connections open but nothing answers.
     *
     * @throws IOException when the server cannot be signalled, started or reached
     */
    void pause() throws IOException;

    /**
     * Resumes a paused server (SIGCONT).
     *
     * @throws IOException when the server cannot be signalled, started or reached
     */
    void resume() throws IOException;

    /**
     * Stops the server cleanly.
     *
     * @throws IOException when the server cannot be signalled, started or reached
     */
    void stop() throws IOException;

    /**
     * Starts a stopped or killed server with its configuration file and waits until it answers PING.
     *
     * @throws IOException when the server cannot be signalled, started or reached
     */
    void start() throws IOException;

    /**
     * Starts a stopped or killed data node as a replica of {@code master} from its first instant, so a returning old
     * master never accepts writes as a second master.
     *
     * @param master the current master, as the test reaches it
     * @throws UnsupportedOperationException on a Sentinel
     * @throws IOException when the server cannot be signalled, started or reached
     */
    void startAsReplicaOf(RedisAddress master) throws IOException;

    /**
     * Waits until the server answers PING, or fails with its log tail after {@code timeout}.
     *
     * @param timeout how long to wait at most
     */
    void awaitReady(Duration timeout);

    /**
     * Whether the server process is running (a paused server is running).
     *
     * @return whether the server process is running (a paused server is running)
     */
    boolean isRunning();

    /**
     * The last lines of the server log.
     *
     * @param lines how many lines at most
     * @return the last lines of the server log
     */
    String logTail(int lines);
}

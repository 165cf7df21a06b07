package com.trackingbms.dr.spi;

import java.time.Duration;

/**
 * A database server of one site, as the failover engine sees it. Implementations must make {@link #fence()},
 * {@link #unfence()} and {@link #promote(Duration)} idempotent: the engine may repeat them after a crash (promoting a
 * node that is already primary is a no-op).
 */
public interface DatabaseNode {

    /** A short stable name ("montreal-pg"). */
    String name();

    /** Reads the node's role and replication positions. */
    NodeState state() throws Exception;

    /** Makes the node refuse writes (and end client sessions), so that a returning old primary cannot split the brain. */
    void fence() throws Exception;

    /** Lifts a fence, for a planned switchover back or a rejoin. */
    void unfence() throws Exception;

    /** Promotes a standby to primary and returns once it accepts writes, or throws after {@code timeout}. */
    void promote(Duration timeout) throws Exception;

    /** Whether a write would be accepted right now (a real probe, not a cached role). */
    boolean acceptsWrites() throws Exception;
}

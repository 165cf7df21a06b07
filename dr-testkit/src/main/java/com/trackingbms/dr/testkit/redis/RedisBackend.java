package com.trackingbms.dr.testkit.redis;

/** What runs the servers of a {@link RedisTopology}. */
public enum RedisBackend {
    /** The local {@code redis-server} when it is found, otherwise containers when Docker is available. */
    AUTO,
    /** The local {@code redis-server} binary, started as child processes. */
    LOCAL,
    /** Testcontainers (needs a Docker engine). */
    TESTCONTAINERS
}

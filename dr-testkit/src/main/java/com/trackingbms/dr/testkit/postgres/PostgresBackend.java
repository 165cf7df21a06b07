package com.trackingbms.dr.testkit.postgres;

/** What runs the servers of a {@link PostgresTopology}. */
public enum PostgresBackend {
    /** Local binaries when they are found, otherwise containers when Docker is available. */
    AUTO,
    /** PostgreSQL binaries of this machine, started as child processes. */
    LOCAL,
    /** Testcontainers (needs a Docker engine). */
    TESTCONTAINERS
}

package com.trackingbms.dr.testkit.postgres.internal;

import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.testkit.postgres.PostgresTopologyBuilder;

/** WIP. */
public final class ContainerPostgresTopology {
    private ContainerPostgresTopology() {
    }

    /** WIP. */
    public static boolean dockerAvailable() {
        return false;
    }

    /** WIP. */
    public static PostgresTopology start(PostgresTopologyBuilder.Config config) {
        throw new UnsupportedOperationException("WIP");
    }
}

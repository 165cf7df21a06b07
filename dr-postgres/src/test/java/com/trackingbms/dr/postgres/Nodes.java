package com.trackingbms.dr.postgres;

import com.trackingbms.dr.testkit.postgres.PostgresServer;
import java.time.Duration;

/** Builds library nodes for the testkit's servers. */
final class Nodes {

    private Nodes() {
    }

    static PostgresNode of(PostgresServer server) {
        return PostgresNode.builder(server.name()).host(server.host()).port(server.port()).database(server.database())
                .user(server.user()).password(server.password())
                .connectTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(5)).build();
    }
}

package com.trackingbms.dr.postgres;

import com.trackingbms.dr.exec.RunAs;
import com.trackingbms.dr.testkit.postgres.PostgresBinaries;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import java.time.Duration;

/** Builds library nodes for the testkit's servers. */
final class Nodes {

    private Nodes() {
    }

    /** A rejoin of {@code oldServer}'s node as a standby, with the testkit server as its local control. */
    static PostgresRejoin rejoin(PostgresNode oldPrimary, PostgresServer oldServer) {
        PostgresRejoin.Builder rejoin = PostgresRejoin.builder(oldPrimary)
                .dataDirectory(oldServer.dataDirectory().orElseThrow())
                .binDirectory(PostgresBinaries.locate().directory())
                .serverControl(new PostgresNode.ServerControl() {
                    @Override
                    public void stop() throws Exception {
                        oldServer.stop();
                    }

                    @Override
                    public void start() throws Exception {
                        oldServer.start();
                    }
                })
                .timeout(Duration.ofMinutes(2));
        if (RunAs.currentUserIsRoot()) {
            rejoin.runAs(RunAs.user("postgres"));
        }
        return rejoin.build();
    }

    static PostgresNode of(PostgresServer server) {
        return PostgresNode.builder(server.name()).host(server.host()).port(server.port()).database(server.database())
                .user(server.user()).password(server.password())
                .connectTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(5)).build();
    }
}

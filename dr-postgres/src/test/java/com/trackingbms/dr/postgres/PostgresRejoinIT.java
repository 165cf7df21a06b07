package com.trackingbms.dr.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.spi.NodeRole;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A crashed old primary comes back, is fenced, and rejoins as a standby of the promoted one. */
@DrillTest
class PostgresRejoinIT {

    @Test
    void oldPrimaryIsFencedThenRejoinsAsAStandby(@PostgresCluster PostgresTopology pg) throws Exception {
        PostgresServer oldServer = pg.primary();
        PostgresServer newServer = pg.standbys().get(0);
        PostgresNode oldPrimary = Nodes.of(oldServer);
        PostgresNode newPrimary = Nodes.of(newServer);
        oldServer.sql().execute("CREATE TABLE readings(id int PRIMARY KEY)");
        oldServer.sql().execute("INSERT INTO readings VALUES (1)");

        oldServer.kill9();
        newPrimary.promote(Duration.ofSeconds(30));
        newServer.sql().withTimeout(Duration.ofSeconds(5)).execute("INSERT INTO readings VALUES (2)");

        // The crashed primary comes back on its old timeline, writable: fencing must happen before it takes a client.
        oldServer.start();
        assertThat(oldPrimary.state().role()).isEqualTo(NodeRole.PRIMARY);
        oldPrimary.fence();
        assertThat(oldPrimary.acceptsWrites()).isFalse();
        assertThatThrownBy(() -> oldServer.sql().withTimeout(Duration.ofSeconds(5)).execute("INSERT INTO readings VALUES (99)"))
                .hasMessageContaining("read-only");

        Nodes.rejoin(oldPrimary, oldServer).rejoin(newPrimary, true);

        assertThat(oldPrimary.state().role()).isEqualTo(NodeRole.STANDBY);
        assertThat(newPrimary.standbys()).anySatisfy(s -> {
            assertThat(s.applicationName()).isEqualTo("primary");
            assertThat(s.syncState()).isEqualTo("sync");
        });
        newServer.sql().withTimeout(Duration.ofSeconds(10)).execute("INSERT INTO readings VALUES (3)");
        // A synchronous commit waits for the standby's flush, not its replay: wait (bounded) until the row is visible.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (oldServer.sql().queryLong("SELECT count(*) FROM readings") < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(oldServer.sql().queryLong("SELECT count(*) FROM readings")).isEqualTo(3);
        assertThat(oldServer.sql().queryLong("SELECT count(*) FROM readings WHERE id = 99")).isZero();

        // Switch back: the rejoined node can be promoted and is not left read-only by the old fence.
        newPrimary.fence();
        oldPrimary.promote(Duration.ofSeconds(30));
        assertThat(oldPrimary.acceptsWrites()).isTrue();
    }
}

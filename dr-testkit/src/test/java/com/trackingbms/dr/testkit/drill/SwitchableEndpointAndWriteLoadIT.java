package com.trackingbms.dr.testkit.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The drill's router and write load against a real primary and its synchronous standby: the endpoint really moves
 * clients, acknowledgements say who served them, and a write stuck on a dead synchronous standby is not counted.
 */
@DrillTest
@PostgresCluster(standbys = 1, synchronous = true)
class SwitchableEndpointAndWriteLoadIT {

    private static PostgresWriteLoad load(PostgresTopology pg, SwitchableEndpoint endpoint, String table) {
        return PostgresWriteLoad.through(endpoint.host(), endpoint.port()).user(pg.user()).password(pg.password())
                .table(table).writeTimeout(Duration.ofSeconds(1)).build();
    }

    private static String address(PostgresServer s) {
        return s.host() + ":" + s.port();
    }

    @Test
    void routeToMovesOpenAndNewConnectionsToTheNewUpstream(PostgresTopology pg) throws Exception {
        PostgresServer primary = pg.primary();
        PostgresServer standby = pg.standbys().get(0);
        try (SwitchableEndpoint endpoint = SwitchableEndpoint.to(primary.host(), primary.port());
             PostgresWriteLoad writes = load(pg, endpoint, "endpoint_writes")) {
            writes.prepare();
            WriteLoad.Ack first = writes.write(1);
            assertThat(first.servedBy()).isEqualTo(address(primary));
            assertThat(first.commitAfter()).isPresent();
            assertThat(first.commitBy().getAsLong()).isGreaterThanOrEqualTo(first.commitAfter().getAsLong());
            assertThat(endpoint.current()).contains(TrafficTarget.of(address(primary)));

            endpoint.routeTo("toronto", TrafficTarget.of(address(standby)));

            assertThat(endpoint.current()).contains(TrafficTarget.of(address(standby)));
            // The open connection was reset: that write fails and is not acknowledged...
            assertThatThrownBy(() -> writes.write(2)).isInstanceOf(SQLException.class);
            // ...and the next one reconnects through the endpoint and lands on the standby, which refuses it.
            assertThatThrownBy(() -> writes.write(3)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only transaction");
            // Reads through the endpoint now come from the standby, which has the write the primary acknowledged.
            assertThat(writes.readBack(List.of(1L, 2L, 3L))).containsExactly(1L);
        }
    }

    @Test
    void aWriteStuckOnADeadSynchronousStandbyTimesOutAndIsNotAcknowledged(PostgresTopology pg) throws Exception {
        PostgresServer primary = pg.primary();
        PostgresServer standby = pg.standbys().get(0);
        try (SwitchableEndpoint endpoint = SwitchableEndpoint.to(primary.host(), primary.port());
             PostgresWriteLoad writes = load(pg, endpoint, "stuck_writes")) {
            writes.prepare();
            writes.write(1);
            standby.stop();
            try {
                // The commit waits for a standby that is gone; the query timeout cancels the wait, and PostgreSQL
                // then reports success with a warning: the load must not count it.
                assertThatThrownBy(() -> writes.write(2)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("write 2 not acknowledged").hasMessageContaining("synchronous standby");
            } finally {
                standby.start();
                pg.awaitStreaming(Duration.ofSeconds(30));
            }
            // The cancelled commit is already in the primary's WAL (PostgreSQL only stops waiting): it is there, but
            // it was never acknowledged, which is what the drill counts.
            Set<Long> present = writes.readBack(List.of(1L, 2L));
            assertThat(present).containsExactlyInAnyOrder(1L, 2L);
            assertThat(writes.write(3).id()).isEqualTo(3L);
        }
    }

    @Test
    void badTableNamesAreRejectedWithTheFix() {
        assertThatThrownBy(() -> PostgresWriteLoad.through("127.0.0.1", 5).table("drop table x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table 'drop table x'")
                .hasMessageContaining("e.g. drill_writes");
        assertThatThrownBy(() -> PostgresWriteLoad.through("127.0.0.1", 0)).hasMessageContaining("port 0");
    }

    @Test
    void aTargetThatIsNotHostAndPortIsRejectedNamingTheSite() throws Exception {
        try (SwitchableEndpoint endpoint = SwitchableEndpoint.to("127.0.0.1", 1)) {
            assertThatThrownBy(() -> endpoint.routeTo("toronto", TrafficTarget.of("lb.toronto")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("site toronto")
                    .hasMessageContaining("host:port");
        }
    }
}

package com.trackingbms.dr.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.RecoveryEvent;
import com.trackingbms.dr.failover.TimelineEntry.Kind;
import com.trackingbms.dr.spi.NodeRole;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import com.trackingbms.dr.testkit.drill.DrillReport;
import com.trackingbms.dr.testkit.drill.DrillRunner;
import com.trackingbms.dr.testkit.drill.Fault;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drills 1 and 3 of the issue on one cluster (primary + one synchronous standby): kill -9 of the primary under a
 * write load, then the crashed primary coming back. The second test continues the first one's story, on the same
 * cluster and with the same controller still watching.
 */
@DrillTest
@PostgresCluster(standbys = 1, synchronous = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncStandbyKillDrillIT {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SyncStandbyKillDrillIT.class);
    private static final String TABLE = "readings";

    private PgDrill drill;
    private DrillRunner.Drill running;
    private DrillReport report;

    @Test
    @Order(1)
    void killNineOfThePrimaryFailsOverToTheSyncStandbyWithoutLosingAnAcknowledgedWrite(PostgresTopology pg) throws Exception {
        drill = new PgDrill(pg);
        running = DrillRunner.builder(drill.plan(Duration.ofSeconds(5), TABLE))
                .load(drill.load(TABLE)).fault(Fault.kill9(pg.primary()))
                .faultAfter(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(60))
                .build().start();
        report = running.awaitReport();

        FailoverResult r = report.failover().orElseThrow(() -> new AssertionError("no failover ran: " + report));
        DrAssertions.assertThat(r).promoted("toronto").passedThrough(Kind.FIRST_FAILURE, Kind.DETECTED, Kind.FENCE_FAILED,
                Kind.ROUTED_AWAY, Kind.RPO_GUARD_PASSED, Kind.PROMOTED, Kind.REROUTED, Kind.VALIDATED, Kind.COMPLETED);
        assertThat(r.rto()).as("measured RTO in the report").isPresent();
        assertThat(r.dataLoss().bytes()).as("a synchronous standby has everything the primary acknowledged: %s", r.dataLoss())
                .hasValue(0L);
        assertThat(report.acknowledgedBeforeFault()).as("writes acknowledged before the kill").isPositive();
        assertThat(report.firstWriteAfterFault()).as("a write acknowledged by the new primary: %s", report).isPresent();
        assertThat(report.firstWriteAfterFault().get().servedBy()).isEqualTo(pg.standbys().get(0).host() + ":" + pg.standbys().get(0).port());
        assertThat(report.faultToFirstWrite()).isPresent();
        assertThat(report.readBackError()).isEmpty();
        assertThat(report.missing()).as("acknowledged inserts missing on the new primary; %s", report).isEmpty();
        LOG.info("drill 1: {}", report);
    }

    @Test
    @Order(2)
    void theCrashedPrimaryRestartedAfterTheFailoverIsFencedAtOnceAndRejoinsAsAStandby(PostgresTopology pg) throws Exception {
        assertThat(report).as("needs the failover of the previous drill").isNotNull();
        PostgresServer oldServer = pg.primary();
        PostgresServer newServer = pg.standbys().get(0);
        PostgresNode oldPrimary = drill.nodes.get("montreal");
        PostgresNode newPrimary = drill.nodes.get("toronto");

        // The crashed primary restarts on its old timeline, writable; the controller, still watching, fences it as
        // soon as it answers.
        oldServer.start();
        RecoveryEvent fenced = running.awaitEvent(e -> e.type() == RecoveryEvent.Type.FENCED_ON_RETURN)
                .orElseThrow(() -> new AssertionError("the returning primary was not fenced: " + running));
        assertThat(fenced.site()).isEqualTo("montreal");
        assertThat(oldPrimary.acceptsWrites()).isFalse();
        assertThatThrownBy(() -> oldServer.sql().withTimeout(Duration.ofSeconds(5)).execute("INSERT INTO " + TABLE + " (id) VALUES (-1)"))
                .hasMessageContaining("read-only");
        assertThat(drill.alerts.titles()).contains("old primary back after the failover: montreal");
        assertThat(running.controller().activeSite()).isEqualTo("toronto");

        // Rejoin: pg_rewind onto the new timeline, then stream from the new primary as its synchronous standby.
        Nodes.rejoin(oldPrimary, oldServer).rejoin(newPrimary, true);

        assertThat(oldPrimary.state().role()).isEqualTo(NodeRole.STANDBY);
        assertThat(newPrimary.standbys()).anySatisfy(s -> assertThat(s.syncState()).isEqualTo("sync"));
        newServer.sql().withTimeout(Duration.ofSeconds(10)).execute("INSERT INTO " + TABLE + " (id) VALUES (-2)");
        long acked = report.acknowledged().size();
        assertThat(oldServer.sql().queryLong("SELECT count(*) FROM " + TABLE + " WHERE id > 0"))
                .as("the rejoined standby holds every acknowledged write").isGreaterThanOrEqualTo(acked);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (oldServer.sql().queryLong("SELECT count(*) FROM " + TABLE + " WHERE id = -2") == 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        assertThat(oldServer.sql().queryLong("SELECT count(*) FROM " + TABLE + " WHERE id = -2"))
                .as("a write on the new primary reaches the rejoined standby").isEqualTo(1);
        // A rejoined standby is a standby: the controller leaves it alone (no second fence).
        assertThat(running.events()).filteredOn(e -> e.type() == RecoveryEvent.Type.FENCED_ON_RETURN).hasSize(1);
    }

    @AfterAll
    void close() {
        if (running != null) {
            running.close();
        }
        if (drill != null) {
            drill.close();
        }
    }
}

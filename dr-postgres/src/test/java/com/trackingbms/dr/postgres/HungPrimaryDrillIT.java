package com.trackingbms.dr.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.RecoveryEvent;
import com.trackingbms.dr.failover.TimelineEntry.Kind;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import com.trackingbms.dr.testkit.drill.DrillReport;
import com.trackingbms.dr.testkit.drill.DrillRunner;
import com.trackingbms.dr.testkit.drill.Fault;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Drill 6: the primary hangs (SIGSTOP) instead of dying. Nothing is refused: connections are accepted and never
 * answered, so detection comes from the probe timeouts, fencing fails on timeouts, and the outcome is the same as a
 * crash: the synchronous standby is promoted with no acknowledged write lost. When the hung primary wakes up, the
 * controller fences it.
 */
@DrillTest
@PostgresCluster(standbys = 1, synchronous = true)
class HungPrimaryDrillIT {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HungPrimaryDrillIT.class);
    private static final String TABLE = "hung_readings";

    @Test
    void aHungPrimaryIsDetectedByTimeoutsAndFailedOverWithoutLosingAnAcknowledgedWrite(PostgresTopology pg) throws Exception {
        try (PgDrill drill = new PgDrill(pg);
             DrillRunner.Drill running = DrillRunner.builder(drill.plan(Duration.ofSeconds(5), TABLE))
                     .load(drill.load(TABLE)).fault(Fault.pause(pg.primary())).faultAfter(Duration.ofSeconds(1))
                     .timeout(Duration.ofSeconds(60)).build().start()) {
            DrillReport report;
            try {
                report = running.awaitReport();
            } finally {
                pg.primary().resume();
            }
            LOG.info("drill 6: {}", report);

            FailoverResult r = report.failover().orElseThrow(() -> new AssertionError("no failover ran: " + report));
            DrAssertions.assertThat(r).promoted("toronto").passedThrough(Kind.DETECTED, Kind.FENCE_FAILED, Kind.ROUTED_AWAY,
                    Kind.PROMOTED, Kind.REROUTED, Kind.VALIDATED);
            assertThat(r.timeline().all(Kind.ROUND_FAILED)).as("rounds failed on timeouts, not refusals")
                    .allSatisfy(e -> assertThat(e.detail()).contains("timed out"));
            assertThat(r.dataLoss().bytes()).hasValue(0L);
            assertThat(report.firstWriteAfterFault()).isPresent();
            assertThat(report.readBackError()).isEmpty();
            assertThat(report.missing()).as("acknowledged inserts missing on the new primary; %s", report).isEmpty();

            // Woken up, the old primary would take writes on its old timeline: the controller fences it.
            RecoveryEvent fenced = running.awaitEvent(e -> e.type() == RecoveryEvent.Type.FENCED_ON_RETURN)
                    .orElseThrow(() -> new AssertionError("the woken primary was not fenced: " + running));
            assertThat(fenced.site()).isEqualTo("montreal");
            assertThat(drill.nodes.get("montreal").acceptsWrites()).isFalse();
        }
    }
}

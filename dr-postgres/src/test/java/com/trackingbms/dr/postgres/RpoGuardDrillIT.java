package com.trackingbms.dr.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.failover.FailoverOptions;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.TimelineEntry.Kind;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import com.trackingbms.dr.testkit.drill.DrillReport;
import com.trackingbms.dr.testkit.drill.DrillRunner;
import com.trackingbms.dr.testkit.drill.Fault;
import com.trackingbms.dr.testkit.fault.NetworkFault;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Drill 5: an asynchronous standby that has fallen further behind than the RPO (1 s here) is refused when the
 * primary dies, alerts say why (first the lag itself, then the refusal), and an operator can force the failover.
 */
@DrillTest
@PostgresCluster(standbys = 1, synchronous = false)
class RpoGuardDrillIT {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RpoGuardDrillIT.class);
    private static final String TABLE = "guarded_readings";

    @Test
    void aStandbyLaggingBeyondTheRpoIsRefusedWithAnAlertAndForcingPromotesIt(PostgresTopology pg) throws Exception {
        try (PgDrill drill = new PgDrill(pg)) {
            NetworkFault replication = drill.interposeReplication("toronto");
            Fault fault = Fault.of("toronto stops receiving for 2 s, then kill -9 of the primary", () -> {
                replication.blackHole();
                Thread.sleep(2000);
                pg.primary().kill9();
                replication.drop();
            });
            try (DrillRunner.Drill running = DrillRunner.builder(drill.plan(Duration.ofSeconds(1), TABLE))
                    .load(drill.load(TABLE)).fault(fault).faultAfter(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(60))
                    .writesAfterRecovery(0).build().start()) {
                DrillReport report = running.awaitReport();
                LOG.info("drill 5, automatic: {}", report);

                FailoverResult refused = report.failover().orElseThrow(() -> new AssertionError("no failover ran: " + report));
                assertThat(refused.status()).isEqualTo(FailoverResult.Status.FAILED);
                assertThat(refused.timeline().kinds()).contains(Kind.RPO_GUARD_REFUSED).doesNotContain(Kind.PROMOTED);
                assertThat(refused.timeline().first(Kind.RPO_GUARD_REFUSED).orElseThrow().detail()).contains("RPO");
                assertThat(drill.alerts.alerts(Severity.CRITICAL)).extracting(Alert::title)
                        .contains("replication lag over RPO: toronto", "RPO guard refused toronto");
                Alert why = drill.alerts.alerts(Severity.CRITICAL).stream().filter(a -> a.title().equals("RPO guard refused toronto"))
                        .findFirst().orElseThrow();
                assertThat(why.detail()).contains("toronto").contains("bytes");
                LOG.info("drill 5, refusal alert: {} / {}", why.title(), why.detail());
                assertThat(drill.nodes.get("toronto").acceptsWrites()).as("nothing was promoted").isFalse();

                // An operator accepts the loss.
                FailoverResult forced = running.controller().failover(FailoverOptions.forced("drill: accept losing toronto's lag"));
                LOG.info("drill 5, forced: {}", forced);
                DrAssertions.assertThat(forced).promoted("toronto").passedThrough(Kind.RPO_GUARD_PASSED, Kind.PROMOTED, Kind.VALIDATED);
                assertThat(forced.forced()).isTrue();
                assertThat(drill.routed().name()).isEqualTo(pg.standbys().get(0).name());
                assertThat(drill.nodes.get("toronto").acceptsWrites()).isTrue();
            }
        }
    }
}

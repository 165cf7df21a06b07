package com.trackingbms.dr.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.TimelineEntry;
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
 * Drill 4: a primary with two standbys. The first one of the chain (toronto) has stopped receiving; the second
 * (vancouver) streams. When the primary dies, the standby with the most WAL is promoted, not the first in the chain.
 */
@DrillTest
@PostgresCluster(modes = {ReplicationMode.ASYNCHRONOUS, ReplicationMode.ASYNCHRONOUS})
class TwoStandbysDrillIT {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TwoStandbysDrillIT.class);
    private static final String TABLE = "two_standby_readings";

    @Test
    void theStandbyWithTheMostWalIsPromoted(PostgresTopology pg) throws Exception {
        try (PgDrill drill = new PgDrill(pg)) {
            NetworkFault torontoReplication = drill.interposeReplication("toronto");
            Fault fault = Fault.of("toronto stops receiving for 0.5 s, then kill -9 of the primary", () -> {
                torontoReplication.blackHole();
                Thread.sleep(500);
                pg.primary().kill9();
                torontoReplication.drop();
            });
            DrillReport report = DrillRunner.builder(drill.plan(Duration.ofMinutes(5), TABLE))
                    .load(drill.load(TABLE)).fault(fault).faultAfter(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(60))
                    .build().run();
            LOG.info("drill 4: {}", report);

            FailoverResult r = report.failover().orElseThrow(() -> new AssertionError("no failover ran: " + report));
            DrAssertions.assertThat(r).promoted("vancouver").passedThrough(Kind.CANDIDATE_CHOSEN, Kind.PROMOTED, Kind.VALIDATED);
            TimelineEntry chosen = r.timeline().first(Kind.CANDIDATE_CHOSEN).orElseThrow();
            assertThat(chosen.site()).isEqualTo("vancouver");
            assertThat(chosen.detail()).contains("most recent position").contains("toronto@").contains("vancouver@");
            assertThat(r.timeline().all(Kind.PROMOTED)).extracting(TimelineEntry::site).containsExactly("vancouver");
            long toronto = PgDrill.position(pg.standbys().get(0));
            long vancouverForked = PgDrill.switchPoint(pg.standbys().get(1));
            assertThat(vancouverForked).as("vancouver had more WAL than toronto when promoted").isGreaterThan(toronto);
            assertThat(report.firstWriteAfterFault()).isPresent();
            assertThat(report.firstWriteAfterFault().get().servedBy()).endsWith(":" + pg.standbys().get(1).port());
            assertThat(report.missing()).as("every acknowledged write missing on vancouver committed beyond what it received")
                    .filteredOn(a -> a.commitBy().isPresent())
                    .allSatisfy(a -> assertThat(a.commitBy().getAsLong()).isGreaterThan(vancouverForked));
        }
    }
}

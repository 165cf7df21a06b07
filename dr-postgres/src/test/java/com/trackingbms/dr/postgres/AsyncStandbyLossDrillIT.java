package com.trackingbms.dr.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.failover.DataLoss;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.TimelineEntry.Kind;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import com.trackingbms.dr.testkit.drill.DrillReport;
import com.trackingbms.dr.testkit.drill.DrillRunner;
import com.trackingbms.dr.testkit.drill.Fault;
import com.trackingbms.dr.testkit.drill.WriteLoad;
import com.trackingbms.dr.testkit.fault.NetworkFault;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drill 2: an asynchronous standby loses what it had not received when the primary dies, and the failover says so.
 *
 * <p>How the comparison works. Each acknowledged write carries two WAL positions of the old primary: one read
 * while the row was inserted (its commit record ends after it) and one read right after the commit returned (its
 * commit record ends at or before it). The promoted standby's timeline history file says exactly where its WAL
 * ended (the switch point). So a write whose commit ends after the switch point must be missing and one whose commit
 * ends before it must be there: the acknowledged-but-missing rows read back from the new primary are checked
 * against that, write by write. The controller's estimate is the last primary position it sampled (one probe
 * round, at most 250 ms, before the crash) minus what the standby received: it names the same received position
 * and a positive loss, and it undercounts by at most what the primary wrote after its last sample. The test logs
 * both numbers.
 */
@DrillTest
@PostgresCluster(standbys = 1, synchronous = false)
class AsyncStandbyLossDrillIT {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AsyncStandbyLossDrillIT.class);
    private static final String TABLE = "async_readings";

    @Test
    void theReportedLossMatchesTheAcknowledgedWritesThatAreReallyMissing(PostgresTopology pg) throws Exception {
        try (PgDrill drill = new PgDrill(pg)) {
            NetworkFault replication = drill.interposeReplication("toronto");
            // The standby stops receiving for 0.6 s while the primary keeps acknowledging; then the primary dies and
            // the bytes held in the cut link are thrown away.
            Fault fault = Fault.of("replication to toronto cut for 0.6 s, then kill -9 of the primary", () -> {
                replication.blackHole();
                Thread.sleep(600);
                pg.primary().kill9();
                replication.drop();
            });
            DrillReport report = DrillRunner.builder(drill.plan(Duration.ofSeconds(30), TABLE))
                    .load(drill.load(TABLE)).fault(fault).faultAfter(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(60))
                    .build().run();
            LOG.info("drill 2: {}", report);

            FailoverResult r = report.failover().orElseThrow(() -> new AssertionError("no failover ran: " + report));
            DrAssertions.assertThat(r).promoted("toronto").passedThrough(Kind.RPO_GUARD_PASSED, Kind.PROMOTED, Kind.VALIDATED);
            assertThat(report.readBackError()).isEmpty();
            long received = PgDrill.switchPoint(pg.standbys().get(0));
            String oldPrimary = pg.primary().host() + ":" + pg.primary().port();
            // Positions compare only within the old primary's WAL; writes served by the new primary are on its timeline.
            List<WriteLoad.Ack> onOldPrimary = report.acknowledged().stream().filter(a -> a.servedBy().equals(oldPrimary)).toList();

            // What is really missing is exactly what the standby had not received.
            assertThat(report.missing()).as("acknowledged writes lost with the asynchronous standby").isNotEmpty();
            // (The position after a write is read once it is acknowledged; for the last write before the crash that
            // read may fail, and then only the lower bound is known.)
            assertThat(report.missing()).filteredOn(a -> a.commitBy().isPresent()).allSatisfy(a -> assertThat(a.commitBy().getAsLong())
                    .as("a missing write committed beyond what the standby received (%d)", received).isGreaterThan(received));
            assertThat(report.missing()).allSatisfy(a -> assertThat(a.servedBy()).isEqualTo(oldPrimary));
            List<WriteLoad.Ack> surelyBeyond = onOldPrimary.stream()
                    .filter(a -> a.commitAfter().isPresent() && a.commitAfter().getAsLong() >= received).toList();
            assertThat(report.missing()).containsAll(surelyBeyond);
            List<WriteLoad.Ack> surelyReceived = onOldPrimary.stream()
                    .filter(a -> a.commitBy().isPresent() && a.commitBy().getAsLong() <= received).toList();
            assertThat(report.missing()).doesNotContainAnyElementsOf(surelyReceived);

            // The controller reported a loss, measured from the same received position.
            DataLoss loss = r.dataLoss();
            assertThat(loss.bytes()).as("estimated loss: %s", loss).isPresent();
            assertThat(loss.bytes().getAsLong()).as("estimated loss: %s", loss).isPositive();
            assertThat(loss.time()).isPresent();
            assertThat(loss.basis()).contains("received up to " + received);
            long ackedBeyond = report.missing().stream()
                    .mapToLong(a -> a.commitBy().orElse(a.commitAfter().getAsLong())).max().orElseThrow() - received;
            LOG.info("drill 2 comparison: controller estimate {} bytes / {} ({}); acknowledged-but-missing: {} writes, whose commits end up to {}"
                    + " bytes past the standby's last received position {}", loss.bytes().getAsLong(), loss.time().get(), loss.basis(),
                    report.missing().size(), ackedBeyond, received);
        }
    }
}

package com.trackingbms.dr.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.RecoveryEvent;
import com.trackingbms.dr.failover.TimelineEntry.Kind;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import com.trackingbms.dr.testkit.drill.DrillReport;
import com.trackingbms.dr.testkit.drill.DrillRunner;
import com.trackingbms.dr.testkit.drill.Fault;
import com.trackingbms.dr.testkit.drill.WriteLoad;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
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
            assertThat(report.missing()).as(() -> "acknowledged inserts missing on the new primary; " + report + "\n"
                    + whereAre(pg, report.missing())).isEmpty();

            // Woken up, the old primary would take writes on its old timeline: the controller fences it.
            RecoveryEvent fenced = running.awaitEvent(e -> e.type() == RecoveryEvent.Type.FENCED_ON_RETURN)
                    .orElseThrow(() -> new AssertionError("the woken primary was not fenced: " + running));
            assertThat(fenced.site()).isEqualTo("montreal");
            assertThat(drill.nodes.get("montreal").acceptsWrites()).isFalse();
        }
    }

    /**
     * Where the missing writes are now that the old primary is awake: on the old primary only (acknowledged without
     * the standby: a broken acknowledgement rule), on the new primary too (a broken read-back) or nowhere (never
     * committed). Only computed when the assertion fails.
     */
    private static String whereAre(PostgresTopology pg, List<WriteLoad.Ack> missing) {
        Long[] ids = missing.stream().map(WriteLoad.Ack::id).toArray(Long[]::new);
        StringBuilder sb = new StringBuilder("missing ids present now:");
        for (PostgresServer server : pg.nodes()) {
            sb.append(' ').append(server.name()).append(" (").append(server.host()).append(':').append(server.port()).append(") ");
            try (Connection c = server.connect(); PreparedStatement p = c.prepareStatement(
                    "SELECT count(*), pg_is_in_recovery() FROM " + TABLE + " WHERE id = ANY(?)")) {
                Array array = c.createArrayOf("bigint", ids);
                p.setArray(1, array);
                p.setQueryTimeout(5);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    sb.append(r.getLong(1)).append(" of ").append(ids.length).append(r.getBoolean(2) ? " (standby);" : " (primary);");
                }
            } catch (SQLException e) {
                sb.append("unknown (").append(e.getMessage()).append(");");
            }
        }
        return sb.toString();
    }
}

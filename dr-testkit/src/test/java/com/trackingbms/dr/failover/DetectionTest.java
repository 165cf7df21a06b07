package com.trackingbms.dr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.failover.RoundReport.Decision;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Threshold counting and reset, quorum, and probes that hang. */
class DetectionTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void countsConsecutiveFailedRoundsAndDeclaresDownOnTheThird() throws Exception {
        FailoverController c = f.controller("a");
        assertThat(f.round(c).decision()).isEqualTo(Decision.HEALTHY);
        f.montrealDown();
        RoundReport first = f.round(c);
        assertThat(first.decision()).isEqualTo(Decision.SUSPECT);
        assertThat(first.consecutiveFailures()).isEqualTo(1);
        assertThat(f.round(c).consecutiveFailures()).isEqualTo(2);
        assertThat(f.torontoDb.calls()).as("nothing is promoted before the threshold").doesNotContain("promote");
        RoundReport third = f.round(c);
        assertThat(third.decision()).isEqualTo(Decision.FAILOVER_RAN);
        assertThat(third.failover()).hasValueSatisfying(r -> assertThat(r.succeeded()).isTrue());
    }

    @Test
    void oneGoodRoundResetsTheCount() throws Exception {
        FailoverController c = f.controller("a");
        f.montrealDown();
        f.round(c);
        f.round(c);
        f.montrealApi.healthy();
        f.montrealDbProbe.healthy();
        f.montrealCacheProbe.healthy();
        RoundReport good = f.round(c);
        assertThat(good.decision()).isEqualTo(Decision.HEALTHY);
        assertThat(good.consecutiveFailures()).isZero();
        f.montrealDown();
        assertThat(f.round(c).consecutiveFailures()).isEqualTo(1);
        assertThat(f.round(c).decision()).isEqualTo(Decision.SUSPECT);
        assertThat(f.round(c).decision()).isEqualTo(Decision.FAILOVER_RAN);
    }

    @Test
    void oneFlakyProbeOutOfThreeNeverMovesProduction() throws Exception {
        FailoverController c = f.controller("a");
        f.montrealApi.down("HTTP 503");
        for (int i = 0; i < 10; i++) {
            RoundReport r = f.round(c);
            assertThat(r.roundFailed()).isFalse();
            assertThat(r.probes()).filteredOn(p -> !p.healthy()).extracting(RoundReport.ProbeOutcome::probe).containsExactly("montreal-api");
        }
        assertThat(c.activeSite()).isEqualTo("montreal");
        assertThat(f.alerts.alerts()).isEmpty();
    }

    @Test
    void twoOfThreeProbesFailingIsAFailedMajorityRound() throws Exception {
        FailoverController c = f.controller("a");
        f.montrealApi.down("HTTP 503");
        f.montrealCacheProbe.down("PING timeout");
        RoundReport r = f.round(c);
        assertThat(r.roundFailed()).isTrue();
        assertThat(r.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void quorumAnyFailsTheRoundOnASingleProbe() throws Exception {
        FailoverController c = f.controller(f.builder(f.plan(chain -> chain.quorum(Quorum.any())), "a"));
        f.montrealApi.down("HTTP 503");
        assertThat(f.round(c).roundFailed()).isTrue();
    }

    @Test
    void aFailedRoundWarnsWithNOfN() throws Exception {
        FailoverController c = f.controller("a");
        f.montrealDown();
        f.round(c);
        f.round(c);
        assertThat(f.alerts.alerts(Severity.WARNING)).extracting(Alert::title)
                .containsExactly("probe round failed (1 of 3): montreal", "probe round failed (2 of 3): montreal");
        Alert first = f.alerts.alerts(Severity.WARNING).get(0);
        assertThat(first.detail()).contains("3 of 3 probes failed").contains("montreal-api: HTTP 503")
                .contains("montreal-jdbc: IOException: connection refused");
        assertThat(first.plan()).isEqualTo("trackingbms");
        assertThat(first.fields()).containsEntry("site", "montreal").containsEntry("round", "1/3");
    }

    @Test
    void aHungProbeIsAbandonedAtItsTimeoutAndCountsAsFailed() throws Exception {
        // A fast policy: 300 ms rounds, so the probe timeout is 100 ms of real time; the probe hangs forever.
        f.interval = Duration.ofMillis(300);
        FailoverController c = f.controller("a");
        f.montrealApi.hanging();
        f.montrealDbProbe.hanging();
        RoundReport r = c.runRound();
        assertThat(r.roundFailed()).isTrue();
        assertThat(r.probes()).filteredOn(p -> !p.healthy()).extracting(RoundReport.ProbeOutcome::detail)
                .containsOnly("timed out after 100ms");
        f.montrealApi.healthy();
        f.montrealDbProbe.healthy();
    }
}

package com.trackingbms.dr.failover;

import static com.trackingbms.dr.failover.TimelineEntry.Kind.CAUGHT_UP;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.FENCED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.PROMOTED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.REROUTED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.VALIDATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.failover.RoundReport.Decision;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No flapping (cooldown, no automatic failback), post-failover watch, dry run and planned switchover. */
class CooldownDryRunSwitchoverTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private FailoverController failedOverToToronto() throws Exception {
        FailoverController c = f.controller("a");
        f.round(c);
        f.montrealDown();
        DrAssertions.assertThat(f.roundsUntilFailover(c, 5)).promoted("toronto");
        return c;
    }

    @Test
    void noSecondAutomaticFailoverWithinTheCooldownAndOneAlert() throws Exception {
        FailoverController c = failedOverToToronto();
        f.alerts.clear();
        f.torontoProbe.down("HTTP 503");
        for (int i = 0; i < 5; i++) {
            RoundReport r = f.round(c);
            if (i >= 2) {
                assertThat(r.decision()).isEqualTo(Decision.SUPPRESSED_BY_COOLDOWN);
            }
        }
        assertThat(c.activeSite()).isEqualTo("toronto");
        assertThat(f.vancouverDb.calls()).doesNotContain("promote");
        assertThat(f.alerts.titles()).filteredOn(t -> t.startsWith("automatic failover suppressed by cooldown")).hasSize(1);
        assertThat(f.alerts.alerts().stream().filter(a -> a.title().startsWith("automatic failover suppressed")).findFirst().orElseThrow().detail())
                .contains("An operator can fail over now");
    }

    @Test
    void afterTheCooldownTheChainMovesOnAndNeverFailsBackAutomatically() throws Exception {
        FailoverController c = f.controller(f.builder(f.plan(), "a").approvals(ApprovalCallback.approveAll()));
        f.round(c);
        f.montrealDown();
        f.roundsUntilFailover(c, 5);
        // Montreal comes back healthy; toronto fails after the cooldown.
        f.montrealApi.healthy();
        f.montrealDbProbe.healthy();
        f.montrealCacheProbe.healthy();
        f.clock.advance(f.cooldown);
        f.torontoProbe.down("HTTP 503");
        FailoverResult second = f.roundsUntilFailover(c, 10);
        DrAssertions.assertThat(second).promoted("vancouver");
        assertThat(second.failedSite()).isEqualTo("toronto");
        assertThat(f.montrealDb.calls()).as("montreal needs a rejoin and a planned switchover, never an automatic failback")
                .doesNotContain("promote", "unfence");
    }

    @Test
    void anOperatorCanStillFailOverDuringTheCooldown() throws Exception {
        FailoverController c = failedOverToToronto();
        assertThat(c.cooldownUntil()).isPresent();
        FailoverResult r = f.controller(f.builder(f.plan(), "ops").approvals(ApprovalCallback.approveAll())).failover(FailoverOptions.requested("drill"));
        // A second controller that never saw the first failover learns it from the journal and fails toronto over.
        DrAssertions.assertThat(r).promoted("vancouver");
        assertThat(r.failedSite()).isEqualTo("toronto");
    }

    @Test
    void probesTheNewPrimaryMoreOftenForAWhileAfterAFailover() throws Exception {
        FailoverController c = f.controller(f.builder(f.plan(), "a").postFailoverWatch(Duration.ofMinutes(10), Duration.ofSeconds(5)));
        assertThat(c.nextRoundDelay()).isEqualTo(Fixture.INTERVAL);
        f.round(c);
        f.montrealDown();
        f.roundsUntilFailover(c, 5);
        assertThat(c.nextRoundDelay()).isEqualTo(Duration.ofSeconds(5));
        f.clock.advance(Duration.ofMinutes(10));
        assertThat(c.nextRoundDelay()).isEqualTo(Fixture.INTERVAL);
    }

    @Test
    void dryRunListsTheStepsWithTargetsMarksDestructiveOnesAndTouchesNothing() throws Exception {
        FailoverController c = f.controller("a");
        DryRun dry = c.dryRun();
        assertThat(dry.from()).isEqualTo("montreal");
        assertThat(dry.candidates()).containsExactly("toronto", "vancouver");
        assertThat(dry.steps()).extracting(DryRun.PlannedStep::step, DryRun.PlannedStep::site, DryRun.PlannedStep::target,
                DryRun.PlannedStep::destructive).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fence-old-primary", "montreal", "montreal-pg", true),
                org.assertj.core.groups.Tuple.tuple("guard-rpo", "toronto", "toronto-pg", false),
                org.assertj.core.groups.Tuple.tuple("promote-database", "toronto", "toronto-pg", true),
                org.assertj.core.groups.Tuple.tuple("failover-cache", "toronto", "toronto-redis", true),
                org.assertj.core.groups.Tuple.tuple("reroute", "toronto", "route53 api.trackingbms.com -> lb.toronto", true),
                org.assertj.core.groups.Tuple.tuple("reroute", "toronto", "elb prod -> lb.toronto", true),
                org.assertj.core.groups.Tuple.tuple("validate", "toronto", "1 checks", false));
        assertThat(dry.render()).contains("fail over montreal -> toronto -> vancouver").contains("! promote-database");
        assertThat(f.montrealDb.calls()).isEmpty();
        assertThat(f.torontoDb.calls()).isEmpty();
        assertThat(f.montrealApi.calls()).isZero();
        assertThat(f.dns.history()).isEmpty();
        assertThat(f.alerts.alerts()).isEmpty();
    }

    @Test
    void plannedSwitchoverFencesFirstWaitsForCatchUpAndLosesNothing() throws Exception {
        FailoverController c = f.controller("a");
        f.montrealDb.write(5000);
        f.torontoDb.receiveUpTo(4000);
        // The standby receives the rest once the primary stops taking writes.
        f.torontoDb.onCall("state", () -> f.torontoDb.receiveUpTo(5000));
        FailoverResult r = c.switchover("toronto");

        DrAssertions.assertThat(r).promoted("toronto").lostNothing().passedThrough(FENCED, CAUGHT_UP, PROMOTED, REROUTED, VALIDATED);
        assertThat(r.kind()).isEqualTo(FailoverResult.Kind.SWITCHOVER);
        assertThat(f.montrealDb.calls()).containsSubsequence("fence");
        assertThat(f.torontoDb.calls()).containsSubsequence("state", "promote");
        assertThat(c.activeSite()).isEqualTo("toronto");
    }

    @Test
    void aSwitchoverWhoseTargetDoesNotCatchUpChangesNothing() throws Exception {
        FailoverController c = f.controller(f.builder(f.plan(), "a").catchUpTimeout(Duration.ofSeconds(1)));
        f.montrealDb.write(5000);
        f.torontoDb.receiveUpTo(4000);
        f.torontoDb.onCall("state", () -> f.clock.advance(Duration.ofMillis(400)));
        FailoverResult r = c.switchover("toronto");

        DrAssertions.assertThat(r).hasStatus(FailoverResult.Status.ABORTED).neverPassedThrough(PROMOTED);
        assertThat(r.reason()).contains("did not catch up").contains("unfenced");
        assertThat(f.montrealDb.isFenced()).isFalse();
        assertThat(f.montrealDb.calls()).containsSubsequence("fence", "unfence");
        assertThat(f.torontoDb.calls()).doesNotContain("promote");
        assertThat(c.activeSite()).isEqualTo("montreal");
    }

    @Test
    void aSwitchoverNeedsBothSitesHealthyAndAKnownTarget() throws Exception {
        FailoverController c = f.controller("a");
        f.torontoProbe.down("HTTP 503");
        FailoverResult r = c.switchover("toronto");
        assertThat(r.status()).isEqualTo(FailoverResult.Status.ABORTED);
        assertThat(r.reason()).contains("needs both sites healthy").contains("toronto 1 of 1 probes failed");
        assertThat(f.montrealDb.calls()).doesNotContain("fence");
        assertThatThrownBy(() -> c.switchover("frankfurt")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no site 'frankfurt'");
        assertThatThrownBy(() -> c.switchover("montreal")).hasMessageContaining("already the active site");
    }
}

package com.trackingbms.dr.failover;

import static com.trackingbms.dr.failover.TimelineEntry.Kind.APPROVAL_DENIED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.APPROVED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.PROMOTED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.RPO_GUARD_PASSED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.RPO_GUARD_REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import com.trackingbms.dr.testkit.fake.FakeDatabaseNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RPO guard (including unknown positions) and the approval of manual sites. */
class GuardAndApprovalTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** Toronto stops receiving at 1000 while montreal keeps writing for 6 minutes: over the 5 minute RPO. */
    private FailoverController lagBehindForSixMinutes(FailoverController.Builder builder) throws Exception {
        FailoverController c = f.controller(builder);
        f.montrealDb.write(1000);
        f.torontoDb.receiveUpTo(1000);
        f.vancouverDb.receiveUpTo(1000);
        for (int i = 0; i < 12; i++) {
            f.round(c);
            f.montrealDb.write(100);
        }
        return c;
    }

    @Test
    void refusesACandidateThatWouldLoseMoreThanTheRpoAndNeverTouchesIt() throws Exception {
        FailoverController c = lagBehindForSixMinutes(f.builder(f.plan(), "a"));
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).hasStatus(FailoverResult.Status.FAILED).neverPassedThrough(PROMOTED);
        TimelineEntry refused = r.timeline().first(RPO_GUARD_REFUSED).orElseThrow();
        assertThat(refused.site()).isEqualTo("toronto");
        assertThat(refused.detail()).contains("would lose 1200 bytes / 6m").contains("over the RPO of 5m");
        assertThat(f.torontoDb.calls()).doesNotContain("promote");
        assertThat(f.montrealDb.isFenced()).as("refused before fencing: the old primary is left as it was").isFalse();
        assertThat(f.alerts.titles()).contains("RPO guard refused toronto");
        Alert lag = f.alerts.alerts().stream().filter(a -> a.title().equals("replication lag over RPO: toronto")).findFirst().orElseThrow();
        assertThat(lag.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(lag.detail()).contains("over the RPO of 5m").contains("bytes /");
        assertThat(f.alerts.titles()).filteredOn(t -> t.startsWith("replication lag over RPO")).as("alerted once, not every round")
                .containsExactly("replication lag over RPO: toronto", "replication lag over RPO: vancouver");
    }

    @Test
    void oneUnansweredLagReadIsNoiseButAStandbyThatStaysSilentIsAlerted() throws Exception {
        FailoverController c = f.controller("a");
        f.montrealDb.write(1000);
        f.torontoDb.receiveUpTo(1000);
        f.vancouverDb.receiveUpTo(1000);
        f.torontoDb.failNext("state", 1);
        f.round(c);
        f.round(c);
        assertThat(f.alerts.titles()).noneMatch(t -> t.startsWith("replication lag over RPO"));

        f.torontoDb.failNext("state", 3);
        f.round(c);
        f.round(c);
        assertThat(f.alerts.titles()).noneMatch(t -> t.startsWith("replication lag over RPO"));
        f.round(c);
        Alert lag = f.alerts.alerts().stream().filter(a -> a.title().equals("replication lag over RPO: toronto")).findFirst().orElseThrow();
        assertThat(lag.detail()).contains("toronto did not answer 3 consecutive lag reads").contains("unknown");
    }

    @Test
    void anUnknownReplicationPositionIsARefusalReasonNeverZeroLag() throws Exception {
        // Toronto never streamed (its receive position is null): what Patroni took for zero lag, and lost every write.
        FakeDatabaseNode never = FakeDatabaseNode.standbyWithUnknownPosition("toronto-pg");
        FailoverController c = f.controller(f.builder(planWithUnknownToronto(f, never), "a"));
        f.montrealDb.write(1000);
        f.round(c);
        assertThat(f.alerts.alerts(Severity.CRITICAL)).extracting(Alert::title).contains("replication lag over RPO: toronto");
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).hasStatus(FailoverResult.Status.FAILED).neverPassedThrough(PROMOTED);
        assertThat(r.timeline().first(RPO_GUARD_REFUSED).orElseThrow().detail())
                .contains("unknown").contains("never taken as zero lag");
        assertThat(never.calls()).doesNotContain("promote");
    }

    private static com.trackingbms.dr.DisasterRecoveryPlan planWithUnknownToronto(Fixture fx, FakeDatabaseNode toronto) {
        return com.trackingbms.dr.DisasterRecoveryPlan.named("trackingbms")
                .objectives(com.trackingbms.dr.Objective.rto(Duration.ofMinutes(15)),
                        com.trackingbms.dr.Objective.rpo(Duration.ofMinutes(5)), com.trackingbms.dr.Objective.availability(99.99))
                .site("montreal", s -> s.primary().database(fx.montrealDb).probe(fx.montrealApi, fx.montrealDbProbe, fx.montrealCacheProbe)
                        .traffic("lb.montreal"))
                .site("toronto", s -> s.hotStandby().streaming(com.trackingbms.dr.ReplicationMode.ASYNCHRONOUS).database(toronto)
                        .probe(fx.torontoProbe).traffic("lb.toronto"))
                .failover(chain -> chain.from("montreal").to("toronto").detectAfter(3).consecutiveFailures()
                        .probingEvery(Fixture.INTERVAL)
                        .steps(FailoverStep.fenceOldPrimary(), FailoverStep.guardRpo(), FailoverStep.promoteDatabase(),
                                FailoverStep.reroute(fx.dns), FailoverStep.validate()))
                .alerts(fx.alerts)
                .build();
    }

    @Test
    void anOperatorCanForceThePromotionAndTheLossIsStillReported() throws Exception {
        FailoverController c = lagBehindForSixMinutes(f.builder(f.plan(), "a"));
        f.montrealDown();
        FailoverResult r = c.failover(FailoverOptions.forced("CEO approved losing 6 minutes"));

        DrAssertions.assertThat(r).promoted("toronto").passedThrough(RPO_GUARD_PASSED, PROMOTED);
        assertThat(r.forced()).isTrue();
        assertThat(r.timeline().first(RPO_GUARD_PASSED).orElseThrow().detail())
                .startsWith("forced by the operator (CEO approved losing 6 minutes)");
        assertThat(r.dataLoss().bytes()).hasValue(1200);
        assertThat(r.rpoMet()).isFalse();
    }

    @Test
    void aManualSiteIsNotActivatedWithoutApprovalAndEscalates() throws Exception {
        FailoverController c = f.controller("a"); // default approvals: deny
        f.round(c);
        f.montrealDown();
        f.torontoProbe.down("HTTP 503");
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).hasStatus(FailoverResult.Status.FAILED).passedThrough(APPROVAL_DENIED).neverPassedThrough(PROMOTED);
        assertThat(f.vancouverDb.calls()).doesNotContain("promote");
        Alert escalation = f.alerts.alerts().stream().filter(a -> a.title().startsWith("manual escalation required")).findFirst().orElseThrow();
        assertThat(escalation.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(escalation.title()).isEqualTo("manual escalation required: activate vancouver?");
        assertThat(escalation.detail()).contains("montreal is down").contains("manual site vancouver");
        assertThat(escalation.fields()).containsEntry("site", "vancouver").containsEntry("failedSite", "montreal");
    }

    @Test
    void anApprovedManualSiteIsActivatedAndTheApproverSeesTheEstimatedLoss() throws Exception {
        List<ApprovalRequest> asked = new ArrayList<>();
        FailoverController c = f.controller(f.builder(f.plan(), "a").approvals(request -> {
            asked.add(request);
            return true;
        }));
        f.montrealDb.write(500);
        f.vancouverDb.receiveUpTo(500);
        f.round(c);
        f.montrealDown();
        f.torontoProbe.down("HTTP 503");
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).promoted("vancouver").passedThrough(APPROVED, PROMOTED).lostNothing();
        assertThat(asked).singleElement().satisfies(a -> {
            assertThat(a.site()).isEqualTo("vancouver");
            assertThat(a.failedSite()).isEqualTo("montreal");
            assertThat(a.dataLoss().bytes()).hasValue(0);
        });
    }

    @Test
    void anApprovalCallbackThatThrowsCountsAsDenied() throws Exception {
        FailoverController c = f.controller(f.builder(f.plan(), "a").approvals(request -> {
            throw new IllegalStateException("pager down");
        }));
        f.round(c);
        f.montrealDown();
        f.torontoProbe.down("HTTP 503");
        FailoverResult r = f.roundsUntilFailover(c, 5);
        assertThat(r.timeline().first(APPROVAL_DENIED).orElseThrow().detail()).contains("pager down");
        assertThat(f.vancouverDb.calls()).doesNotContain("promote");
    }
}

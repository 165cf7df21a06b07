package com.trackingbms.dr.failover;

import static com.trackingbms.dr.failover.TimelineEntry.Kind.CACHE_FAILED_OVER;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.CANDIDATE_CHOSEN;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.CASCADE;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.COMPLETED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.DETECTED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.FENCED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.FENCE_FAILED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.FIRST_FAILURE;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.LEASE_ACQUIRED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.PROMOTED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.REROUTED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.ROUTED_AWAY;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.RPO_GUARD_PASSED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.VALIDATED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.spi.NodeRole;
import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import com.trackingbms.dr.testkit.fake.FakeTrafficRouter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whole failovers on fakes: timeline, RTO and RPO arithmetic, fencing, cascade, alerts, incident report. */
class FailoverScenarioTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void failsOverToTorontoInOrderAndMeasuresRtoFromTheFirstFailedProbe() throws Exception {
        FailoverController c = f.controller("a");
        // Steps take time: promotion 2 s, the DNS change 5 s, validation 3 s (on the simulated clock).
        f.torontoDb.onCall("promote", () -> f.clock.advance(Duration.ofSeconds(2)));
        f.dns.onCall("routeTo", () -> f.clock.advance(Duration.ofSeconds(5)));
        f.validFor.put("toronto", true);
        f.round(c);
        f.montrealDown();
        Instant firstFailure = f.clock.instant();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).promoted("toronto").completedWithin(Duration.ofMinutes(15))
                .passedThrough(FIRST_FAILURE, DETECTED, LEASE_ACQUIRED, CANDIDATE_CHOSEN, FENCED, RPO_GUARD_PASSED,
                        PROMOTED, CACHE_FAILED_OVER, REROUTED, VALIDATED, COMPLETED);
        assertThat(r.outageStartedAt()).isEqualTo(firstFailure);
        assertThat(r.detectionTime()).as("3 rounds 30 s apart: declared 60 s after the first failure").isEqualTo(Duration.ofSeconds(60));
        assertThat(r.rto()).as("60 s detection + 2 s promotion + 5 s DNS").contains(Duration.ofSeconds(67));
        assertThat(r.timeline().between(FIRST_FAILURE, VALIDATED)).contains(Duration.ofSeconds(67));
        assertThat(r.rtoMet()).isTrue();
        assertThat(r.resumed()).isFalse();

        assertThat(f.montrealDb.isFenced()).isTrue();
        assertThat(f.montrealDb.calls()).contains("fence");
        assertThat(f.torontoDb.role()).isEqualTo(NodeRole.PRIMARY);
        assertThat(f.torontoCache.currentRole()).isEqualTo(NodeRole.PRIMARY);
        assertThat(f.dns.history()).containsExactly(new FakeTrafficRouter.Route("toronto", TrafficTarget.of("lb.toronto")));
        assertThat(f.lb.history()).containsExactly(new FakeTrafficRouter.Route("toronto", TrafficTarget.of("lb.toronto")));
        assertThat(f.vancouverDb.calls()).doesNotContain("promote");
        assertThat(c.activeSite()).isEqualTo("toronto");
        assertThat(r.recoveryTask()).hasValueSatisfying(t -> {
            assertThat(t.site()).isEqualTo("montreal");
            assertThat(t.instructions()).contains("rejoin montreal as a standby of toronto").contains("never automatic");
        });
        assertThat(r.validation()).hasValueSatisfying(v -> assertThat(v.passed()).isTrue());
    }

    @Test
    void estimatesTheDataLossInBytesAndSecondsFromTheLastKnownPrimaryPosition() throws Exception {
        FailoverController c = f.controller("a");
        f.montrealDb.write(1000);
        f.torontoDb.receiveUpTo(1000);
        f.round(c); // t=0: primary sampled at 1000
        f.montrealDb.write(1000);
        f.round(c); // t=30: primary at 2000, toronto still at 1000
        f.torontoDb.receiveUpTo(2000);
        f.montrealDb.write(1000); // 3000, never received by toronto
        f.montrealDown(); // the application fails; the database still answers until fenced
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).promoted("toronto").lostAtMostBytes(1000).lostAtMost(Duration.ofSeconds(30));
        assertThat(r.dataLoss().bytes()).hasValue(1000);
        assertThat(r.dataLoss().time()).as("writes after the 2000 sample at t=30 up to the 3000 sample at t=60")
                .contains(Duration.ofSeconds(30));
        assertThat(r.rpoMet()).isTrue();
    }

    @Test
    void whenTheOldPrimaryCannotBeFencedItProceedsOnlyAfterTrafficWasMovedAwayAndSaysSo() throws Exception {
        FailoverController c = f.controller("a");
        f.montrealDb.write(100);
        f.torontoDb.receiveUpTo(100);
        f.round(c);
        f.montrealDown();
        f.montrealDb.setReachable(false);
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).promoted("toronto").passedThrough(FENCE_FAILED, ROUTED_AWAY, PROMOTED, VALIDATED);
        TimelineEntry away = r.timeline().first(ROUTED_AWAY).orElseThrow();
        assertThat(away.detail()).contains("montreal could not be fenced, so traffic was moved away from it before promoting anything")
                .contains("route53 api.trackingbms.com -> lb.toronto");
        assertThat(r.timeline().first(FENCE_FAILED).orElseThrow().detail()).contains("ConnectException");
        assertThat(r.timeline().entries().indexOf(away))
                .isLessThan(r.timeline().entries().indexOf(r.timeline().first(PROMOTED).orElseThrow()));
        assertThat(f.montrealDb.calls()).filteredOn("fence"::equals).hasSize(3); // its three attempts
    }

    @Test
    void withoutARouterAnUnfenceablePrimaryStopsTheFailoverBeforeAnyPromotion() throws Exception {
        FailoverController c = f.controller(f.builder(f.plan(chain -> chain.steps(FailoverStep.fenceOldPrimary(),
                FailoverStep.guardRpo(), FailoverStep.promoteDatabase(), FailoverStep.validate())), "a"));
        f.round(c);
        f.montrealDown();
        f.montrealDb.setReachable(false);
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).hasStatus(FailoverResult.Status.ABORTED).neverPassedThrough(PROMOTED);
        assertThat(r.reason()).contains("cannot fence montreal").contains("no router").contains("split the brain");
        assertThat(f.torontoDb.calls()).doesNotContain("promote");
        assertThat(f.vancouverDb.calls()).doesNotContain("promote");
        assertThat(c.activeSite()).isEqualTo("montreal");
        assertThat(f.alerts.titles()).contains("failover aborted: montreal");
    }

    @Test
    void cascadesToTheTertiarySiteWhenValidationFailsAndFencesTheAbandonedCandidate() throws Exception {
        FailoverController c = f.controller(f.builder(f.plan(), "a").approvals(ApprovalCallback.approveAll()));
        f.validFor.put("toronto", false);
        f.round(c);
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).promoted("vancouver").passedThrough(PROMOTED, VALIDATION_FAILED, CASCADE, FENCED, PROMOTED, VALIDATED);
        assertThat(r.timeline().first(VALIDATION_FAILED).orElseThrow().site()).isEqualTo("toronto");
        assertThat(r.timeline().first(CASCADE).orElseThrow().detail()).contains("toronto passed over (validation failed: 0/1 checks passed");
        assertThat(f.torontoDb.calls()).as("the abandoned toronto was a primary: fenced before vancouver is promoted")
                .containsSubsequence("promote", "fence");
        assertThat(f.torontoDb.isFenced()).isTrue();
        assertThat(f.dns.history()).extracting(FakeTrafficRouter.Route::site).containsExactly("toronto", "vancouver");
        assertThat(f.alerts.titles()).contains("failover cascades: toronto -> vancouver");
        assertThat(c.activeSite()).isEqualTo("vancouver");
    }

    @Test
    void failsWhenEverySiteIsPassedOverAndLiftsTheFenceWhenNothingWasPromoted() throws Exception {
        FailoverController c = f.controller("a");
        f.round(c);
        f.montrealDown();
        f.torontoProbe.down("HTTP 503");
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).hasStatus(FailoverResult.Status.FAILED).neverPassedThrough(PROMOTED);
        assertThat(r.timeline().all(TimelineEntry.Kind.CANDIDATE_REJECTED)).extracting(TimelineEntry::site)
                .containsExactly("toronto", "vancouver");
        assertThat(f.alerts.titles()).contains("manual escalation required: activate vancouver?", "failover failed: montreal");
        assertThat(c.activeSite()).isEqualTo("montreal");
        assertThat(c.cooldownUntil()).as("a failed failover is not retried every round").isPresent();
        assertThat(f.round(c).decision()).isEqualTo(RoundReport.Decision.SUPPRESSED_BY_COOLDOWN);
    }

    @Test
    void alertsTellTheStoryOfTheFailover() throws Exception {
        FailoverController c = f.controller("a");
        f.round(c);
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        assertThat(f.alerts.titles()).containsExactly(
                "probe round failed (1 of 3): montreal",
                "probe round failed (2 of 3): montreal",
                "failover started: montreal is down",
                "failover completed: montreal -> toronto");
        Alert started = f.alerts.alerts().get(2);
        assertThat(started.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(started.detail()).contains("candidates in order: [toronto, vancouver]");
        assertThat(started.fields()).containsEntry("run", r.runId()).containsEntry("site", "montreal");
        assertThat(f.alerts.alerts()).extracting(Alert::severity).containsExactly(Severity.WARNING, Severity.WARNING,
                Severity.CRITICAL, Severity.CRITICAL);
        Alert done = f.alerts.alerts().get(3);
        assertThat(done.detail()).contains("RTO 1m (objective 15m, met)").contains("Recovery task: rejoin montreal");
        assertThat(done.fields()).containsEntry("failedSite", "montreal").containsEntry("site", "toronto");
    }

    @Test
    void aFailingAlertSinkNeverStopsTheFailoverAndIsOnTheTimeline() throws Exception {
        f.alerts.failing("webhook 500");
        FailoverController c = f.controller("a");
        f.round(c);
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).promoted("toronto");
        assertThat(r.timeline().all(TimelineEntry.Kind.ALERT_FAILED)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.detail()).contains("alert sink ops failed (tolerated, the failover carries on): IOException: webhook 500"));
    }

    @Test
    void incidentReportCarriesTimesSitesAndObjectivesWithPassOrFail() throws Exception {
        // A lease longer than the slow step: the simulated clock jumps, so no real-time heartbeat could renew it.
        java.util.List<IncidentReport> written = new java.util.ArrayList<>();
        FailoverController c = f.controller(f.builder(f.plan(), "a").leaseTtl(Duration.ofHours(1)).onIncidentReport(written::add));
        f.dns.onCall("routeTo", () -> f.clock.advance(Duration.ofMinutes(20))); // a DNS change that blows the RTO
        f.montrealDb.write(500);
        f.torontoDb.receiveUpTo(500);
        f.round(c);
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        assertThat(written).singleElement().satisfies(w -> assertThat(w.result()).isSameAs(r));
        JsonNode json = new ObjectMapper().readTree(written.get(0).toJson());
        assertThat(json.get("id").asText()).isEqualTo(r.runId());
        assertThat(json.get("plan").asText()).isEqualTo("trackingbms");
        assertThat(json.get("status").asText()).isEqualTo("completed");
        assertThat(json.get("failedSite").asText()).isEqualTo("montreal");
        assertThat(json.get("activeSite").asText()).isEqualTo("toronto");
        assertThat(json.at("/times/outageStarted").asText()).isEqualTo(r.outageStartedAt().toString());
        assertThat(json.at("/times/detected").asText()).isEqualTo(r.detectedAt().toString());
        assertThat(json.at("/rto/objectiveMs").asLong()).isEqualTo(Duration.ofMinutes(15).toMillis());
        assertThat(json.at("/rto/measuredMs").asLong()).isEqualTo(Duration.ofMinutes(21).toMillis());
        assertThat(json.at("/rto/detectionMs").asLong()).isEqualTo(60_000);
        assertThat(json.at("/rto/passed").asBoolean()).as("21 min > 15 min objective").isFalse();
        assertThat(json.at("/rpo/lostBytes").asLong()).isZero();
        assertThat(json.at("/rpo/lostMs").asLong()).isZero();
        assertThat(json.at("/rpo/passed").asBoolean()).isTrue();
        assertThat(json.get("servicesAffected")).extracting(JsonNode::asText).containsExactly("database", "cache", "traffic");
        assertThat(json.at("/recoveryTask/site").asText()).isEqualTo("montreal");
        assertThat(json.at("/validation/passed").asBoolean()).isTrue();
        assertThat(json.get("timeline").size()).isEqualTo(r.timeline().entries().size());
        assertThat(f.alerts.alerts().get(f.alerts.alerts().size() - 1).detail()).contains("MISSED");
    }

    @Test
    void failsOverWithAStepThatSucceedsOnRetryAndCountsTheBackoffInTheRto() throws Exception {
        FailoverController c = f.controller("a");
        f.torontoDb.failNext("promote", 2);
        f.round(c);
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).promoted("toronto");
        assertThat(f.torontoDb.calls()).filteredOn("promote"::equals).hasSize(3);
        assertThat(r.rto()).as("60 s detection + 100 ms + 200 ms backoff").contains(Duration.ofMillis(60_300));
    }

    @Test
    void aControllerPausedLongerThanItsLeaseStopsInsteadOfCarryingOn() throws Exception {
        FailoverController c = f.controller("a");
        // The controller freezes for 2 minutes inside the DNS change (a GC pause, a frozen VM): its 30 s lease lapses.
        f.dns.onCall("routeTo", () -> f.clock.advance(Duration.ofMinutes(2)));
        f.round(c);
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        // The call in flight when it froze finishes (both routers were in it), but the step is never recorded as
        // done and nothing after it runs: the journal shows reroute started, for the next lease holder to redo.
        DrAssertions.assertThat(r).hasStatus(FailoverResult.Status.ABORTED).neverPassedThrough(REROUTED)
                .neverPassedThrough(VALIDATED);
        assertThat(r.reason()).contains("cannot keep the lease or write the journal").contains("lapsed");
        assertThat(f.alerts.titles()).doesNotContain("failover completed: montreal -> toronto");
    }

    @Test
    void amongEqualStandbysTheMostRecentPositionWinsOverChainOrder() throws Exception {
        f.vancouverHot = true;
        FailoverController c = f.controller("a");
        f.montrealDb.write(2000);
        f.torontoDb.receiveUpTo(1500);
        f.vancouverDb.receiveUpTo(2000);
        f.round(c);
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).promoted("vancouver").lostNothing();
        assertThat(r.timeline().first(CANDIDATE_CHOSEN).orElseThrow().detail())
                .isEqualTo("vancouver chosen: first healthy hot-standby with the most recent position among [toronto@1500, vancouver@2000]");
        assertThat(f.torontoDb.calls()).doesNotContain("promote");
    }

    @Test
    void aCandidateWhosePositionIsSlowToReadIsRankedLastNotRejected() throws Exception {
        f.vancouverHot = true;
        f.interval = Duration.ofMillis(300); // probe timeout 100 ms of real time
        FailoverController c = f.controller("a");
        f.montrealDb.write(2000);
        f.torontoDb.receiveUpTo(2000);
        f.vancouverDb.receiveUpTo(2000);
        c.runRound();
        f.montrealDown();
        java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
        f.torontoDb.onCall("state", () -> {
            try {
                slow.await(); // every read of toronto's state hangs until the engine abandons it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("abandoned", e);
            }
        });
        FailoverResult r = null;
        for (int i = 0; i < 3; i++) {
            r = c.runRound().failover().orElse(null);
        }
        slow.countDown();
        DrAssertions.assertThat(r).promoted("vancouver");
        assertThat(r.timeline().all(TimelineEntry.Kind.CANDIDATE_REJECTED)).isEmpty();
        assertThat(r.timeline().first(CANDIDATE_CHOSEN).orElseThrow().detail()).contains("toronto@unknown", "vancouver@2000");
    }

    @Test
    void whenTheCascadeRunsOutAfterAPromotionTheResultSaysWhichSiteServesUnvalidated() throws Exception {
        FailoverController c = f.controller("a"); // vancouver (manual) will not be approved
        f.validFor.put("toronto", false);
        f.round(c);
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).hasStatus(FailoverResult.Status.FAILED).passedThrough(PROMOTED, VALIDATION_FAILED, CASCADE,
                TimelineEntry.Kind.APPROVAL_DENIED);
        assertThat(r.activeSite()).isEqualTo("toronto");
        assertThat(r.reason()).contains("toronto was promoted and traffic may point at it, but it did not pass validation");
        assertThat(c.activeSite()).as("the controller watches the site that serves production").isEqualTo("toronto");
        assertThat(f.montrealDb.isFenced()).isTrue();
        assertThat(f.alerts.alerts().get(f.alerts.alerts().size() - 1).detail()).contains("Production is on toronto");
    }
}

package com.trackingbms.dr.failover;

import static com.trackingbms.dr.failover.TimelineEntry.Kind.PROMOTED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.REROUTED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.RESUMED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.SKIPPED;
import static com.trackingbms.dr.failover.TimelineEntry.Kind.VALIDATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.coordination.FailoverJournal;
import com.trackingbms.dr.failover.RoundReport.Decision;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several instances embedding the controller: the lease decides who acts; the journal lets a successor finish. */
class CoordinationTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** Thrown from inside a step to simulate the controller's process dying at that point. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("controller process killed (simulated)");
        }
    }

    private static RoundReport runRound(FailoverController c) {
        try {
            return c.runRound();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoControllersContendOnlyTheLeaseHolderFailsOverTheOtherObservesThenFollows() throws Exception {
        FailoverController a = f.controller("instance-a");
        FailoverController b = f.controller("instance-b");
        f.montrealDown();
        for (int i = 0; i < 2; i++) {
            assertThat(a.runRound().decision()).isEqualTo(Decision.SUSPECT);
            assertThat(b.runRound().decision()).isEqualTo(Decision.SUSPECT);
            f.clock.advance(Fixture.INTERVAL);
        }
        // B's third round happens while A is in the middle of promoting toronto, holding the lease.
        AtomicReference<RoundReport> duringA = new AtomicReference<>();
        f.torontoDb.onCall("promote", () -> duringA.set(runRound(b)));
        RoundReport byA = a.runRound();
        f.torontoDb.onCall("promote", null);

        assertThat(byA.decision()).isEqualTo(Decision.FAILOVER_RAN);
        DrAssertions.assertThat(byA.failover().orElseThrow()).promoted("toronto");
        assertThat(duringA.get().decision()).isEqualTo(Decision.LEASE_HELD_ELSEWHERE);
        assertThat(b.activeSite()).isEqualTo("montreal");

        // Next round: B gets the free lease, reads the journal, and follows A's failover instead of starting another.
        f.clock.advance(Fixture.INTERVAL);
        assertThat(b.runRound().decision()).isEqualTo(Decision.FOLLOWED_JOURNAL);
        assertThat(b.activeSite()).isEqualTo("toronto");
        assertThat(b.cooldownUntil()).isPresent();
        assertThat(f.torontoDb.calls()).filteredOn("promote"::equals).hasSize(1);
        assertThat(f.dns.history()).hasSize(1);
        assertThat(f.alerts.titles()).filteredOn(t -> t.startsWith("failover started")).hasSize(1);
        f.clock.advance(Fixture.INTERVAL);
        assertThat(b.runRound().decision()).as("B now watches toronto, which is healthy").isEqualTo(Decision.HEALTHY);
    }

    @Test
    void anObserverLearnsWhereProductionWentEvenWhenTheOldPrimaryLooksHealthyAgain() throws Exception {
        FailoverController a = f.controller("instance-a");
        FailoverController b = f.controller("instance-b");
        b.runRound();
        f.montrealDown();
        DrAssertions.assertThat(f.roundsUntilFailover(a, 5)).promoted("toronto");
        // Montreal's application answers again (its database stays fenced): B never saw it fail.
        f.montrealApi.healthy();
        f.montrealDbProbe.healthy();
        f.montrealCacheProbe.healthy();
        RoundReport r = null;
        for (int i = 0; i < 4 && !b.activeSite().equals("toronto"); i++) {
            r = b.runRound(); // B re-reads the journal every 4 rounds
            f.clock.advance(Fixture.INTERVAL);
        }
        assertThat(b.activeSite()).isEqualTo("toronto");
        assertThat(r.site()).as("B now probes the new primary").isEqualTo("toronto");
        assertThat(b.dryRun().candidates()).as("montreal is never a candidate before a rejoin").containsExactly("vancouver");
        // A disappears; toronto fails after the cooldown: B fails over to vancouver on its own.
        f.clock.advance(f.cooldown);
        f.torontoProbe.down("HTTP 503");
        FailoverResult second = null;
        for (int i = 0; i < 5 && second == null; i++) {
            second = b.runRound().failover().orElse(null);
            f.clock.advance(Fixture.INTERVAL);
        }
        assertThat(second).isNotNull();
        assertThat(second.failedSite()).isEqualTo("toronto");
        assertThat(second.timeline().first(TimelineEntry.Kind.APPROVAL_DENIED)).as("vancouver is manual; B's default denies")
                .isPresent();
    }

    @Test
    void aControllerKilledAfterPromotionAndBeforeReroutingIsFinishedFromTheJournalBySuccessor() throws Exception {
        FailoverController a = f.controller("instance-a");
        FailoverController b = f.controller("instance-b");
        f.montrealDb.write(100);
        f.torontoDb.receiveUpTo(100);
        a.runRound();
        b.runRound();
        f.clock.advance(Fixture.INTERVAL);
        f.montrealDown();
        Instant firstFailure = f.clock.instant();
        for (int i = 0; i < 2; i++) {
            a.runRound();
            b.runRound();
            f.clock.advance(Fixture.INTERVAL);
        }
        f.dns.onCall("routeTo", () -> {
            throw new SimulatedCrash();
        });
        assertThatThrownBy(a::runRound).isInstanceOf(SimulatedCrash.class);
        f.dns.onCall("routeTo", null);

        FailoverJournal journal = FailoverJournal.read(f.lease, "trackingbms").orElseThrow();
        assertThat(journal.state()).isEqualTo(FailoverJournal.State.IN_PROGRESS);
        assertThat(journal.holder()).isEqualTo("instance-a");
        assertThat(journal.isDone("promote-database", "toronto")).isTrue();
        assertThat(journal.latest("reroute", "toronto")).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(FailoverJournal.Status.STARTED));

        assertThat(b.runRound().decision()).as("A's lease has not lapsed yet").isEqualTo(Decision.LEASE_HELD_ELSEWHERE);
        f.clock.advance(Duration.ofSeconds(30)); // A's 30 s lease lapses
        RoundReport r = b.runRound();
        assertThat(r.decision()).isEqualTo(Decision.FAILOVER_RAN);
        FailoverResult result = r.failover().orElseThrow();

        DrAssertions.assertThat(result).promoted("toronto").passedThrough(RESUMED, SKIPPED, REROUTED, VALIDATED)
                .neverPassedThrough(PROMOTED);
        assertThat(result.resumed()).isTrue();
        assertThat(result.runId()).isEqualTo(journal.runId());
        assertThat(result.outageStartedAt()).as("the RTO still counts from the first failed probe").isEqualTo(firstFailure);
        assertThat(result.timeline().all(SKIPPED)).extracting(TimelineEntry::detail)
                .anySatisfy(d -> assertThat(d).startsWith("promote-database was done at"));
        assertThat(result.dataLoss().known()).as("the loss the first holder measured before promoting, from the journal").isTrue();
        assertThat(result.dataLoss().bytes()).hasValue(0L);
        assertThat(result.dataLoss().basis()).contains("estimated by instance-a before promotion (journal)");
        assertThat(result.rpoMet()).isTrue();
        assertThat(f.torontoDb.calls()).filteredOn("promote"::equals).as("promotion is not repeated").hasSize(1);
        assertThat(f.montrealDb.calls()).filteredOn("fence"::equals).as("nor is the fence").hasSize(1);
        assertThat(f.dns.history()).extracting(com.trackingbms.dr.testkit.fake.FakeTrafficRouter.Route::site).containsExactly("toronto");
        assertThat(FailoverJournal.read(f.lease, "trackingbms").orElseThrow().state()).isEqualTo(FailoverJournal.State.COMPLETED);
        assertThat(f.alerts.titles()).contains("failover resumed: montreal is down", "failover completed: montreal -> toronto");
    }

    @Test
    void eventsMarkDestructiveStepsBeforeAndAfter() throws Exception {
        FailoverController a = f.controller("instance-a");
        f.montrealDown();
        f.roundsUntilFailover(a, 5);
        assertThat(f.events).filteredOn(e -> e.step().equals("promote-database"))
                .extracting(RecoveryEvent::type, RecoveryEvent::destructive, RecoveryEvent::site)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RecoveryEvent.Type.STEP_STARTED, true, "toronto"),
                        org.assertj.core.groups.Tuple.tuple(RecoveryEvent.Type.STEP_COMPLETED, true, "toronto"));
        assertThat(f.events).extracting(RecoveryEvent::type).containsSubsequence(RecoveryEvent.Type.ROUND_FAILED,
                RecoveryEvent.Type.SITE_DOWN, RecoveryEvent.Type.FAILOVER_STARTED, RecoveryEvent.Type.RECOVERY_TASK,
                RecoveryEvent.Type.FAILOVER_COMPLETED);
        assertThat(f.events).filteredOn(e -> e.step().equals("validate")).extracting(RecoveryEvent::type)
                .containsExactly(RecoveryEvent.Type.STEP_STARTED, RecoveryEvent.Type.STEP_COMPLETED);
        assertThat(f.events).allSatisfy(e -> assertThat(e.plan()).isEqualTo("trackingbms"));
    }
}

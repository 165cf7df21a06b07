package com.trackingbms.dr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.spi.NodeRole;
import com.trackingbms.dr.testkit.assertions.DrAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An old primary that was down when the failover tried to fence it (a kill -9, a crashed host) restarts writable on
 * its old timeline: the controller fences it in the first round it answers, and says so.
 */
class FenceOnReturnTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void anOldPrimaryThatWasUnreachableIsFencedAsSoonAsItAnswersAgain() throws Exception {
        FailoverController c = f.controller("a");
        f.round(c);
        f.montrealDown();
        f.montrealDb.setReachable(false);
        FailoverResult r = f.roundsUntilFailover(c, 5);
        DrAssertions.assertThat(r).promoted("toronto").passedThrough(TimelineEntry.Kind.FENCE_FAILED, TimelineEntry.Kind.ROUTED_AWAY);

        // GIVEN it stays down for a while: rounds go on watching toronto and keep trying, without success
        f.round(c);
        f.round(c);
        assertThat(f.montrealDb.isFenced()).isFalse();
        assertThat(f.events).noneMatch(e -> e.type() == RecoveryEvent.Type.FENCED_ON_RETURN);

        // WHEN it comes back as a writable primary
        f.montrealDb.setReachable(true);
        assertThat(f.montrealDb.acceptsWrites()).isTrue();
        f.round(c);

        // THEN the next round fences it, audits it as destructive and alerts with what to do
        assertThat(f.montrealDb.isFenced()).isTrue();
        assertThat(f.montrealDb.acceptsWrites()).isFalse();
        assertThat(f.montrealDb.role()).isEqualTo(NodeRole.PRIMARY);
        assertThat(f.events).filteredOn(e -> e.type() == RecoveryEvent.Type.FENCED_ON_RETURN).singleElement()
                .satisfies(e -> {
                    assertThat(e.site()).isEqualTo("montreal");
                    assertThat(e.destructive()).isTrue();
                    assertThat(e.detail()).contains("montreal-pg came back as a primary after the failover and was fenced");
                });
        assertThat(f.alerts.alerts(Severity.CRITICAL)).anySatisfy(a -> {
            assertThat(a.title()).isEqualTo("old primary back after the failover: montreal");
            assertThat(a.detail()).contains("toronto stays the primary").contains("rejoin montreal");
        });
        assertThat(c.activeSite()).isEqualTo("toronto");

        // AND once fenced it is left alone (a later rejoin lifts the fence; the controller must not fight it)
        long fences = f.montrealDb.calls().stream().filter("fence"::equals).count();
        f.montrealDb.unfence();
        f.round(c);
        f.round(c);
        assertThat(f.montrealDb.calls().stream().filter("fence"::equals).count()).isEqualTo(fences);
    }

    @Test
    void aControllerStartedAfterTheFailoverFencesTheReturningOldPrimaryFromTheJournal() throws Exception {
        FailoverController a = f.controller("a");
        f.round(a);
        f.montrealDown();
        f.montrealDb.setReachable(false);
        DrAssertions.assertThat(f.roundsUntilFailover(a, 5)).promoted("toronto").passedThrough(TimelineEntry.Kind.FENCE_FAILED);
        a.close();

        // GIVEN the instance that failed over is gone and a new one starts from the plan and the journal
        FailoverController b = f.controller("b");
        f.round(b);
        assertThat(b.activeSite()).isEqualTo("toronto");
        assertThat(f.montrealDb.isFenced()).isFalse();

        // WHEN the old primary comes back writable, THEN the new instance fences it
        f.montrealDb.setReachable(true);
        f.round(b);
        assertThat(f.montrealDb.isFenced()).isTrue();
        assertThat(f.events).filteredOn(e -> e.type() == RecoveryEvent.Type.FENCED_ON_RETURN).singleElement()
                .satisfies(e -> assertThat(e.site()).isEqualTo("montreal"));
    }

    @Test
    void aFenceOnANodeThatCannotBeReachedIsNotRetriedAndTheNodeIsFencedWhenItAnswers() throws Exception {
        FailoverController c = f.controller("a");
        f.round(c);
        f.montrealDown();
        f.montrealDb.setRefusingConnections(true);
        FailoverResult r = f.roundsUntilFailover(c, 5);

        DrAssertions.assertThat(r).promoted("toronto").passedThrough(TimelineEntry.Kind.FENCE_FAILED, TimelineEntry.Kind.ROUTED_AWAY,
                TimelineEntry.Kind.PROMOTED);
        assertThat(r.timeline().first(TimelineEntry.Kind.FENCE_FAILED).orElseThrow().detail())
                .contains("failed after 1 attempt").contains("NodeUnreachableException");
        assertThat(f.montrealDb.calls()).as("one attempt, no retries spent on a node that is gone")
                .filteredOn("fence"::equals).hasSize(1);

        f.montrealDb.setRefusingConnections(false);
        f.round(c);
        assertThat(f.montrealDb.isFenced()).isTrue();
    }

    @Test
    void anOldPrimaryFencedDuringTheFailoverIsNotWatched() throws Exception {
        FailoverController c = f.controller("a");
        f.round(c);
        f.montrealDown();
        FailoverResult r = f.roundsUntilFailover(c, 5);
        DrAssertions.assertThat(r).promoted("toronto").passedThrough(TimelineEntry.Kind.FENCED);
        long fences = f.montrealDb.calls().stream().filter("fence"::equals).count();
        f.round(c);
        f.round(c);
        assertThat(f.montrealDb.calls().stream().filter("fence"::equals).count()).isEqualTo(fences);
        assertThat(f.events).noneMatch(e -> e.type() == RecoveryEvent.Type.FENCED_ON_RETURN);
    }
}

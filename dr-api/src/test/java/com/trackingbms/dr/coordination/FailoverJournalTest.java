package com.trackingbms.dr.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverJournalTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final LeaseGrant GRANT = new LeaseGrant("plan", "a", 7, T0.plusSeconds(30));

    private static FailoverJournal journal() {
        return new FailoverJournal("run-1", "trackingbms", "failover", "a", 7, "montreal", "toronto", "montreal",
                List.of("vancouver"), FailoverJournal.State.IN_PROGRESS, true, T0, T0.plusSeconds(60), T0.plusSeconds(61),
                List.of());
    }

    @Test
    void roundTripsThroughJson() {
        FailoverJournal j = journal()
                .with(new FailoverJournal.Entry("promote-database", "toronto", FailoverJournal.Status.STARTED, T0.plusSeconds(62), ""), GRANT)
                .with(new FailoverJournal.Entry("promote-database", "toronto", FailoverJournal.Status.DONE, T0.plusSeconds(63), "ok \"quoted\""), GRANT);
        FailoverJournal back = FailoverJournal.fromJson(j.toJson());
        assertThat(back).isEqualTo(j);
        assertThat(back.isDone("promote-database", "toronto")).isTrue();
        assertThat(back.isDone("reroute", "toronto")).isFalse();
    }

    @Test
    void keepsTheLossEstimatedBeforePromotionAndReadsJournalsWithoutOne() {
        FailoverJournal.Loss loss = new FailoverJournal.Loss("toronto", 4096, java.time.Duration.ofMillis(1500), "toronto received 0/3000060");
        FailoverJournal j = journal().withLoss(loss, T0.plusSeconds(62));

        FailoverJournal back = FailoverJournal.fromJson(j.toJson());

        assertThat(back.loss()).contains(loss);
        assertThat(back).isEqualTo(j);
        assertThat(FailoverJournal.fromJson(journal().toJson()).loss()).isEmpty();
        String broken = new String(j.toJson(), StandardCharsets.UTF_8).replace("\"millis\" : 1500", "\"millis\" : \"soon\"");
        assertThatThrownBy(() -> FailoverJournal.fromJson(broken.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'loss'");
    }

    @Test
    void aStepStartedButNotDoneIsNotDone() {
        FailoverJournal j = journal().with(new FailoverJournal.Entry("reroute", "toronto", FailoverJournal.Status.STARTED, T0, ""), GRANT);
        assertThat(j.isDone("reroute", "toronto")).isFalse();
        assertThat(j.latest("reroute", "toronto")).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(FailoverJournal.Status.STARTED));
    }

    @Test
    void refusesANewerFormatAndNamesMissingFields() {
        String newer = new String(journal().toJson(), StandardCharsets.UTF_8).replace("\"version\" : 1", "\"version\" : 2");
        assertThatThrownBy(() -> FailoverJournal.fromJson(newer.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format version 2");
        String noRun = new String(journal().toJson(), StandardCharsets.UTF_8).replace("\"runId\"", "\"runIdX\"");
        assertThatThrownBy(() -> FailoverJournal.fromJson(noRun.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'runId'");
        assertThatThrownBy(() -> FailoverJournal.fromJson("{".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void isKeptThroughTheLeaseAndOnlyTheHolderWritesIt() throws Exception {
        java.time.Clock clock = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);
        Lease lease = Lease.inProcess("trackingbms", clock);
        LeaseGrant grant = lease.tryAcquire("a", java.time.Duration.ofSeconds(30)).orElseThrow();
        journal().write(lease, grant);
        assertThat(FailoverJournal.read(lease, "trackingbms")).contains(journal());
        LeaseGrant forged = new LeaseGrant("trackingbms", "b", grant.token() + 1, T0.plusSeconds(30));
        assertThatThrownBy(() -> journal().write(lease, forged)).isInstanceOf(LeaseLostException.class);
    }
}

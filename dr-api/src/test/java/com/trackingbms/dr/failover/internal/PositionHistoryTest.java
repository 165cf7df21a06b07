package com.trackingbms.dr.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.failover.DataLoss;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PositionHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final PositionHistory history = new PositionHistory(Duration.ofHours(1), 1000);

    @Test
    void unknownStandbyPositionIsUnknownLossNeverZero() {
        history.record(T0, 1000);
        DataLoss loss = history.lossFor("toronto", OptionalLong.empty(), Optional.empty());
        assertThat(loss.known()).isFalse();
        assertThat(loss.within(Duration.ofDays(365))).isFalse();
        assertThat(loss.basis()).contains("unknown").contains("not the same as no lag");
    }

    @Test
    void neverSampledPrimaryMakesTheLossUnknown() {
        DataLoss loss = history.lossFor("toronto", OptionalLong.of(500), Optional.empty());
        assertThat(loss.known()).isFalse();
        assertThat(loss.basis()).contains("never read");
    }

    @Test
    void caughtUpStandbyLosesNothing() {
        history.record(T0, 1000);
        assertThat(history.lossFor("toronto", OptionalLong.of(1000), Optional.empty()))
                .satisfies(l -> assertThat(l.bytes()).hasValue(0))
                .satisfies(l -> assertThat(l.time()).contains(Duration.ZERO));
    }

    @Test
    void lossInBytesAndSecondsFromTheLastKnownPrimaryPosition() {
        history.record(T0, 1000);
        history.record(T0.plusSeconds(10), 2000);
        history.record(T0.plusSeconds(20), 3000);
        history.record(T0.plusSeconds(30), 4000);
        // The standby has everything up to 2500: the last sample it fully holds is 2000 at +10 s.
        DataLoss loss = history.lossFor("toronto", OptionalLong.of(2500), Optional.empty());
        assertThat(loss.bytes()).hasValue(1500);
        assertThat(loss.time()).contains(Duration.ofSeconds(20));
        assertThat(loss.within(Duration.ofSeconds(20))).isTrue();
        assertThat(loss.within(Duration.ofSeconds(19))).isFalse();
    }

    @Test
    void usesTheLastReplayedCommitWhenTheHistoryDoesNotReachBackFarEnough() {
        history.record(T0.plusSeconds(100), 5000);
        DataLoss loss = history.lossFor("toronto", OptionalLong.of(100), Optional.of(T0.plusSeconds(40)));
        assertThat(loss.bytes()).hasValue(4900);
        assertThat(loss.time()).contains(Duration.ofSeconds(60));
    }

    @Test
    void bytesWithoutAnyTimeBasisAreNotAKnownLoss() {
        history.record(T0.plusSeconds(100), 5000);
        DataLoss loss = history.lossFor("toronto", OptionalLong.of(100), Optional.empty());
        assertThat(loss.bytes()).hasValue(4900);
        assertThat(loss.known()).isFalse();
    }

    @Test
    void repeatedPositionsKeepTheEarliestTimeAndALowerPositionStartsOver() {
        history.record(T0, 1000);
        history.record(T0.plusSeconds(5), 1000);
        history.record(T0.plusSeconds(9), 1400);
        assertThat(history.lossFor("s", OptionalLong.of(1000), Optional.empty()).time()).contains(Duration.ofSeconds(9));
        history.record(T0.plusSeconds(20), 10);
        assertThat(history.last()).hasValueSatisfying(s -> assertThat(s.position()).isEqualTo(10));
    }
}

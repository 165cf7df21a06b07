package com.trackingbms.dr.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.failover.internal.FailureDetector.Transition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant t(int second) {
        return T0.plusSeconds(second);
    }

    @Test
    void declaresDownOnTheNthConsecutiveFailedRoundAndRemembersTheFirst() {
        FailureDetector d = new FailureDetector(3);
        assertThat(d.record(false, t(0))).isEqualTo(Transition.HEALTHY);
        assertThat(d.record(true, t(30))).isEqualTo(Transition.SUSPECT);
        assertThat(d.record(true, t(60))).isEqualTo(Transition.SUSPECT);
        assertThat(d.isDown()).isFalse();
        assertThat(d.record(true, t(90))).isEqualTo(Transition.DECLARED_DOWN);
        assertThat(d.isDown()).isTrue();
        assertThat(d.firstFailureAt()).contains(t(30));
        assertThat(d.record(true, t(120))).isEqualTo(Transition.STILL_DOWN);
        assertThat(d.consecutiveFailures()).isEqualTo(4);
    }

    @Test
    void oneGoodRoundResetsTheCountAndTheOutageStart() {
        FailureDetector d = new FailureDetector(3);
        d.record(true, t(0));
        d.record(true, t(30));
        assertThat(d.record(false, t(60))).isEqualTo(Transition.RECOVERED);
        assertThat(d.consecutiveFailures()).isZero();
        assertThat(d.firstFailureAt()).isEmpty();
        d.record(true, t(90));
        d.record(true, t(120));
        assertThat(d.isDown()).isFalse();
        assertThat(d.record(true, t(150))).isEqualTo(Transition.DECLARED_DOWN);
        assertThat(d.firstFailureAt()).as("the outage starts at the first failure after the reset").contains(t(90));
    }

    @Test
    void thresholdOfOneDeclaresDownOnTheFirstFailure() {
        FailureDetector d = new FailureDetector(1);
        assertThat(d.record(true, t(0))).isEqualTo(Transition.DECLARED_DOWN);
    }

    @Test
    void refusesAThresholdBelowOne() {
        assertThatThrownBy(() -> new FailureDetector(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}

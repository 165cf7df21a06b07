package com.trackingbms.dr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void compactForms() {
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofHours(-1))).isEqualTo("-1h");
        assertThat(Durations.format(null)).isEqualTo("unset");
    }

    @Test
    void requirePositiveNamesTheSettingTheValueAndAnExample() {
        assertThat(Durations.requirePositive(Duration.ofSeconds(1), "timeout", "Duration.ofSeconds(5)")).isEqualTo(Duration.ofSeconds(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.requirePositive(Duration.ZERO, "timeout", "Duration.ofSeconds(5)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout 0s is not positive; give a positive duration, e.g. Duration.ofSeconds(5)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.requirePositive(null, "poll", "Duration.ofSeconds(1)"))
                .isInstanceOf(NullPointerException.class).hasMessage("poll is null; give a positive duration, e.g. Duration.ofSeconds(1)");
    }
}

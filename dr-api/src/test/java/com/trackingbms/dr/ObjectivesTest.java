package com.trackingbms.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObjectivesTest {

    private static Objectives availability(double percent) {
        return new Objectives(Duration.ofMinutes(15), Duration.ofMinutes(5), percent);
    }

    @Test
    void fourNinesAllowAbout52Point6MinutesAYear() {
        Objectives o = availability(99.99);
        assertThat(o.downtimeBudgetPerYear().toMillis() / 60000.0).isCloseTo(52.56, within(0.01));
        assertThat(o.describeDowntimeBudget()).isEqualTo("52.6 minutes a year");
    }

    @Test
    void threeNinesAllowAbout8Point76HoursAYear() {
        Objectives o = availability(99.9);
        assertThat(o.downtimeBudgetPerYear().toMinutes() / 60.0).isCloseTo(8.76, within(0.01));
        assertThat(o.describeDowntimeBudget()).isEqualTo("8.76 hours a year");
    }

    @Test
    void lowAvailabilityIsShownInDays() {
        assertThat(availability(90).describeDowntimeBudget()).isEqualTo("36.5 days a year");
    }
}

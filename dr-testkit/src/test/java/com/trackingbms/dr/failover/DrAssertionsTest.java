package com.trackingbms.dr.failover;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.testkit.assertions.DrAssertions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failure messages of the testkit's assertions name what was expected, what happened, and show the timeline. */
class DrAssertionsTest {

    private final Fixture f = new Fixture();
    private FailoverResult result;

    @BeforeEach
    void failOver() throws Exception {
        FailoverController c = f.controller("a");
        f.round(c);
        f.montrealDown();
        result = f.roundsUntilFailover(c, 5);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void passesOnAGoodResult() {
        DrAssertions.assertThat(result).succeeded().promoted("toronto").completedWithin(Duration.ofMinutes(15))
                .detectedWithin(Duration.ofMinutes(1)).lostNothing();
    }

    @Test
    void rtoFailureShowsMeasuredValueAndTimeline() {
        assertThatThrownBy(() -> DrAssertions.assertThat(result).completedWithin(Duration.ofSeconds(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting failover " + result.runId() + " of plan trackingbms")
                .hasMessageContaining("to have restored service within 10s")
                .hasMessageContaining("but the measured RTO was 1m (detection 1m)")
                .hasMessageContaining("Timeline:")
                .hasMessageContaining("FIRST_FAILURE")
                .hasMessageContaining("PROMOTED            toronto    toronto-pg promoted: accepts writes");
    }

    @Test
    void wrongSiteAndUnknownLossSayWhatHappened() {
        assertThatThrownBy(() -> DrAssertions.assertThat(result).promoted("vancouver"))
                .hasMessageContaining("to have promoted vancouver").hasMessageContaining("but it promoted toronto");
        FailoverResult unknown = new FailoverResult(result.runId(), result.plan(), result.kind(), result.status(),
                result.failedSite(), result.activeSite(), result.outageStartedAt(), result.detectedAt(), result.finishedAt(),
                result.timeline(), DataLoss.unknown("toronto never streamed"), result.objectives(), result.validation(),
                result.recoveryTask(), false, false, result.reason());
        assertThatThrownBy(() -> DrAssertions.assertThat(unknown).lostAtMost(Duration.ofMinutes(5)))
                .hasMessageContaining("to have lost at most 5m").hasMessageContaining("the data loss is unknown (toronto never streamed)");
    }

    @Test
    void orderAndStatusFailuresNameTheMissingEntry() {
        assertThatThrownBy(() -> DrAssertions.assertThat(result).passedThrough(TimelineEntry.Kind.VALIDATED, TimelineEntry.Kind.PROMOTED))
                .hasMessageContaining("no PROMOTED after position");
        assertThatThrownBy(() -> DrAssertions.assertThat(result).hasStatus(FailoverResult.Status.FAILED))
                .hasMessageContaining("to have ended FAILED").hasMessageContaining("but it ended COMPLETED");
        assertThatThrownBy(() -> DrAssertions.assertThat(result).neverPassedThrough(TimelineEntry.Kind.FENCED))
                .hasMessageContaining("never to pass through FENCED").hasMessageContaining("montreal-pg fenced");
        assertThatThrownBy(() -> DrAssertions.assertThat((FailoverResult) null).succeeded())
                .hasMessageContaining("Expecting actual not to be null");
    }
}

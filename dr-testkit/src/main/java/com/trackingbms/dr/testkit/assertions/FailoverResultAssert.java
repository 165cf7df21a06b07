package com.trackingbms.dr.testkit.assertions;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.TimelineEntry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on a {@link FailoverResult}; each failure message ends with the timeline. */
public final class FailoverResultAssert extends AbstractAssert<FailoverResultAssert, FailoverResult> {

    FailoverResultAssert(FailoverResult actual) {
        super(actual, FailoverResultAssert.class);
    }

    /** The run completed: a site was promoted and validated. */
    public FailoverResultAssert succeeded() {
        isNotNull();
        if (!actual.succeeded()) {
            fail("to have completed", "it ended " + actual.status() + ": " + actual.reason());
        }
        return this;
    }

    /** The run ended with {@code status}. */
    public FailoverResultAssert hasStatus(FailoverResult.Status status) {
        isNotNull();
        if (actual.status() != status) {
            fail("to have ended " + status, "it ended " + actual.status() + ": " + actual.reason());
        }
        return this;
    }

    /** The run completed and {@code site} serves production. */
    public FailoverResultAssert promoted(String site) {
        succeeded();
        if (!actual.activeSite().equals(site)) {
            fail("to have promoted " + site, "it promoted " + actual.activeSite());
        }
        return this;
    }

    /** Service was restored (validated) within {@code rto} of the first failed probe. */
    public FailoverResultAssert completedWithin(Duration rto) {
        isNotNull();
        if (actual.rto().isEmpty()) {
            fail("to have restored service within " + Durations.format(rto), "service was not restored (" + actual.status() + ": "
                    + actual.reason() + ")");
        } else if (actual.rto().get().compareTo(rto) > 0) {
            fail("to have restored service within " + Durations.format(rto), "the measured RTO was "
                    + Durations.format(actual.rto().get()) + " (detection " + Durations.format(actual.detectionTime()) + ")");
        }
        return this;
    }

    /** The outage was declared within {@code limit} of the first failed probe. */
    public FailoverResultAssert detectedWithin(Duration limit) {
        isNotNull();
        if (actual.detectionTime().compareTo(limit) > 0) {
            fail("to have detected the outage within " + Durations.format(limit), "detection took " + Durations.format(actual.detectionTime()));
        }
        return this;
    }

    /** The estimated data loss is known and spans at most {@code rpo}. */
    public FailoverResultAssert lostAtMost(Duration rpo) {
        isNotNull();
        if (!actual.dataLoss().known()) {
            fail("to have lost at most " + Durations.format(rpo), "the data loss is " + actual.dataLoss().describe());
        } else if (actual.dataLoss().time().get().compareTo(rpo) > 0) {
            fail("to have lost at most " + Durations.format(rpo), "it lost " + actual.dataLoss().describe());
        }
        return this;
    }

    /** The estimated data loss is known and at most {@code bytes}. */
    public FailoverResultAssert lostAtMostBytes(long bytes) {
        isNotNull();
        if (actual.dataLoss().bytes().isEmpty() || actual.dataLoss().bytes().getAsLong() > bytes) {
            fail("to have lost at most " + bytes + " bytes", "the data loss is " + actual.dataLoss().describe());
        }
        return this;
    }

    /** The estimated data loss is known to be zero. */
    public FailoverResultAssert lostNothing() {
        return lostAtMostBytes(0).lostAtMost(Duration.ZERO);
    }

    /** The timeline has an entry of each kind, in this order (other entries may come between). */
    public FailoverResultAssert passedThrough(TimelineEntry.Kind... kinds) {
        isNotNull();
        List<TimelineEntry.Kind> have = actual.timeline().kinds();
        int at = 0;
        for (TimelineEntry.Kind k : kinds) {
            int found = have.subList(at, have.size()).indexOf(k);
            if (found < 0) {
                fail("to pass through " + Arrays.toString(kinds) + " in order", "no " + k + " after position " + at);
            }
            at += found + 1;
        }
        return this;
    }

    /** The timeline has no entry of {@code kind}. */
    public FailoverResultAssert neverPassedThrough(TimelineEntry.Kind kind) {
        isNotNull();
        actual.timeline().first(kind).ifPresent(e -> fail("never to pass through " + kind, "it did at " + e.time() + ": " + e.detail()));
        return this;
    }

    /** Builds every failure message in one place: what was expected, what happened, then the timeline. */
    private void fail(String expected, String but) {
        failWithMessage("%nExpecting %s %s of plan %s%n%s%nbut %s.%nTimeline:%n%s",
                actual.kind().name().toLowerCase(java.util.Locale.ROOT), actual.runId(), actual.plan(), expected, but,
                actual.timeline().render());
    }
}

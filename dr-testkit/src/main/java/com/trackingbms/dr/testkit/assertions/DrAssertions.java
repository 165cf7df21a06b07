package com.trackingbms.dr.testkit.assertions;

import com.trackingbms.dr.failover.FailoverResult;

/**
 * Entry point of the testkit's AssertJ assertions:
 * {@code DrAssertions.assertThat(result).completedWithin(rto).lostAtMost(rpo).promoted("toronto")}. Every failure
 * message shows the run's timeline.
 */
public final class DrAssertions {

    private DrAssertions() {
    }

    /** Assertions on a failover or switchover result. */
    public static FailoverResultAssert assertThat(FailoverResult actual) {
        return new FailoverResultAssert(actual);
    }
}

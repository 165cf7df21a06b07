package com.trackingbms.dr.testkit.assertions;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.report.RecoveryReport;
import com.trackingbms.dr.validation.ValidationReport;

/**
 * Entry point of the testkit's AssertJ assertions:
 * {@code DrAssertions.assertThat(result).completedWithin(rto).lostAtMost(rpo).promoted("toronto")}. Every failure
 * message shows the run's timeline.
 */
public final class DrAssertions {

    private DrAssertions() {
    }

    /** Assertions on a plan definition. */
    public static PlanAssert assertThat(DisasterRecoveryPlan actual) {
        return new PlanAssert(actual);
    }

    /** Assertions on a validation run. */
    public static ValidationReportAssert assertThat(ValidationReport actual) {
        return new ValidationReportAssert(actual);
    }

    /** Assertions on a recovery report (failover, drill, runbook, backup, restore). */
    public static RecoveryReportAssert assertThat(RecoveryReport actual) {
        return new RecoveryReportAssert(actual);
    }

    /** Assertions on a failover or switchover result. */
    public static FailoverResultAssert assertThat(FailoverResult actual) {
        return new FailoverResultAssert(actual);
    }
}

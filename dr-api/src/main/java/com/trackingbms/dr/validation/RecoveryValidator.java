package com.trackingbms.dr.validation;

import java.time.Duration;
import java.util.List;

/**
 * Decides whether a recovered site is accepted: categories of checks, each with a timeout, and the success rate in
 * percent that the passed checks must reach.
 */
public interface RecoveryValidator {

    /** Categories in declaration order. */
    List<CheckCategory> categories();

    /** The lowest accepted success rate, in percent (0-100). */
    double threshold();

    /** How long one check may run before it counts as failed. */
    Duration checkTimeout();

    /** Number of checks across all categories. */
    default int checkCount() {
        return categories().stream().mapToInt(c -> c.checks().size()).sum();
    }

    /** Validation DSL, used inside {@code DisasterRecoveryPlan.Builder#validation}. */
    interface Spec {
        /** The lowest accepted success rate in percent (default 95, as in the runbook). */
        Spec threshold(double percent);

        /** How long one check may run (default 30 s). */
        Spec checkTimeout(Duration timeout);

        /** Adds checks to a category, creating it on first use. */
        Spec category(String name, Check... checks);
    }
}

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

    /**
     * A validator outside a plan (for a runbook or a drill): every problem is reported at once, naming the field.
     *
     * @throws IllegalArgumentException when the threshold is outside 0-100, the timeout is not positive, or two
     *     categories share a name
     */
    static RecoveryValidator of(double threshold, Duration checkTimeout, List<CheckCategory> categories) {
        java.util.Objects.requireNonNull(checkTimeout, "checkTimeout");
        java.util.Objects.requireNonNull(categories, "categories");
        List<String> problems = new java.util.ArrayList<>();
        if (!(threshold >= 0 && threshold <= 100)) {
            problems.add("threshold " + threshold + " % is outside 0-100 (the runbook uses 95)");
        }
        if (checkTimeout.isNegative() || checkTimeout.isZero()) {
            problems.add("checkTimeout " + checkTimeout + " must be positive, e.g. Duration.ofSeconds(30)");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (CheckCategory c : categories) {
            if (!names.add(c.name())) {
                problems.add("category '" + c.name() + "' is given twice; put its checks in one CheckCategory");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid validator: " + String.join("; ", problems));
        }
        List<CheckCategory> copy = List.copyOf(categories);
        return new RecoveryValidator() {
            @Override
            public List<CheckCategory> categories() {
                return copy;
            }

            @Override
            public double threshold() {
                return threshold;
            }

            @Override
            public Duration checkTimeout() {
                return checkTimeout;
            }

            @Override
            public String toString() {
                return "RecoveryValidator[" + copy.stream().map(CheckCategory::name).toList() + ", threshold " + threshold + " %]";
            }
        };
    }

    /** Validation DSL, used inside {@code DisasterRecoveryPlan.Builder#validation}. */
    interface Spec {
        /** The lowest accepted success rate in percent (default 95, as in the runbook). */
        Spec threshold(double percent);

        /** How long one check may run (default 30 s). */
        Spec checkTimeout(Duration timeout);

        /** Adds checks to a category, creating it on first use. */
        Spec category(String name, Check... checks);

        /** Adds checks to one of the runbook's standard categories. */
        default Spec category(StandardCategory category, Check... checks) {
            return category(category.label(), checks);
        }
    }
}

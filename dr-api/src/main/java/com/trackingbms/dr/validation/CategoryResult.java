package com.trackingbms.dr.validation;

import java.util.Objects;

/**
 * The checks of one category in a {@link ValidationReport}: how many ran and passed, and the success rate.
 *
 * @param category the category's name
 * @param passed checks that passed
 * @param total checks that ran
 */
public record CategoryResult(String category, int passed, int total) {

    /** Checks the counts are consistent. */
    public CategoryResult {
        Objects.requireNonNull(category, "category");
        if (total < 0 || passed < 0 || passed > total) {
            throw new IllegalArgumentException("category '" + category + "': passed " + passed + " of " + total + " is impossible");
        }
    }

    /** Passed checks in percent of the category's checks; 100 when the category has no checks. */
    public double successRate() {
        return total == 0 ? 100.0 : 100.0 * passed / total;
    }

    /** Whether every check of the category passed. */
    public boolean allPassed() {
        return passed == total;
    }
}

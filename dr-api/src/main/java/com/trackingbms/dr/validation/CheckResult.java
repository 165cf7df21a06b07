package com.trackingbms.dr.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one check.
 *
 * @param category the category the check belongs to
 * @param name the check's name
 * @param status passed or failed
 * @param detail what was found ("12 batteries, 0 orphans", "HTTP 503 after 1.2s")
 * @param duration how long the check took
 */
public record CheckResult(String category, String name, CheckStatus status, String detail, Duration duration) {

    /** Checks the parts are present. */
    public CheckResult {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(duration, "duration");
    }

    /** Whether the check passed. */
    public boolean passed() {
        return status == CheckStatus.PASSED;
    }
}

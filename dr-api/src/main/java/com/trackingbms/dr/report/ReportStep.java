package com.trackingbms.dr.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step on a report's timeline.
 *
 * @param name what happened ("restore database", "PROMOTED toronto")
 * @param status completed, failed, not run, or event
 * @param startedAt when it started (empty when it did not run)
 * @param duration how long it took (empty when it did not run)
 * @param detail what it did, without secrets
 */
public record ReportStep(String name, Status status, Optional<Instant> startedAt, Optional<Duration> duration, String detail) {

    /** How a step ended. */
    public enum Status {
        /** Done. */
        COMPLETED,
        /** Failed. */
        FAILED,
        /** Did not run. */
        NOT_RUN
    }

    /** Checks the parts are present. */
    public ReportStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(detail, "detail");
        if (duration.isPresent() && duration.get().isNegative()) {
            throw new IllegalArgumentException("step " + name + " has a negative duration " + duration.get());
        }
    }
}

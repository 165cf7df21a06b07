package com.trackingbms.dr.runbook;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one step of a runbook run did.
 *
 * @param index the step's position, from 1
 * @param name the step's name
 * @param kind what the step does
 * @param destructive whether it changes something
 * @param status completed, failed, or not run (after an earlier failure)
 * @param startedAt when it started (empty when not run)
 * @param finishedAt when it ended (empty when not run)
 * @param detail what it did or why it failed
 * @param outputs its outputs
 */
public record StepRecord(int index, String name, StepKind kind, boolean destructive, Status status,
                         Optional<Instant> startedAt, Optional<Instant> finishedAt, String detail, Map<String, String> outputs) {

    /** How a step ended. */
    public enum Status {
        /** The step did its job. */
        COMPLETED,
        /** The step threw or returned a failed outcome; the runbook stopped here. */
        FAILED,
        /** An earlier step failed, so this one did not run. */
        NOT_RUN
    }

    /** Copies the outputs and checks the parts are present. */
    public StepRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(detail, "detail");
        outputs = Map.copyOf(outputs);
    }

    /** How long the step took (empty when not run). */
    public Optional<Duration> duration() {
        return startedAt.flatMap(s -> finishedAt.map(f -> Duration.between(s, f)));
    }
}

package com.trackingbms.dr.backup;

import java.time.Instant;
import java.util.Objects;

/**
 * What happened when the scheduler ran (or skipped) a job.
 *
 * @param job the job
 * @param scheduledFor the run time it was due at
 * @param startedAt when it started (or was skipped)
 * @param finishedAt when it finished (equal to startedAt when skipped)
 * @param outcome succeeded, failed or skipped
 * @param detail the backup id, the retention summary, or the failure
 * @param missedRuns due times that passed without a run (the scheduler was paused or the machine asleep)
 */
public record JobRun(BackupJob job, Instant scheduledFor, Instant startedAt, Instant finishedAt, Outcome outcome,
                     String detail, int missedRuns) {

    /** How a run ended. */
    public enum Outcome {
        /** The job completed. */
        SUCCEEDED,
        /** The job threw; an alert was sent. */
        FAILED,
        /** The previous run of the same job was still going, so this one was not started. */
        SKIPPED_STILL_RUNNING
    }

    /** Checks the parts are present. */
    public JobRun {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(scheduledFor, "scheduledFor");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}

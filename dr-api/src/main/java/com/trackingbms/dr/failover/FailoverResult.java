package com.trackingbms.dr.failover;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Objectives;
import com.trackingbms.dr.validation.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a failover or planned switchover did and what it cost: the outcome, the timeline, the measured RTO (from the
 * first failed probe of the outage to validated service), the detection time, and the data-loss estimate.
 *
 * @param runId the run's id (shared with the journal, events and alerts)
 * @param plan the plan's name
 * @param kind failover or switchover
 * @param status completed, failed or aborted
 * @param failedSite the site that failed (or was switched away from)
 * @param activeSite the site serving production afterwards: the promoted site; after a failed run, a site that was
 *     promoted but not validated, or else the failed site
 * @param outageStartedAt the first failed probe of the outage (for a switchover: the request)
 * @param detectedAt when the outage was declared (for a switchover: the request)
 * @param finishedAt when the run ended
 * @param timeline every step with its time
 * @param dataLoss the loss estimate for the promoted site (unknown when nothing was promoted)
 * @param objectives the plan's objectives, to compare against
 * @param validation the validator's report on the promoted site, if it ran
 * @param recoveryTask what operators must do for the failed site, after a completed failover
 * @param resumed whether this run finished a failover that an earlier lease holder started
 * @param forced whether the RPO guard was overridden
 * @param reason why it ended this way, in words
 */
public record FailoverResult(String runId, String plan, Kind kind, Status status, String failedSite,
                             String activeSite, Instant outageStartedAt, Instant detectedAt, Instant finishedAt,
                             RecoveryTimeline timeline, DataLoss dataLoss, Objectives objectives,
                             Optional<ValidationReport> validation, Optional<RecoveryTask> recoveryTask,
                             boolean resumed, boolean forced, String reason) {

    /** Failover after an outage, or planned switchover. */
    public enum Kind {
        /** Unplanned: the primary failed. */
        FAILOVER,
        /** Planned: both sites healthy, zero data loss required. */
        SWITCHOVER
    }

    /** How a run ended. */
    public enum Status {
        /** A site was promoted, rerouted and validated. */
        COMPLETED,
        /** No site could be made primary (all refused, not approved, or failed). */
        FAILED,
        /** The run stopped before promoting anything safe to leave, e.g. the lease was lost or fencing was impossible. */
        ABORTED
    }

    /** Checks the parts are present. */
    public FailoverResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failedSite, "failedSite");
        Objects.requireNonNull(activeSite, "activeSite");
        Objects.requireNonNull(outageStartedAt, "outageStartedAt");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(dataLoss, "dataLoss");
        Objects.requireNonNull(objectives, "objectives");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(recoveryTask, "recoveryTask");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether a site was promoted and validated. */
    public boolean succeeded() {
        return status == Status.COMPLETED;
    }

    /** The promoted site, when the run completed. */
    public Optional<String> promotedSite() {
        return succeeded() ? Optional.of(activeSite) : Optional.empty();
    }

    /**
     * The measured RTO: from the first failed probe of the outage to validated service (the last
     * {@link TimelineEntry.Kind#VALIDATED} entry, or completion when the chain has no validate step). Empty when
     * service was not restored.
     */
    public Optional<Duration> rto() {
        if (!succeeded()) {
            return Optional.empty();
        }
        Instant restored = timeline.last(TimelineEntry.Kind.VALIDATED)
                .or(() -> timeline.last(TimelineEntry.Kind.COMPLETED)).map(TimelineEntry::time).orElse(finishedAt);
        return Optional.of(Duration.between(outageStartedAt, restored));
    }

    /** From the first failed probe to the declared outage. */
    public Duration detectionTime() {
        return Duration.between(outageStartedAt, detectedAt);
    }

    /** Whether the measured RTO is within the objective (false when service was not restored). */
    public boolean rtoMet() {
        return rto().map(r -> r.compareTo(objectives.rto()) <= 0).orElse(false);
    }

    /** Whether the estimated loss is known and within the RPO. */
    public boolean rpoMet() {
        return dataLoss.within(objectives.rpo());
    }

    /** The incident report of this run. */
    public IncidentReport incidentReport() {
        return IncidentReport.of(this);
    }

    /** A summary followed by the timeline. */
    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + runId + " of plan " + plan + ": " + status + " ("
                + reason + "), " + failedSite + " -> " + activeSite + ", RTO "
                + rto().map(Durations::format).orElse("not restored") + " (objective "
                + Durations.format(objectives.rto()) + "), detection " + Durations.format(detectionTime())
                + ", data loss " + dataLoss.describe() + "\n" + timeline.render();
    }
}

package com.trackingbms.dr.failover;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened during detection or a failover.
 *
 * @param time when it happened, by the controller's clock
 * @param kind what happened
 * @param site the site it concerns ("" when none)
 * @param detail what was seen or done, in words
 */
public record TimelineEntry(Instant time, Kind kind, String site, String detail) {

    /** What a timeline entry records. */
    public enum Kind {
        /** The first failed probe round of the outage: where the RTO clock starts. */
        FIRST_FAILURE,
        /** A further failed probe round, n of N. */
        ROUND_FAILED,
        /** The site was declared down. */
        DETECTED,
        /** This controller took the plan's lease. */
        LEASE_ACQUIRED,
        /** This controller found an unfinished failover in the journal and carries it on. */
        RESUMED,
        /** A step was already done by an earlier lease holder and was not repeated. */
        SKIPPED,
        /** A standby was chosen to take over. */
        CANDIDATE_CHOSEN,
        /** A standby was passed over (unhealthy, refused by the RPO guard, not approved, or a step failed). */
        CANDIDATE_REJECTED,
        /** The old primary refuses writes. */
        FENCED,
        /** The old primary could not be fenced. */
        FENCE_FAILED,
        /** Traffic was moved away from a site that could not be fenced, before anything was promoted. */
        ROUTED_AWAY,
        /** The candidate's data loss is within the RPO (or the operator forced it). */
        RPO_GUARD_PASSED,
        /** The candidate's data loss is over the RPO or unknown. */
        RPO_GUARD_REFUSED,
        /** An operator approved activating a manual site. */
        APPROVED,
        /** Activation of a manual site was not approved. */
        APPROVAL_DENIED,
        /** The standby caught up with the fenced primary (planned switchover). */
        CAUGHT_UP,
        /** The candidate's database accepts writes. */
        PROMOTED,
        /** The candidate's cache is the master. */
        CACHE_FAILED_OVER,
        /** Traffic points at the candidate. */
        REROUTED,
        /** The validator accepted the new primary: service is restored. */
        VALIDATED,
        /** The validator rejected the new primary. */
        VALIDATION_FAILED,
        /** A step failed after its attempts. */
        STEP_FAILED,
        /** The failover moves on to the next site of the chain. */
        CASCADE,
        /** An alert could not be delivered (tolerated: alerts never stop a failover). */
        ALERT_FAILED,
        /** The failover or switchover finished with a validated primary. */
        COMPLETED,
        /** No site could be made primary. */
        FAILED
    }

    /** Checks the parts are present. */
    public TimelineEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(detail, "detail");
    }
}

package com.trackingbms.dr.failover;

import java.time.Instant;
import java.util.Objects;

/**
 * A typed progress and audit event of the controller. Destructive steps produce one event before and one after.
 *
 * @param type what happened
 * @param runId the failover's run id ("" outside a failover)
 * @param plan the plan's name
 * @param site the site concerned ("" when none)
 * @param step the step's label ("" when none)
 * @param destructive whether the step changes a system
 * @param time when it happened
 * @param detail what happened, in words
 */
public record RecoveryEvent(Type type, String runId, String plan, String site, String step, boolean destructive,
                            Instant time, String detail) {

    /** Event types. */
    public enum Type {
        /** A probe round failed (not yet declared down). */
        ROUND_FAILED,
        /** A site was declared down. */
        SITE_DOWN,
        /** A failover or switchover started. */
        FAILOVER_STARTED,
        /** A step is about to run. */
        STEP_STARTED,
        /** A step succeeded. */
        STEP_COMPLETED,
        /** A step failed after its attempts. */
        STEP_FAILED,
        /** The failover moves to the next site of the chain. */
        CASCADE,
        /** The failover finished with a validated primary. */
        FAILOVER_COMPLETED,
        /** No site could be made primary. */
        FAILOVER_FAILED,
        /** A standby's replication lag went over the RPO, or its position became unknown. */
        LAG_OVER_RPO,
        /** An alert could not be delivered. */
        ALERT_FAILED,
        /** Operators must bring a failed site back. */
        RECOVERY_TASK,
        /** An old primary that could not be fenced during a failover answered again and was fenced (or came back harmless). */
        FENCED_ON_RETURN
    }

    /** Checks the parts are present. */
    public RecoveryEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(detail, "detail");
    }
}

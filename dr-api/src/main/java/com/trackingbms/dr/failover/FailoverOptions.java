package com.trackingbms.dr.failover;

import java.util.Objects;

/**
 * How an operator asks for a failover.
 *
 * @param forceDataLoss accept a candidate whose data loss is over the RPO or unknown (the RPO guard then records
 *     the loss it let through instead of refusing)
 * @param reason why, for the journal, alerts and the incident report
 */
public record FailoverOptions(boolean forceDataLoss, String reason) {

    /** Checks the reason is present. */
    public FailoverOptions {
        Objects.requireNonNull(reason, "reason");
    }

    /** What the controller uses on its own: the RPO guard refuses. */
    public static FailoverOptions automatic() {
        return new FailoverOptions(false, "automatic: site declared down");
    }

    /** An operator's request that keeps the RPO guard. */
    public static FailoverOptions requested(String reason) {
        return new FailoverOptions(false, reason);
    }

    /** An operator's request that overrides the RPO guard; the loss is still measured and reported. */
    public static FailoverOptions forced(String reason) {
        return new FailoverOptions(true, reason);
    }
}

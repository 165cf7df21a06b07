package com.trackingbms.dr.failover;

/**
 * Asked before a site marked for manual activation is made primary. The default denies, and the controller then
 * sends a critical "manual escalation required" alert and moves on (or stops) rather than activate it.
 * A callback that throws counts as a denial.
 */
@FunctionalInterface
public interface ApprovalCallback {

    /** Whether the site may be activated now; may block while a human decides, within the step's timeout. */
    boolean approve(ApprovalRequest request) throws Exception;

    /** Denies every request (the default). */
    static ApprovalCallback denyAll() {
        return request -> false;
    }

    /** Approves every request: only for drills and tests where no human is present. */
    static ApprovalCallback approveAll() {
        return request -> true;
    }
}

package com.trackingbms.dr.failover;

/**
 * How many of a site's probes must fail for a probe round to count as failed, so that one flaky check does not move
 * production.
 *
 * @param minimumFailed the number of failed probes that fails a round; {@code 0} means a strict majority
 */
public record Quorum(int minimumFailed) {

    /** A strict majority of the site's probes (the default). */
    public static Quorum majority() {
        return new Quorum(0);
    }

    /** At least {@code n} probes. */
    public static Quorum atLeast(int n) {
        return new Quorum(n);
    }

    /** Any single failed probe fails the round. */
    public static Quorum any() {
        return new Quorum(1);
    }

    /** Whether this is the majority rule. */
    public boolean isMajority() {
        return minimumFailed == 0;
    }

    /** How many failed probes out of {@code total} fail a round (never more than {@code total}). */
    public int required(int total) {
        if (isMajority()) {
            return total / 2 + 1;
        }
        return Math.min(minimumFailed, total);
    }

    /** Whether {@code failed} failures out of {@code total} probes fail the round. */
    public boolean roundFails(int failed, int total) {
        return total > 0 && failed >= required(total);
    }

    /** "majority" or "at least n". */
    @Override
    public String toString() {
        return isMajority() ? "majority" : "at least " + minimumFailed;
    }
}

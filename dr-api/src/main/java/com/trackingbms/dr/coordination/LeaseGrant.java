package com.trackingbms.dr.coordination;

import java.time.Instant;
import java.util.Objects;

/**
 * Proof of holding a {@link Lease}: who holds it, until when, and its fencing token.
 *
 * <p>The token grows with every new grant (never with a renewal), so a store that remembers the highest token it
 * has seen can refuse a write from a holder whose lease was taken over while it was paused.
 *
 * @param lease the lease's name
 * @param holder who holds it (an application instance id)
 * @param token the fencing token, strictly greater than any earlier grant's
 * @param expiresAt when the grant lapses unless renewed
 */
public record LeaseGrant(String lease, String holder, long token, Instant expiresAt) {

    /** Checks the parts are present. */
    public LeaseGrant {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the grant has lapsed at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}

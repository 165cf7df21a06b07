package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.failover.DetectionPolicy;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts failed probe rounds: a site is down after {@code failuresToDeclareDown} consecutive failed rounds, and one
 * good round resets the count. Remembers the first failed round of the current run of failures, where the RTO clock
 * starts. Not thread-safe: the controller serializes rounds.
 */
public final class FailureDetector {

    /** What a round changed. */
    public enum Transition {
        /** The site is up and was up. */
        HEALTHY,
        /** The site is up again after failed rounds that did not reach the threshold, or after an outage. */
        RECOVERED,
        /** A failed round below the threshold. */
        SUSPECT,
        /** This round reached the threshold: the site is declared down now. */
        DECLARED_DOWN,
        /** The site was already declared down and the round failed again. */
        STILL_DOWN
    }

    private final int threshold;
    private int consecutive;
    private Instant firstFailureAt;

    /** A detector for the policy's threshold. */
    public FailureDetector(DetectionPolicy policy) {
        this(policy.failuresToDeclareDown());
    }

    /** A detector that declares down after {@code threshold} consecutive failed rounds. */
    public FailureDetector(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold " + threshold + " must be at least 1 failed round");
        }
        this.threshold = threshold;
    }

    /** Records one round's outcome at {@code time}. */
    public Transition record(boolean roundFailed, Instant time) {
        Objects.requireNonNull(time, "time");
        if (!roundFailed) {
            boolean hadFailures = consecutive > 0;
            consecutive = 0;
            firstFailureAt = null;
            return hadFailures ? Transition.RECOVERED : Transition.HEALTHY;
        }
        if (consecutive == 0) {
            firstFailureAt = time;
        }
        // Saturate rather than overflow on a site that stays down for years of rounds.
        if (consecutive < Integer.MAX_VALUE) {
            consecutive++;
        }
        if (consecutive == threshold) {
            return Transition.DECLARED_DOWN;
        }
        return consecutive > threshold ? Transition.STILL_DOWN : Transition.SUSPECT;
    }

    /** Whether the site is declared down. */
    public boolean isDown() {
        return consecutive >= threshold;
    }

    /** Failed rounds in a row. */
    public int consecutiveFailures() {
        return consecutive;
    }

    /** The rounds that declare the site down. */
    public int threshold() {
        return threshold;
    }

    /** The first failed round of the current run of failures. */
    public Optional<Instant> firstFailureAt() {
        return Optional.ofNullable(firstFailureAt);
    }

    /** Forgets every failure (after a failover, the watched site changes). */
    public void reset() {
        consecutive = 0;
        firstFailureAt = null;
    }
}

package com.trackingbms.dr.failover;

import com.trackingbms.dr.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * When a site is declared down: probes run every {@code interval}, each abandoned after {@code probeTimeout}; a round
 * fails when the {@code quorum} of the site's probes fail; the site is down after {@code failuresToDeclareDown}
 * consecutive failed rounds, and one good round resets the count.
 *
 * @param interval time between probe rounds
 * @param probeTimeout how long one probe may take, shorter than the interval
 * @param failuresToDeclareDown consecutive failed rounds that declare the site down, at least 1
 * @param quorum how many probes must fail for a round to fail
 */
public record DetectionPolicy(Duration interval, Duration probeTimeout, int failuresToDeclareDown, Quorum quorum) {

    /** The runbook's default: probe every 30 s with a 10 s timeout, down after 3 failed rounds, majority quorum. */
    public static final DetectionPolicy DEFAULT =
            new DetectionPolicy(Duration.ofSeconds(30), Duration.ofSeconds(10), 3, Quorum.majority());

    /** Checks that every part is present; ranges are checked by the plan builder, which reports them with paths. */
    public DetectionPolicy {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(quorum, "quorum");
    }

    /** The shortest time from the first failed probe to a declared outage: {@code (failures - 1) x interval}. */
    public Duration minimumDetectionTime() {
        return interval.multipliedBy(Math.max(0, failuresToDeclareDown - 1));
    }

    /** One line for descriptions. */
    public String describe() {
        return "probe every " + Durations.format(interval) + " (timeout " + Durations.format(probeTimeout)
                + "), down after " + failuresToDeclareDown + " consecutive failed rounds, quorum " + quorum;
    }
}

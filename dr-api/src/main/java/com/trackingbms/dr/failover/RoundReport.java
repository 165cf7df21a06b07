package com.trackingbms.dr.failover;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one probe round of the active site.
 *
 * @param time when the round started
 * @param site the probed site
 * @param probes each probe's outcome, in the site's order
 * @param roundFailed whether the quorum of probes failed
 * @param consecutiveFailures failed rounds in a row, including this one
 * @param decision what the controller did
 * @param failover the failover that ran, if one did
 */
public record RoundReport(Instant time, String site, List<ProbeOutcome> probes, boolean roundFailed,
                          int consecutiveFailures, Decision decision, Optional<FailoverResult> failover) {

    /**
     * One probe's outcome in a round.
     *
     * @param probe the probe's name
     * @param healthy whether it passed
     * @param detail what it saw ("timed out after 250ms" when abandoned)
     */
    public record ProbeOutcome(String probe, boolean healthy, String detail) {
        /** Checks the parts are present. */
        public ProbeOutcome {
            Objects.requireNonNull(probe, "probe");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** What the controller did after the round. */
    public enum Decision {
        /** The site is up. */
        HEALTHY,
        /** The round failed, but the site is not yet declared down. */
        SUSPECT,
        /** The site is down, but a failover happened within the cooldown: no automatic failover (alerted). */
        SUPPRESSED_BY_COOLDOWN,
        /** The site is down and another instance holds the lease: this one observes. */
        LEASE_HELD_ELSEWHERE,
        /** Another instance already failed over (read from the journal): this one follows the new active site. */
        FOLLOWED_JOURNAL,
        /** No standby is left in the chain to fail over to (alerted). */
        NO_CANDIDATE,
        /** A failover ran; see {@link RoundReport#failover()}. */
        FAILOVER_RAN
    }

    /** Copies the list and checks the parts are present. */
    public RoundReport {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(site, "site");
        probes = List.copyOf(probes);
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(failover, "failover");
    }
}

package com.trackingbms.dr.failover;

import java.time.Duration;
import java.util.List;

/**
 * The order in which sites take over, how an outage is detected, and the steps of a failover. The chain starts at
 * the primary; the staged builder ({@link Start}, {@link FirstTarget}) makes a chain without a first target
 * impossible to write.
 */
public interface FailoverChain {

    /** Site names in order, the primary first. */
    List<String> sites();

    /** The primary site's name (the first in the chain). */
    default String primary() {
        return sites().get(0);
    }

    /** The sites that can take over, in order. */
    default List<String> standbys() {
        return sites().subList(1, sites().size());
    }

    /** When a site is declared down. */
    DetectionPolicy detection();

    /** The steps of a failover, in order. */
    List<FailoverStep> steps();

    /** After a failover, no second automatic failover for this long (no flapping). */
    Duration cooldown();

    /** First stage of the chain DSL: name the primary. */
    interface Start {
        /** The chain starts at this site, which must be the plan's primary. */
        FirstTarget from(String primarySite);
    }

    /** Second stage: name the first site to take over. */
    interface FirstTarget {
        /** The first site to take over. */
        Spec to(String site);
    }

    /** Remaining options of the chain DSL; every value is checked when the plan is built. */
    interface Spec {
        /** The next site to take over if the previous one fails or cannot be validated. */
        Spec thenTo(String site);

        /** Number of failed rounds; finish with {@link FailureCount#consecutiveFailures()}. */
        FailureCount detectAfter(int failures);

        /** Time between probe rounds. */
        Spec probingEvery(Duration interval);

        /** How long one probe may take before it counts as failed. */
        Spec probeTimeout(Duration timeout);

        /** How many of a site's probes must fail for a round to fail (default: majority). */
        Spec quorum(Quorum quorum);

        /** No second automatic failover for this long after one (default 30 minutes). */
        Spec cooldown(Duration cooldown);

        /** The failover steps, in order (default: fence, guard RPO, promote database, fail over cache, validate). */
        Spec steps(FailoverStep... steps);
    }

    /** Finishes {@link Spec#detectAfter(int)}. */
    interface FailureCount {
        /** The failures must be consecutive rounds; one good round resets the count. */
        Spec consecutiveFailures();
    }
}

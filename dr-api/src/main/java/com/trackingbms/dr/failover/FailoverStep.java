package com.trackingbms.dr.failover;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.spi.TrafficRouter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One step of a failover, in the order the chain lists them. Each step has a timeout and a number of attempts
 * (retries with backoff); the defaults suit cloud APIs and can be changed with {@link #withTimeout(Duration)} and
 * {@link #withAttempts(int)}.
 *
 * @param kind what the step does
 * @param routers for {@link Kind#REROUTE}, the routers to move; empty otherwise
 * @param timeout how long one attempt may take
 * @param attempts how many attempts before the step fails, at least 1
 */
public record FailoverStep(Kind kind, List<TrafficRouter> routers, Duration timeout, int attempts) {

    /** What a step does. */
    public enum Kind {
        /** Makes the old primary refuse writes, before anything is promoted. Destructive. */
        FENCE_OLD_PRIMARY(true),
        /** Refuses a candidate whose data loss would exceed the RPO, unless forced. */
        GUARD_RPO(false),
        /** Promotes the candidate's database. Destructive. */
        PROMOTE_DATABASE(true),
        /** Makes the candidate's cache the master. Destructive. */
        FAILOVER_CACHE(true),
        /** Points DNS and load balancers at the candidate. Destructive. */
        REROUTE(true),
        /** Runs the plan's recovery validator against the new primary. */
        VALIDATE(false);

        private final boolean destructive;

        Kind(boolean destructive) {
            this.destructive = destructive;
        }

        /** Whether the step changes a system (and so is audited and skipped by a dry run). */
        public boolean destructive() {
            return destructive;
        }

        /** Lower-case name with dashes. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Copies the router list and checks the parts are present. */
    public FailoverStep {
        Objects.requireNonNull(kind, "kind");
        routers = List.copyOf(routers);
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Fence the old primary. */
    public static FailoverStep fenceOldPrimary() {
        return new FailoverStep(Kind.FENCE_OLD_PRIMARY, List.of(), Duration.ofSeconds(30), 3);
    }

    /** Refuse candidates that would lose more than the RPO. */
    public static FailoverStep guardRpo() {
        return new FailoverStep(Kind.GUARD_RPO, List.of(), Duration.ofSeconds(10), 1);
    }

    /** Promote the candidate's database. */
    public static FailoverStep promoteDatabase() {
        return new FailoverStep(Kind.PROMOTE_DATABASE, List.of(), Duration.ofSeconds(60), 3);
    }

    /** Fail over the cache. */
    public static FailoverStep failoverCache() {
        return new FailoverStep(Kind.FAILOVER_CACHE, List.of(), Duration.ofSeconds(30), 3);
    }

    /** Move traffic with the given routers (DNS, load balancer). */
    public static FailoverStep reroute(TrafficRouter... routers) {
        return new FailoverStep(Kind.REROUTE, List.of(routers), Duration.ofSeconds(120), 3);
    }

    /** Validate the new primary with the plan's validator. */
    public static FailoverStep validate() {
        return new FailoverStep(Kind.VALIDATE, List.of(), Duration.ofMinutes(5), 1);
    }

    /** This step with another per-attempt timeout. */
    public FailoverStep withTimeout(Duration newTimeout) {
        return new FailoverStep(kind, routers, newTimeout, attempts);
    }

    /** This step with another number of attempts. */
    public FailoverStep withAttempts(int newAttempts) {
        return new FailoverStep(kind, routers, timeout, newAttempts);
    }

    /** One line for descriptions: kind, routers, timeout and attempts. */
    public String describe() {
        String target = routers.isEmpty() ? ""
                : " via " + routers.stream().map(TrafficRouter::name).collect(Collectors.joining(", "));
        return kind.label() + target + " (timeout " + Durations.format(timeout) + ", " + attempts
                + (attempts == 1 ? " attempt)" : " attempts)");
    }
}

package com.trackingbms.dr.failover;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.failover.internal.ControllerBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Watches the plan's active primary and fails production over to the next site of the chain when it goes down:
 * detect (N failed rounds, quorum of probes), take the lease, fence the old primary, choose and guard the
 * candidate, promote, fail over the cache, reroute, validate, cascade on failure, and record the measured RTO and
 * RPO. Embedded in the application; several instances may run it, the lease decides which one acts.
 *
 * <p>Time and scheduling are injected: {@link #runRound()} runs one probe round (and a failover when the site is
 * declared down) on the caller's thread, which is how tests drive it with a simulated clock; {@link #start} runs
 * rounds on a scheduler for production. Probes, steps and checks run on the controller's executor, each abandoned
 * after its timeout, so a hung component never stalls a round beyond its timeout. The controller itself adds no
 * fixed delay anywhere.
 *
 * <pre>{@code
 * try (FailoverController controller = FailoverController.builder(plan).lease(lease).build();
 *      FailoverController.Running running = controller.start(scheduler)) {
 *     ...
 * }
 * }</pre>
 */
public interface FailoverController extends AutoCloseable {

    /** Starts a controller for {@code plan}, which must declare a failover chain. */
    static Builder builder(DisasterRecoveryPlan plan) {
        return new ControllerBuilder(plan);
    }

    /** The plan. */
    DisasterRecoveryPlan plan();

    /** The site serving production as this controller knows it (the plan's primary until a failover). */
    String activeSite();

    /** When the cooldown after the last failover ends, if one is running. */
    Optional<Instant> cooldownUntil();

    /**
     * Probes the active site once and acts on the result: counts the failed round, and when the site is declared
     * down, fails over (if this instance gets the lease and no cooldown applies). Returns when the round and any
     * failover it started have ended. Rounds are serialized.
     */
    RoundReport runRound() throws InterruptedException;

    /**
     * Fails the active site over now, at an operator's request, without waiting for detection. The cooldown does
     * not apply (it only stops automatic failovers); the RPO guard does unless the options force it.
     */
    FailoverResult failover(FailoverOptions options) throws InterruptedException;

    /**
     * A planned switchover to {@code targetSite}: both sites healthy, the old primary fenced first, the target
     * promoted only once it has received everything (zero data loss), then the same steps as a failover. Nothing is
     * changed when a precondition does not hold.
     */
    FailoverResult switchover(String targetSite) throws InterruptedException;

    /** The steps a failover of the active site would run now, from the plan alone; touches nothing. */
    DryRun dryRun();

    /** Runs rounds on {@code scheduler} every probe interval (more often right after a failover) until closed. */
    Running start(ScheduledExecutorService scheduler);

    /** How long until the next round should start: the probe interval, or the post-failover interval while watching. */
    Duration nextRoundDelay();

    /** Stops scheduled rounds and the controller's own threads (not a caller's executors). */
    @Override
    void close();

    /** Rounds running on a scheduler; closing stops scheduling further rounds. */
    interface Running extends AutoCloseable {
        /** Stops scheduling rounds; a round in progress finishes. */
        @Override
        void close();
    }

    /** Waits between attempts of a step; tests pass one that advances a simulated clock. */
    @FunctionalInterface
    interface Sleeper {
        /** Waits for {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Configures a controller; every value has a default suited to production. */
    interface Builder {
        /** The clock every time on the timeline is read from (default: system UTC). */
        Builder clock(Clock clock);

        /** The plan's lease (default: an in-process lease, enough for one instance). */
        Builder lease(Lease lease);

        /** This instance's name in the lease and journal (default: a random id). */
        Builder instanceId(String instanceId);

        /** How long a lease grant lasts without renewal (default 30 s); renewed before every step. */
        Builder leaseTtl(Duration ttl);

        /** Asked before a manual site is activated (default: deny and escalate). */
        Builder approvals(ApprovalCallback approvals);

        /** How long an approval may take before it counts as denied (default 15 minutes). */
        Builder approvalTimeout(Duration timeout);

        /** Adds a listener; a logging listener ({@link RecoveryListener#logging()}) is always present. */
        Builder onEvent(RecoveryListener listener);

        /**
         * Receives the incident report of every failover and switchover that ran (completed, failed or aborted), to
         * store or send it. The report is always logged as JSON to {@code com.trackingbms.dr.incidents}; a consumer
         * that throws is logged and ignored.
         */
        Builder onIncidentReport(Consumer<IncidentReport> consumer);

        /** Runs probes, steps and checks (default: the controller's own daemon threads). */
        Builder executor(ExecutorService executor);

        /** Delivers alerts, so a slow sink never delays a failover (default: one daemon thread). */
        Builder alertExecutor(Executor executor);

        /** Waits between attempts of a step (default: {@link Thread#sleep}). */
        Builder sleeper(Sleeper sleeper);

        /** First wait between attempts of a step, doubled on each retry (default 100 ms). */
        Builder retryBackoff(Duration initial);

        /** After a failover, probe the new primary every {@code interval} for {@code period} (default: a third of the probe interval, 15 minutes). */
        Builder postFailoverWatch(Duration period, Duration interval);

        /** How long a switchover waits for the target to catch up with the fenced primary (default 30 s). */
        Builder catchUpTimeout(Duration timeout);

        /** Watch replication lag of streaming standbys every round and alert when it exceeds the RPO (default on). */
        Builder watchLag(boolean watch);

        /**
         * Builds the controller.
         *
         * @throws IllegalArgumentException naming the setting when the plan has no failover chain or a value is invalid
         */
        FailoverController build();
    }
}

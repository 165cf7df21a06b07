package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.failover.ApprovalCallback;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverController;
import com.trackingbms.dr.failover.RecoveryEvent;
import com.trackingbms.dr.failover.RecoveryListener;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.NodeState;
import com.trackingbms.dr.spi.ProbeResult;
import com.trackingbms.dr.validation.ValidationRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover engine behind {@link FailoverController}. Rounds and failovers are serialized on this object's
 * monitor; components are called on the executor with timeouts; every destructive step is journalled through the
 * lease before and after it runs.
 */

/**
 * What the controller and its failover runs share: the plan, the injected clock, lease and executors, the retrying
 * call runner, alerts, events and the primary's position history. Calls to components go through
 * {@link #callAll}, each with a deadline, so nothing waits on a hung component beyond its timeout.
 */
final class Engine {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    final DisasterRecoveryPlan plan;
    final FailoverChain chain;
    final Clock clock;
    final Lease lease;
    final String instanceId;
    final Duration leaseTtl;
    final ApprovalCallback approvals;
    final Duration approvalTimeout;
    final List<RecoveryListener> listeners;
    final ExecutorService executor;
    final Attempts attempts;
    final Attempts leaseCalls;
    final AlertDispatcher alerts;
    final ValidationRunner validationRunner;
    final PositionHistory history = new PositionHistory(Duration.ofHours(1), 20_000);
    final Duration probeTimeout;
    final Duration catchUpTimeout;
    final Duration postFailoverPeriod;

    Engine(ControllerBuilder b, ExecutorService executor, Executor alertExecutor, Runnable heartbeat,
           java.util.function.BiConsumer<AlertSink, Throwable> alertFailed) {
        this.plan = b.plan;
        this.chain = b.chain;
        this.clock = b.clock;
        this.lease = b.lease;
        this.instanceId = b.instanceId;
        this.leaseTtl = b.leaseTtl;
        this.approvals = b.approvals;
        this.approvalTimeout = b.approvalTimeout;
        this.listeners = List.copyOf(b.listeners);
        this.executor = executor;
        this.attempts = new Attempts(executor, b.sleeper, b.retryBackoff, b.leaseTtl.dividedBy(3), heartbeat);
        this.leaseCalls = attempts.withoutHeartbeat();
        this.alerts = new AlertDispatcher(plan.alerts(), alertExecutor, alertFailed);
        this.validationRunner = ValidationRunner.create(executor, clock);
        this.probeTimeout = chain.detection().probeTimeout();
        this.catchUpTimeout = b.catchUpTimeout;
        this.postFailoverPeriod = b.postFailoverPeriod;
    }

    /** The outcome of one call made with a deadline. */
    record Outcome<T>(T value, Throwable error, boolean timedOut) {
        boolean ok() {
            return error == null && !timedOut;
        }

        String describe(Duration timeout) {
            return timedOut ? "timed out after " + Durations.format(timeout) : Attempts.describe(error);
        }
    }

    /** Starts every call at once and collects each by a common deadline; overrunning calls are cancelled. */
    <T> List<Outcome<T>> callAll(List<Callable<T>> calls, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> c : calls) {
            futures.add(executor.submit(c));
        }
        List<Outcome<T>> out = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                out.add(new Outcome<>(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null, false));
            } catch (TimeoutException e) {
                f.cancel(true);
                out.add(new Outcome<>(null, null, true));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                out.add(new Outcome<>(null, e.getCause(), false));
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                throw e;
            }
        }
        return out;
    }

    record Health(boolean healthy, String detail) {
    }

    /** Probes a site with the detection quorum; without probes, a database that answers counts as healthy. */
    Health health(Site s) throws InterruptedException {
        if (s.probes().isEmpty()) {
            if (s.database().isEmpty()) {
                return new Health(true, "no probe or database to check");
            }
            List<Outcome<NodeState>> o = callAll(List.of(() -> s.database().get().state()), probeTimeout);
            return o.get(0).ok() ? new Health(true, s.database().get().name() + " answers as " + o.get(0).value().role())
                    : new Health(false, s.database().get().name() + ": " + o.get(0).describe(probeTimeout));
        }
        List<Callable<ProbeResult>> calls = new ArrayList<>();
        for (HealthProbe p : s.probes()) {
            calls.add(() -> p.probe(probeTimeout));
        }
        List<Outcome<ProbeResult>> outcomes = callAll(calls, probeTimeout);
        int failed = 0;
        List<String> details = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome<ProbeResult> o = outcomes.get(i);
            boolean ok = o.ok() && o.value() != null && o.value().healthy();
            if (!ok) {
                failed++;
                details.add(s.probes().get(i).name() + ": " + (o.ok() ? (o.value() == null ? "no result" : o.value().detail()) : o.describe(probeTimeout)));
            }
        }
        boolean bad = chain.detection().quorum().roundFails(failed, outcomes.size());
        return new Health(!bad, failed + " of " + outcomes.size() + " probes failed" + (details.isEmpty() ? "" : ": " + String.join("; ", details)));
    }

    String newRunId() {
        return plan.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    void alert(Severity severity, String title, String detail, Map<String, String> fields) {
        alerts.send(new Alert(severity, plan.name(), title, detail, clock.instant(), fields));
    }

    void event(RecoveryEvent.Type type, String runId, String site, String step, boolean destructive, String detail) {
        RecoveryEvent e = new RecoveryEvent(type, runId, plan.name(), site, step, destructive, clock.instant(), detail);
        for (RecoveryListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("plan {}: listener {} failed on {} (ignored): {}", plan.name(), l, type, ex.toString());
            }
        }
    }
}

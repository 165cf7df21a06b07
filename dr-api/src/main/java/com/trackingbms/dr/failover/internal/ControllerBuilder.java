package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.failover.ApprovalCallback;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverController;
import com.trackingbms.dr.failover.IncidentReport;
import com.trackingbms.dr.failover.RecoveryListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** {@link FailoverController#builder}: checks each value when given, naming the setting and the fix. */
public final class ControllerBuilder implements FailoverController.Builder {

    final DisasterRecoveryPlan plan;
    final FailoverChain chain;
    Clock clock = Clock.systemUTC();
    Lease lease;
    String instanceId = "controller-" + UUID.randomUUID().toString().substring(0, 8);
    Duration leaseTtl = Duration.ofSeconds(30);
    ApprovalCallback approvals = ApprovalCallback.denyAll();
    Duration approvalTimeout = Duration.ofMinutes(15);
    final List<RecoveryListener> listeners = new ArrayList<>(List.of(RecoveryListener.logging()));
    final List<Consumer<IncidentReport>> incidentConsumers = new ArrayList<>();
    ExecutorService executor;
    Executor alertExecutor;
    FailoverController.Sleeper sleeper = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    Duration retryBackoff = Duration.ofMillis(100);
    Duration postFailoverPeriod = Duration.ofMinutes(15);
    Duration postFailoverInterval;
    Duration catchUpTimeout = Duration.ofSeconds(30);
    boolean watchLag = true;

    /** Starts a builder for {@code plan}. */
    public ControllerBuilder(DisasterRecoveryPlan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.chain = plan.failover().orElseThrow(() -> new IllegalArgumentException("plan '" + plan.name()
                + "' declares no failover chain; add .failover(chain -> chain.from(primary).to(standby)) to the plan"));
        this.postFailoverInterval = chain.detection().interval().dividedBy(3);
    }

    @Override
    public FailoverController.Builder clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    @Override
    public FailoverController.Builder lease(Lease value) {
        this.lease = Objects.requireNonNull(value, "lease");
        return this;
    }

    @Override
    public FailoverController.Builder instanceId(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("instanceId is blank; give a name unique among the instances sharing the lease, e.g. the host name");
        }
        this.instanceId = value;
        return this;
    }

    @Override
    public FailoverController.Builder leaseTtl(Duration ttl) {
        this.leaseTtl = positive("leaseTtl", ttl, "Duration.ofSeconds(30)");
        return this;
    }

    @Override
    public FailoverController.Builder approvals(ApprovalCallback value) {
        this.approvals = Objects.requireNonNull(value, "approvals");
        return this;
    }

    @Override
    public FailoverController.Builder approvalTimeout(Duration timeout) {
        this.approvalTimeout = positive("approvalTimeout", timeout, "Duration.ofMinutes(15)");
        return this;
    }

    @Override
    public FailoverController.Builder onEvent(RecoveryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public FailoverController.Builder onIncidentReport(Consumer<IncidentReport> consumer) {
        incidentConsumers.add(Objects.requireNonNull(consumer, "consumer"));
        return this;
    }

    @Override
    public FailoverController.Builder executor(ExecutorService value) {
        this.executor = Objects.requireNonNull(value, "executor");
        return this;
    }

    @Override
    public FailoverController.Builder alertExecutor(Executor value) {
        this.alertExecutor = Objects.requireNonNull(value, "alertExecutor");
        return this;
    }

    @Override
    public FailoverController.Builder sleeper(FailoverController.Sleeper value) {
        this.sleeper = Objects.requireNonNull(value, "sleeper");
        return this;
    }

    @Override
    public FailoverController.Builder retryBackoff(Duration initial) {
        this.retryBackoff = positive("retryBackoff", initial, "Duration.ofMillis(100)");
        return this;
    }

    @Override
    public FailoverController.Builder postFailoverWatch(Duration period, Duration interval) {
        if (period == null || period.isNegative()) {
            throw new IllegalArgumentException("postFailoverWatch period " + period + " is negative or null; give zero to turn it off or e.g. Duration.ofMinutes(15)");
        }
        this.postFailoverPeriod = period;
        this.postFailoverInterval = positive("postFailoverWatch interval", interval, "Duration.ofSeconds(10)");
        return this;
    }

    @Override
    public FailoverController.Builder catchUpTimeout(Duration timeout) {
        this.catchUpTimeout = positive("catchUpTimeout", timeout, "Duration.ofSeconds(30)");
        return this;
    }

    @Override
    public FailoverController.Builder watchLag(boolean watch) {
        this.watchLag = watch;
        return this;
    }

    @Override
    public FailoverController build() {
        if (lease == null) {
            lease = Lease.inProcess(plan.name(), clock);
        }
        return new DefaultFailoverController(this);
    }

    private static Duration positive(String setting, Duration value, String example) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(setting + " " + value + " is not a positive duration; give e.g. " + example);
        }
        return value;
    }
}

package com.trackingbms.dr.testkit.drill;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.failover.FailoverController;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.RecoveryEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs a drill: wires a built plan and a {@link FailoverController} (on a real scheduler, probing as the plan says)
 * to a running topology, runs a {@link WriteLoad} that records every acknowledged write, injects a {@link Fault} once
 * the load and the controller are warmed up, lets the controller detect and fail over on its own, and reports the
 * controller's result, the time from the fault to the first write acknowledged by the new primary, and the
 * acknowledged writes that are missing when read back afterwards. Every wait is bounded by the drill's timeout.
 *
 * <pre>{@code
 * DrillReport r = DrillRunner.builder(plan)
 *         .load(PostgresWriteLoad.through(endpoint.host(), endpoint.port()).password(pw).build())
 *         .fault(Fault.kill9(pg.primary()))
 *         .run();
 * DrAssertions.assertThat(r.failover().orElseThrow()).promoted("toronto");
 * assertThat(r.missing()).isEmpty();
 * }</pre>
 */
public final class DrillRunner {

    private final DisasterRecoveryPlan plan;
    private final Consumer<FailoverController.Builder> controllerSetup;
    private final WriteLoad load;
    private final Duration writeEvery;
    private final Fault fault;
    private final Duration faultAfter;
    private final Duration timeout;
    private final int writesAfterRecovery;
    private final Clock clock;

    private DrillRunner(Builder b) {
        this.plan = b.plan;
        this.controllerSetup = b.controllerSetup;
        this.load = b.load;
        this.writeEvery = b.writeEvery;
        this.fault = b.fault;
        this.faultAfter = b.faultAfter;
        this.timeout = b.timeout;
        this.writesAfterRecovery = b.writesAfterRecovery;
        this.clock = b.clock;
    }

    /** Starts describing a drill of {@code plan}, which must declare a failover chain. */
    public static Builder builder(DisasterRecoveryPlan plan) {
        return new Builder(plan);
    }

    /** Runs the drill to its report and stops the controller. */
    public DrillReport run() throws InterruptedException {
        try (Drill d = start()) {
            return d.awaitReport();
        }
    }

    /**
     * Starts the controller and the load, injects the fault once warmed up, and returns a handle whose
     * {@link Drill#awaitReport()} waits for the outcome; the controller keeps watching until the handle is closed,
     * so a test can bring the old primary back and see what the controller does.
     */
    public Drill start() throws InterruptedException {
        try {
            load.prepare();
        } catch (Exception e) {
            throw new DrillException("the write load (" + load.name() + ") could not prepare: " + e.getMessage()
                    + "; check that the endpoint reaches the primary", e);
        }
        Drill d = new Drill();
        try {
            d.begin();
        } catch (RuntimeException | InterruptedException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** A drill in progress: its controller watches until closed. */
    public final class Drill implements AutoCloseable {

        private final List<RecoveryEvent> events = new CopyOnWriteArrayList<>();
        private final BlockingQueue<FailoverResult> results = new LinkedBlockingQueue<>();
        private final List<Acked> acks = new CopyOnWriteArrayList<>();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<Exception> lastError = new AtomicReference<>();
        private final AtomicBoolean stopWriting = new AtomicBoolean();
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drill-controller-" + plan.name());
            t.setDaemon(true);
            return t;
        });
        private FailoverController controller;
        private FailoverController.Running running;
        private Thread writer;
        private Instant faultAt;
        private int beforeFault;
        private String servedBeforeFault = "";
        private DrillReport report;

        private Drill() {
        }

        private void begin() throws InterruptedException {
            FailoverController.Builder b = FailoverController.builder(plan).clock(clock)
                    .onEvent(events::add).onIncidentReport(i -> results.add(i.result()));
            controllerSetup.accept(b);
            controller = b.build();
            running = controller.start(scheduler);
            writer = new Thread(this::writeLoop, "drill-load-" + plan.name());
            writer.setDaemon(true);
            writer.start();
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            while (System.nanoTime() - start < faultAfter.toNanos() || acks.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    Exception e = lastError.get();
                    throw new DrillException("the write load (" + load.name() + ") acknowledged no write within "
                            + Durations.format(timeout) + (e == null ? "" : ": " + e.getMessage())
                            + "; check the endpoint and the credentials", e);
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
            synchronized (this) {
                faultAt = clock.instant();
                beforeFault = acks.size();
                servedBeforeFault = acks.get(acks.size() - 1).ack().servedBy();
            }
            try {
                fault.inject();
            } catch (Exception e) {
                throw new DrillException("could not inject " + fault.name() + ": " + e.getMessage(), e);
            }
        }

        private void writeLoop() {
            long id = 1;
            while (!stopWriting.get()) {
                long t0 = System.nanoTime();
                try {
                    WriteLoad.Ack ack = load.write(id);
                    acks.add(new Acked(ack, clock.instant()));
                } catch (Exception e) {
                    failed.incrementAndGet();
                    lastError.set(e);
                }
                id++;
                long wait = writeEvery.toNanos() - (System.nanoTime() - t0);
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        /** The controller under drill. */
        public FailoverController controller() {
            return controller;
        }

        /** Every event the controller emitted so far. */
        public List<RecoveryEvent> events() {
            return List.copyOf(events);
        }

        /** Waits (up to the drill's timeout) for an event matching {@code test}. */
        public Optional<RecoveryEvent> awaitEvent(Predicate<RecoveryEvent> test) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Optional<RecoveryEvent> e = events.stream().filter(test).findFirst();
                if (e.isPresent() || System.nanoTime() - deadline > 0) {
                    return e;
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }

        /**
         * Waits for the controller's first failover after the fault, then (when it succeeded) for the first write
         * acknowledged by the new primary and a few more, stops the load, reads every acknowledged id back, and
         * reports. Each wait is bounded by the drill's timeout; what did not happen in time is absent from the
         * report.
         */
        public synchronized DrillReport awaitReport() throws InterruptedException {
            if (report != null) {
                return report;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            FailoverResult result = results.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Optional<Acked> first = Optional.empty();
            if (result != null && result.succeeded()) {
                while (first.isEmpty() && System.nanoTime() - deadline < 0) {
                    first = firstAfterFault();
                    if (first.isEmpty()) {
                        TimeUnit.MILLISECONDS.sleep(2);
                    }
                }
                if (first.isPresent()) {
                    int target = acks.indexOf(first.get()) + 1 + writesAfterRecovery;
                    while (acks.size() < target && System.nanoTime() - deadline < 0) {
                        TimeUnit.MILLISECONDS.sleep(5);
                    }
                }
            }
            stopLoad();
            List<WriteLoad.Ack> all = acks.stream().map(Acked::ack).toList();
            List<WriteLoad.Ack> missing = new ArrayList<>();
            Optional<String> readBackError = Optional.empty();
            try {
                Set<Long> present = load.readBack(all.stream().map(WriteLoad.Ack::id).toList());
                all.stream().filter(a -> !present.contains(a.id())).forEach(missing::add);
            } catch (Exception e) {
                readBackError = Optional.of(String.valueOf(e.getMessage()));
            }
            report = new DrillReport(fault.name(), faultAt, Optional.ofNullable(result), first.map(Acked::ack), first.map(Acked::at),
                    all, beforeFault, failed.get(), missing, readBackError);
            return report;
        }

        private Optional<Acked> firstAfterFault() {
            return acks.stream().skip(beforeFault)
                    .filter(a -> a.at().isAfter(faultAt) && (servedBeforeFault.isEmpty() || !servedBeforeFault.equals(a.ack().servedBy())))
                    .findFirst();
        }

        private void stopLoad() throws InterruptedException {
            stopWriting.set(true);
            if (writer != null) {
                writer.join(timeout.toMillis());
            }
        }

        /** Stops the load and the controller. */
        @Override
        public void close() {
            stopWriting.set(true);
            if (running != null) {
                running.close();
            }
            if (controller != null) {
                controller.close();
            }
            scheduler.shutdownNow();
            if (writer != null) {
                try {
                    writer.join(timeout.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            load.close();
        }

        @Override
        public String toString() {
            return "drill of " + plan.name() + ": " + fault.name() + ", " + acks.size() + " writes acknowledged, events "
                    + events.stream().map(e -> e.type().name()).collect(Collectors.joining(","));
        }
    }

    /** An acknowledged write and when it was acknowledged. */
    private record Acked(WriteLoad.Ack ack, Instant at) {
    }

    /** Describes a drill; the plan, the load and the fault are required. */
    public static final class Builder {
        private final DisasterRecoveryPlan plan;
        private Consumer<FailoverController.Builder> controllerSetup = b -> { };
        private WriteLoad load;
        private Duration writeEvery = Duration.ofMillis(5);
        private Fault fault;
        private Duration faultAfter = Duration.ofSeconds(1);
        private Duration timeout = Duration.ofSeconds(60);
        private int writesAfterRecovery = 20;
        private Clock clock = Clock.systemUTC();

        private Builder(DisasterRecoveryPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            if (plan.failover().isEmpty()) {
                throw new IllegalArgumentException("plan '" + plan.name() + "' declares no failover chain; a drill needs"
                        + " .failover(chain -> chain.from(primary).to(standby))");
            }
        }

        /** Adjusts the controller (lease, approvals, listeners...); the drill adds its own listeners. */
        public Builder controller(Consumer<FailoverController.Builder> setup) {
            this.controllerSetup = Objects.requireNonNull(setup, "setup");
            return this;
        }

        /** The write load (required). */
        public Builder load(WriteLoad value) {
            this.load = Objects.requireNonNull(value, "load");
            return this;
        }

        /** How often a write starts (default every 5 ms; a slow write delays the next one). */
        public Builder writeEvery(Duration value) {
            this.writeEvery = nonNegative("writeEvery", value);
            return this;
        }

        /** The fault (required). */
        public Builder fault(Fault value) {
            this.fault = Objects.requireNonNull(value, "fault");
            return this;
        }

        /**
         * How long the load and the controller run before the fault (default 1 s; at least one write must be
         * acknowledged first), so the controller has position samples to estimate a loss from.
         */
        public Builder faultAfter(Duration value) {
            this.faultAfter = nonNegative("faultAfter", value);
            return this;
        }

        /** Bounds each wait of the drill (default 60 s). */
        public Builder timeout(Duration value) {
            this.timeout = nonNegative("timeout", value);
            if (value.isZero()) {
                throw new IllegalArgumentException("timeout is zero; give e.g. Duration.ofSeconds(60)");
            }
            return this;
        }

        /** How many writes the new primary acknowledges before the load stops (default 20). */
        public Builder writesAfterRecovery(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("writesAfterRecovery " + value + " is negative; give e.g. 20");
            }
            this.writesAfterRecovery = value;
            return this;
        }

        /** The clock of the controller and of the report (default system UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The runner.
         *
         * @throws IllegalArgumentException naming what is missing
         */
        public DrillRunner build() {
            List<String> missing = new ArrayList<>();
            if (load == null) {
                missing.add("load(...) (e.g. PostgresWriteLoad.through(endpoint.host(), endpoint.port()).build())");
            }
            if (fault == null) {
                missing.add("fault(...) (e.g. Fault.kill9(primary))");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("drill of plan '" + plan.name() + "' is missing " + String.join(" and ", missing));
            }
            return new DrillRunner(this);
        }

        private static Duration nonNegative(String setting, Duration value) {
            Objects.requireNonNull(value, setting);
            if (value.isNegative()) {
                throw new IllegalArgumentException(setting + " " + value + " is negative; give a duration of zero or more");
            }
            return value;
        }
    }
}

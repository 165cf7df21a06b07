package com.trackingbms.dr.backup;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.alert.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backup strategy's jobs (full, differential and incremental backups, restore tests, cleanups) on their cron
 * or interval schedules. Time comes from an injected {@link Clock}; a tick on the injected executor checks which jobs
 * are due, so a paused or suspended process catches up with one run per job (a misfire), never a burst. A job whose
 * previous run is still going is skipped, not overlapped. A failed job sends a CRITICAL alert to the plan's sinks
 * and the scheduler carries on.
 */
public final class BackupScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);
    private static final int MISSED_COUNT_LIMIT = 10_000;

    /**
     * A future run of a job.
     *
     * @param job the job
     * @param time when it is due, in the schedule's zone
     */
    public record ScheduledRun(BackupJob job, ZonedDateTime time) {
    }

    private final String planName;
    private final List<Slot> slots = new ArrayList<>();
    private final BackupRunner runner;
    private final BackupSource source;
    private final RestoreTest restoreTest;
    private final RetentionPolicy retention;
    private final ZoneId retentionZone;
    private final List<AlertSink> alerts;
    private final Clock clock;
    private final ScheduledExecutorService ticker;
    private final Executor jobs;
    private final Duration tickEvery;
    private final Consumer<JobRun> onJobRun;
    private ScheduledFuture<?> tickFuture;

    private static final class Slot {
        final BackupJob job;
        final AtomicBoolean running = new AtomicBoolean();
        Instant nextDue;

        Slot(BackupJob job, Instant nextDue) {
            this.job = job;
            this.nextDue = nextDue;
        }
    }

    private BackupScheduler(Builder b) {
        this.planName = b.planName;
        this.runner = b.runner;
        this.source = b.source;
        this.restoreTest = b.restoreTest;
        this.retention = b.strategy.retention();
        this.retentionZone = b.retentionZone;
        this.alerts = List.copyOf(b.alerts);
        this.clock = b.clock;
        this.ticker = b.executor;
        this.jobs = b.jobExecutor != null ? b.jobExecutor : b.executor;
        this.tickEvery = b.tickEvery;
        this.onJobRun = b.onJobRun;
        Instant now = clock.instant();
        for (BackupJob job : b.strategy.jobs()) {
            slots.add(new Slot(job, next(job, now)));
        }
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    private static Instant next(BackupJob job, Instant after) {
        List<ZonedDateTime> runs = job.schedule().nextRuns(after, 1);
        return runs.isEmpty() ? Instant.MAX : runs.get(0).toInstant();
    }

    /** Starts ticking on the executor; call {@link #close()} to stop. */
    public synchronized BackupScheduler start() {
        if (tickFuture != null) {
            throw new IllegalStateException("scheduler already started");
        }
        tickFuture = ticker.scheduleWithFixedDelay(this::tick, 0, tickEvery.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("backup scheduler for plan {} started: {}", planName, nextRuns(slots.size()).stream()
                .map(r -> r.job().type().label() + " at " + r.time()).toList());
        return this;
    }

    /**
     * Launches every job that is due by the clock. Called by the executor every tick; tests call it directly after
     * moving their clock. Never throws: a failure is logged so the periodic tick keeps running.
     */
    public synchronized void tick() {
        try {
            Instant now = clock.instant();
            for (Slot slot : slots) {
                if (now.isBefore(slot.nextDue)) {
                    continue;
                }
                Instant due = slot.nextDue;
                int missed = countMissed(slot.job, due, now);
                slot.nextDue = next(slot.job, now);
                if (missed > 0) {
                    LOG.warn("job {} missed {} run(s) since {} (scheduler paused or clock jumped); running once now",
                            slot.job.type().label(), missed, due);
                }
                if (!slot.running.compareAndSet(false, true)) {
                    JobRun skipped = new JobRun(slot.job, due, now, now, JobRun.Outcome.SKIPPED_STILL_RUNNING,
                            "the previous run is still going", missed);
                    LOG.warn("job {} due at {} skipped: the previous run is still going", slot.job.type().label(), due);
                    alert(Severity.WARNING, "backup job " + slot.job.type().label() + " skipped",
                            "the run due at " + due + " was skipped because the previous run is still going; the job takes longer than its schedule ("
                                    + slot.job.schedule().describe() + ")", slot.job);
                    report(skipped);
                    continue;
                }
                launch(slot, due, missed);
            }
        } catch (RuntimeException e) {
            LOG.error("backup scheduler tick failed; it will tick again", e);
        }
    }

    private void launch(Slot slot, Instant due, int missed) {
        try {
            jobs.execute(() -> runJob(slot, due, missed));
        } catch (RuntimeException e) {
            slot.running.set(false);
            throw e;
        }
    }

    private static int countMissed(BackupJob job, Instant due, Instant now) {
        int missed = 0;
        Instant cursor = due;
        while (missed < MISSED_COUNT_LIMIT) {
            Instant n = next(job, cursor);
            if (n.isAfter(now)) {
                break;
            }
            missed++;
            cursor = n;
        }
        return missed;
    }

    private void runJob(Slot slot, Instant due, int missed) {
        Instant started = clock.instant();
        BackupJob job = slot.job;
        JobRun run;
        try {
            String detail = execute(job);
            run = new JobRun(job, due, started, clock.instant(), JobRun.Outcome.SUCCEEDED, detail, missed);
            LOG.info("job {} due at {} succeeded: {}", job.type().label(), due, detail);
        } catch (Exception e) {
            String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            run = new JobRun(job, due, started, clock.instant(), JobRun.Outcome.FAILED, detail, missed);
            LOG.error("job {} due at {} failed: {}", job.type().label(), due, detail, e);
            alert(Severity.CRITICAL, "backup job " + job.type().label() + " failed", detail + "; next run at " + slot.nextDue, job);
        } finally {
            slot.running.set(false);
        }
        report(run);
    }

    private String execute(BackupJob job) throws Exception {
        switch (job.type()) {
            case FULL_BACKUP, DIFFERENTIAL_BACKUP, INCREMENTAL_BACKUP -> {
                BackupManifest m = runner.backup(source, job.type().backupKind().orElseThrow());
                return "backup " + m.id() + " (" + m.kind() + ", " + m.storedBytes() + " bytes)";
            }
            case RESTORE_TEST -> {
                BackupManifest latest = runner.catalog().latest()
                        .orElseThrow(() -> new NoSuchBackupException("no backup to test in " + runner.catalog().store().describe()));
                restoreTest.run(latest, runner);
                return "restore test of " + latest.id() + " passed";
            }
            case CLEANUP -> {
                RetentionPlan plan = runner.catalog().cleanup(retention, retentionZone, clock).execute();
                return "retention " + retention.describe() + ": kept " + plan.kept().size() + ", deleted " + plan.deleted().size();
            }
            default -> throw new IllegalStateException("unknown job type " + job.type());
        }
    }

    /** Sends to every sink; a sink that fails is logged and skipped, deliberately, so one dead webhook hides nothing else. */
    private void alert(Severity severity, String title, String detail, BackupJob job) {
        Alert alert = new Alert(severity, planName, title, detail, clock.instant(),
                Map.of("job", job.type().label(), "schedule", job.schedule().describe()));
        for (AlertSink sink : alerts) {
            try {
                sink.send(alert);
            } catch (Exception e) {
                LOG.warn("alert sink {} failed to deliver '{}': {}", sink.name(), title, e.toString());
            }
        }
    }

    private void report(JobRun run) {
        try {
            onJobRun.accept(run);
        } catch (RuntimeException e) {
            LOG.warn("job-run listener failed: {}", e.toString());
        }
    }

    /** The next {@code count} runs over all jobs, soonest first, after the clock's now. */
    public List<ScheduledRun> nextRuns(int count) {
        Instant now = clock.instant();
        List<ScheduledRun> runs = new ArrayList<>();
        for (Slot slot : slots) {
            for (ZonedDateTime t : slot.job.schedule().nextRuns(now, count)) {
                runs.add(new ScheduledRun(slot.job, t));
            }
        }
        runs.sort(Comparator.comparing((ScheduledRun r) -> r.time().toInstant()).thenComparing(r -> r.job().type()));
        return List.copyOf(runs.subList(0, Math.min(count, runs.size())));
    }

    /** Stops ticking; running jobs finish. The injected executor is not shut down (the caller owns it). */
    @Override
    public synchronized void close() {
        if (tickFuture != null) {
            tickFuture.cancel(false);
            tickFuture = null;
        }
    }

    /** Configures a {@link BackupScheduler}. */
    public static final class Builder {
        private String planName = "unnamed";
        private BackupStrategy strategy;
        private BackupRunner runner;
        private BackupSource source;
        private RestoreTest restoreTest = RestoreTest.verifyLatest();
        private ZoneId retentionZone = ZoneOffset.UTC;
        private final List<AlertSink> alerts = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService executor;
        private Executor jobExecutor;
        private Duration tickEvery = Duration.ofSeconds(1);
        private Consumer<JobRun> onJobRun = r -> {
        };

        private Builder() {
        }

        /** Takes the plan's name, backup strategy and alert sinks. */
        public Builder plan(DisasterRecoveryPlan plan) {
            Objects.requireNonNull(plan, "plan");
            this.planName = plan.name();
            this.strategy = plan.backups().orElseThrow(() -> new IllegalArgumentException(
                    "plan '" + plan.name() + "' declares no backups; add .backups(b -> b.full().cron(\"0 2 * * *\")...)"));
            this.alerts.clear();
            this.alerts.addAll(plan.alerts());
            return this;
        }

        /** The strategy whose jobs to run (instead of {@link #plan}). */
        public Builder strategy(BackupStrategy value) {
            this.strategy = Objects.requireNonNull(value, "strategy");
            return this;
        }

        /** Where failures are reported (instead of the plan's sinks). */
        public Builder alerts(List<AlertSink> sinks) {
            this.alerts.clear();
            this.alerts.addAll(sinks);
            return this;
        }

        /** The runner (default: {@link BackupRunner#from(BackupStrategy)} with this clock). */
        public Builder runner(BackupRunner value) {
            this.runner = Objects.requireNonNull(value, "runner");
            return this;
        }

        /** What backup jobs back up; required when the strategy schedules backups. */
        public Builder source(BackupSource value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /** The restore test (default {@link RestoreTest#verifyLatest()}). */
        public Builder restoreTest(RestoreTest value) {
            this.restoreTest = Objects.requireNonNull(value, "restoreTest");
            return this;
        }

        /** The zone whose calendar the retention rules count (default UTC). */
        public Builder retentionZone(ZoneId value) {
            this.retentionZone = Objects.requireNonNull(value, "retentionZone");
            return this;
        }

        /** The clock (default system UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Ticks (and, unless {@link #jobExecutor} is set, runs jobs) on this executor; required. */
        public Builder executor(ScheduledExecutorService value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** Runs jobs on this executor instead of the ticking one (tests pass {@code Runnable::run}). */
        public Builder jobExecutor(Executor value) {
            this.jobExecutor = Objects.requireNonNull(value, "jobExecutor");
            return this;
        }

        /** Time between checks for due jobs (default 1 s). */
        public Builder tickEvery(Duration value) {
            Objects.requireNonNull(value, "tickEvery");
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("tickEvery " + value + " must be positive, e.g. Duration.ofSeconds(1)");
            }
            this.tickEvery = value;
            return this;
        }

        /** Receives every run, skipped run and failure. */
        public Builder onJobRun(Consumer<JobRun> listener) {
            this.onJobRun = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the scheduler, listing every missing piece at once. */
        public BackupScheduler build() {
            List<String> problems = new ArrayList<>();
            if (strategy == null) {
                problems.add("strategy: none; call plan(plan) or strategy(strategy)");
            }
            if (executor == null) {
                problems.add("executor: none; pass a ScheduledExecutorService, e.g. Executors.newSingleThreadScheduledExecutor()");
            }
            if (strategy != null && source == null && strategy.jobs().stream().anyMatch(j -> j.type().backupKind().isPresent())) {
                problems.add("source: none, but the strategy schedules backups; call source(...)");
            }
            if (strategy != null && runner == null && strategy.store() == null) {
                problems.add("runner: none and the strategy has no store; call runner(...)");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("backup scheduler cannot start: " + String.join("; ", problems));
            }
            if (runner == null) {
                runner = BackupRunner.from(strategy).clock(clock).build();
            }
            return new BackupScheduler(this);
        }
    }
}

package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.Sync;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.coordination.FailoverJournal;
import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.coordination.LeaseGrant;
import com.trackingbms.dr.failover.DataLoss;
import com.trackingbms.dr.failover.DryRun;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverController;
import com.trackingbms.dr.failover.FailoverOptions;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.failover.IncidentReport;
import com.trackingbms.dr.failover.RecoveryEvent;
import com.trackingbms.dr.failover.RecoveryTimeline;
import com.trackingbms.dr.failover.RoundReport;
import com.trackingbms.dr.failover.TimelineEntry;
import com.trackingbms.dr.failover.TimelineEntry.Kind;
import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.NodeRole;
import com.trackingbms.dr.spi.NodeState;
import com.trackingbms.dr.spi.ProbeResult;
import com.trackingbms.dr.spi.TrafficRouter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover engine behind {@link FailoverController}. Rounds and failovers are serialized on this object's
 * monitor; components are called on the executor with timeouts; every destructive step is journalled through the
 * lease before and after it runs.
 */
final class DefaultFailoverController implements FailoverController {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultFailoverController.class);

    private final Engine engine;
    private final DisasterRecoveryPlan plan;
    private final FailoverChain chain;
    private final Clock clock;
    private final Lease lease;
    private final String instanceId;
    private final Duration leaseTtl;
    private final ExecutorService executor;
    private final boolean ownExecutor;
    private final ExecutorService ownAlertExecutor;
    private final Attempts leaseCalls;
    private final FailureDetector detector;
    private final PositionHistory history;
    private final Duration postFailoverPeriod;
    private final Duration postFailoverInterval;
    private final boolean watchLag;
    private final Duration probeTimeout;

    private final Set<String> retired = new LinkedHashSet<>();
    private final Set<String> lagAlerted = Collections.synchronizedSet(new HashSet<>());
    private final java.util.Map<String, Integer> lagReadFailures = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<TimelineEntry> outageRounds = new ArrayList<>();
    /**
     * Old primaries that a failover could not fence (down or unreachable at the time), each with its fencing attempt
     * in flight (or null): a crashed primary restarts writable on its old timeline, so it is fenced as soon as it
     * answers again. Guarded by this object's monitor.
     */
    private final Map<String, Future<String>> unfenced = new java.util.LinkedHashMap<>();
    private volatile String active;
    private volatile Instant cooldownUntil;
    private volatile Instant watchUntil;
    private boolean suppressionAlerted;
    private boolean noCandidateAlerted;
    private volatile FailoverRun currentRun;
    private Instant nextJournalSync;
    private volatile boolean closed;
    /** How many rounds apart an instance re-reads the journal (one read of a small record). */
    private static final int JOURNAL_SYNC_ROUNDS = 4;
    private final List<Consumer<IncidentReport>> incidentConsumers;
    private static final Logger INCIDENTS = LoggerFactory.getLogger("com.trackingbms.dr.incidents");

    DefaultFailoverController(ControllerBuilder b) {
        this.ownExecutor = b.executor == null;
        this.executor = ownExecutor ? Executors.newCachedThreadPool(daemon("dr-failover-" + b.plan.name())) : b.executor;
        Executor alertExecutor = b.alertExecutor;
        if (alertExecutor == null) {
            ownAlertExecutor = Executors.newSingleThreadExecutor(daemon("dr-alerts-" + b.plan.name()));
            alertExecutor = ownAlertExecutor;
        } else {
            ownAlertExecutor = null;
        }
        this.engine = new Engine(b, executor, alertExecutor, this::heartbeat, this::alertFailed);
        this.plan = engine.plan;
        this.chain = engine.chain;
        this.clock = engine.clock;
        this.lease = engine.lease;
        this.instanceId = engine.instanceId;
        this.leaseTtl = engine.leaseTtl;
        this.leaseCalls = engine.leaseCalls;
        this.history = engine.history;
        this.detector = new FailureDetector(chain.detection());
        this.postFailoverPeriod = b.postFailoverPeriod;
        this.postFailoverInterval = b.postFailoverInterval;
        this.watchLag = b.watchLag;
        this.probeTimeout = engine.probeTimeout;
        this.active = chain.primary();
        this.incidentConsumers = List.copyOf(b.incidentConsumers);
        warmUp();
    }

    /**
     * Loads and exercises the journal's JSON codec now: the first use of Jackson in a JVM costs hundreds of
     * milliseconds, and the first failover of a process is the one that counts.
     */
    private void warmUp() {
        Instant t = clock.instant();
        FailoverJournal j = new FailoverJournal("warm-up", plan.name(), "failover", instanceId, 0, active, active, active,
                List.of(), FailoverJournal.State.IN_PROGRESS, false, t, t, t,
                List.of(new FailoverJournal.Entry("warm-up", active, FailoverJournal.Status.DONE, t, "")));
        FailoverJournal.fromJson(j.toJson());
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public DisasterRecoveryPlan plan() {
        return plan;
    }

    @Override
    public String activeSite() {
        return active;
    }

    @Override
    public Optional<Instant> cooldownUntil() {
        Instant until = cooldownUntil;
        return until != null && clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    @Override
    public Duration nextRoundDelay() {
        Instant until = watchUntil;
        return until != null && clock.instant().isBefore(until) ? postFailoverInterval : chain.detection().interval();
    }

    // ------------------------------------------------------------------------------------------------ detection

    @Override
    public synchronized RoundReport runRound() throws InterruptedException {
        Instant now = clock.instant();
        syncFromJournal(now);
        Site site = plan.site(active);
        List<HealthProbe> probes = site.probes();
        List<Callable<ProbeResult>> calls = new ArrayList<>();
        for (HealthProbe p : probes) {
            calls.add(() -> p.probe(probeTimeout));
        }
        // The lag reading runs beside the probes, so it never lengthens a round beyond the probe timeout.
        Future<?> lag = watchLag ? executor.submit(() -> {
            watchLag(site);
            return null;
        }) : null;
        long roundDeadline = System.nanoTime() + probeTimeout.toNanos();
        startFencingReturned();
        List<Engine.Outcome<ProbeResult>> outcomes = callAll(calls, probeTimeout);
        collectFencingReturned(roundDeadline);
        List<RoundReport.ProbeOutcome> probeOutcomes = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < probes.size(); i++) {
            Engine.Outcome<ProbeResult> o = outcomes.get(i);
            boolean healthy = o.ok() && o.value() != null && o.value().healthy();
            String detail = o.ok() ? (o.value() == null ? "probe returned no result" : o.value().detail()) : o.describe(probeTimeout);
            if (!healthy) {
                failed++;
            }
            probeOutcomes.add(new RoundReport.ProbeOutcome(probes.get(i).name(), healthy, detail));
        }
        awaitQuietly(lag, roundDeadline);
        boolean roundFailed = chain.detection().quorum().roundFails(failed, probes.size());
        FailureDetector.Transition t = detector.record(roundFailed, now);
        String failures = probeOutcomes.stream().filter(p -> !p.healthy()).map(p -> p.probe() + ": " + p.detail())
                .collect(Collectors.joining("; "));
        int n = detector.consecutiveFailures();
        int of = detector.threshold();
        switch (t) {
            case HEALTHY:
                return report(now, site, probeOutcomes, false, RoundReport.Decision.HEALTHY, null);
            case RECOVERED:
                outageRounds.clear();
                suppressionAlerted = false;
                noCandidateAlerted = false;
                return report(now, site, probeOutcomes, false, RoundReport.Decision.HEALTHY, null);
            case SUSPECT:
                if (n == 1) {
                    outageRounds.clear();
                }
                outageRounds.add(new TimelineEntry(now, n == 1 ? Kind.FIRST_FAILURE : Kind.ROUND_FAILED, site.name(),
                        "probe round failed (" + n + " of " + of + "): " + failures));
                event(RecoveryEvent.Type.ROUND_FAILED, "", site.name(), "", false, "probe round failed (" + n + " of " + of + "): " + failures);
                alert(Severity.WARNING, "probe round failed (" + n + " of " + of + "): " + site.name(),
                        failed + " of " + probes.size() + " probes failed: " + failures + ". The site is declared down after "
                                + of + " consecutive failed rounds.", fields("site", site.name(), "round", n + "/" + of));
                return report(now, site, probeOutcomes, true, RoundReport.Decision.SUSPECT, null);
            case DECLARED_DOWN:
                outageRounds.add(new TimelineEntry(now, n == 1 ? Kind.FIRST_FAILURE : Kind.ROUND_FAILED, site.name(),
                        "probe round failed (" + n + " of " + of + "): " + failures));
                event(RecoveryEvent.Type.SITE_DOWN, "", site.name(), "", false, "declared down after " + n + " consecutive failed rounds");
                return handleDown(now, site, probeOutcomes);
            case STILL_DOWN:
            default:
                return handleDown(now, site, probeOutcomes);
        }
    }

    private RoundReport handleDown(Instant now, Site site, List<RoundReport.ProbeOutcome> probes) throws InterruptedException {
        Instant until = cooldownUntil;
        if (until != null && now.isBefore(until)) {
            if (!suppressionAlerted) {
                suppressionAlerted = true;
                alert(Severity.CRITICAL, "automatic failover suppressed by cooldown: " + site.name() + " is down",
                        site.name() + " is down, but the last failover was less than " + Durations.format(chain.cooldown())
                                + " ago; no automatic failover until " + until
                                + ". An operator can fail over now with failover(FailoverOptions.requested(reason)).",
                        fields("site", site.name(), "cooldownUntil", until.toString()));
            }
            return report(now, site, probes, true, RoundReport.Decision.SUPPRESSED_BY_COOLDOWN, null);
        }
        Optional<LeaseGrant> grant = tryLease();
        if (grant.isEmpty()) {
            if (followJournal()) {
                return report(now, site, probes, true, RoundReport.Decision.FOLLOWED_JOURNAL, null);
            }
            return report(now, site, probes, true, RoundReport.Decision.LEASE_HELD_ELSEWHERE, null);
        }
        Optional<FailoverJournal> journal = readJournal();
        if (journal.isPresent() && journal.get().state() == FailoverJournal.State.IN_PROGRESS) {
            FailoverResult r = resume(journal.get(), grant.get());
            return report(now, site, probes, true, RoundReport.Decision.FAILOVER_RAN, r);
        }
        if (journal.isPresent() && adopt(journal.get())) {
            releaseQuietly(grant.get());
            return report(now, site, probes, true, RoundReport.Decision.FOLLOWED_JOURNAL, null);
        }
        if (remainingCandidates(Set.of()).isEmpty()) {
            releaseQuietly(grant.get());
            if (!noCandidateAlerted) {
                noCandidateAlerted = true;
                alert(Severity.CRITICAL, "no standby left: " + site.name() + " is down",
                        site.name() + " is down and no site of the chain " + chain.sites() + " can take over (sites already failed away from: "
                                + retired + "). Restore a site, rejoin it as a standby, or restore from backup.",
                        fields("site", site.name()));
            }
            return report(now, site, probes, true, RoundReport.Decision.NO_CANDIDATE, null);
        }
        Instant firstFailure = detector.firstFailureAt().orElse(now);
        FailoverRun run = FailoverRun.start(engine, active, retired, this::apply, FailoverResult.Kind.FAILOVER, firstFailure, now,
                FailoverOptions.automatic(), grant.get(), null);
        outageRounds.forEach(e -> run.add(e.time(), e.kind(), e.site(), e.detail()));
        run.add(now, Kind.DETECTED, site.name(), "declared down after " + detector.consecutiveFailures()
                + " consecutive failed rounds (policy: " + chain.detection().describe() + ")");
        FailoverResult r = execute(run);
        return report(now, site, probes, true, RoundReport.Decision.FAILOVER_RAN, r);
    }

    private RoundReport report(Instant now, Site site, List<RoundReport.ProbeOutcome> probes, boolean failed,
                               RoundReport.Decision decision, FailoverResult result) {
        return new RoundReport(now, site.name(), probes, failed, detector.consecutiveFailures(), decision,
                Optional.ofNullable(result));
    }

    /** Starts a fencing attempt for every unfenced old primary that has none in flight; never waits for one. */
    private void startFencingReturned() {
        for (Map.Entry<String, Future<String>> e : unfenced.entrySet()) {
            if (e.getValue() == null) {
                Site s = plan.site(e.getKey());
                e.setValue(executor.submit(() -> fenceIfBack(s)));
            }
        }
    }

    /** Fences an old primary that answers as a writable primary; throws while it is still down. */
    private static String fenceIfBack(Site site) throws Exception {
        DatabaseNode db = site.database().orElseThrow();
        NodeState state = db.state();
        if (state.role() == NodeRole.STANDBY) {
            return db.name() + " came back as a standby: it cannot take writes, nothing to fence";
        }
        if (state.fenced() && !db.acceptsWrites()) {
            return db.name() + " came back already fenced: it refuses writes";
        }
        db.fence();
        return db.name() + " came back as a " + state.role().name().toLowerCase(java.util.Locale.ROOT)
                + " after the failover and was fenced: it refuses writes";
    }

    /**
     * Collects the fencing attempts that end by {@code deadlineNanos} (the round's own probe deadline, so a hung old
     * primary never lengthens a round); an attempt still running is collected by a later round, a failed one is
     * retried next round.
     */
    private void collectFencingReturned(long deadlineNanos) throws InterruptedException {
        for (java.util.Iterator<Map.Entry<String, Future<String>>> it = unfenced.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Future<String>> e = it.next();
            Future<String> attempt = e.getValue();
            if (attempt == null) {
                continue;
            }
            String detail;
            try {
                detail = attempt.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException t) {
                continue;
            } catch (ExecutionException x) {
                if (x.getCause() instanceof Error err) {
                    throw err;
                }
                LOG.debug("plan {}: old primary {} still cannot be fenced: {}", plan.name(), e.getKey(), Attempts.describe(x.getCause()));
                e.setValue(null);
                continue;
            }
            it.remove();
            event(RecoveryEvent.Type.FENCED_ON_RETURN, "", e.getKey(), FailoverRun.FENCE, true, detail);
            alert(Severity.CRITICAL, "old primary back after the failover: " + e.getKey(), detail + ". " + active
                    + " stays the primary; rejoin " + e.getKey() + " as its standby (for PostgreSQL: pg_rewind) before any failback.",
                    fields("site", e.getKey(), "activeSite", active));
        }
    }

    /** The sites a run tried and failed to fence (no later successful fence on its timeline). */
    private static Set<String> leftUnfenced(FailoverResult result) {
        Set<String> out = new LinkedHashSet<>();
        for (TimelineEntry e : result.timeline().entries()) {
            if (e.kind() == Kind.FENCE_FAILED) {
                out.add(e.site());
            } else if (e.kind() == Kind.FENCED) {
                out.remove(e.site());
            }
        }
        return out;
    }

    /** Samples the primary's position and alerts on standbys whose lag exceeds the RPO (only streaming ones). */
    private void watchLag(Site primary) {
        Duration rpo = plan.objectives().rpo();
        if (primary.database().isEmpty()) {
            return;
        }
        try {
            NodeState state = primary.database().get().state();
            if (state.role() == NodeRole.PRIMARY && state.writePosition().isPresent()) {
                history.record(clock.instant(), state.writePosition().getAsLong());
            }
        } catch (Exception e) {
            return; // an unreachable primary is the probes' business; there is no lag to compute against
        }
        for (String name : chain.sites()) {
            Site s = plan.site(name);
            if (name.equals(active) || retired.contains(name) || s.database().isEmpty()
                    || !(s.sync().orElse(null) instanceof Sync.Streaming)) {
                continue;
            }
            DataLoss loss;
            try {
                NodeState st = s.database().get().state();
                lagReadFailures.remove(name);
                loss = history.lossFor(name, st.receivedPosition(), st.lastReplayedCommit());
            } catch (Exception e) {
                // One unanswered read is noise (a restart, a busy moment); a standby that stays silent for as many
                // rounds as it takes to declare a site down is reported, because its lag is then truly unknown.
                int streak = lagReadFailures.merge(name, 1, Integer::sum);
                if (streak < chain.detection().failuresToDeclareDown()) {
                    continue;
                }
                loss = DataLoss.unknown(name + " did not answer " + streak + " consecutive lag reads: " + Attempts.describe(e));
            }
            if (!loss.within(rpo)) {
                if (lagAlerted.add(name)) {
                    String detail = "replication lag of " + name + " is over the RPO of " + Durations.format(rpo) + ": " + loss.describe()
                            + ". A failover now would lose more than the plan allows (the RPO guard would refuse it).";
                    event(RecoveryEvent.Type.LAG_OVER_RPO, "", name, "", false, detail);
                    alert(Severity.CRITICAL, "replication lag over RPO: " + name, detail,
                            fields("site", name, "rpo", Durations.format(rpo)));
                }
            } else if (lagAlerted.remove(name)) {
                alert(Severity.INFO, "replication lag back within RPO: " + name, loss.describe(), fields("site", name));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ operator calls

    @Override
    public synchronized FailoverResult failover(FailoverOptions options) throws InterruptedException {
        java.util.Objects.requireNonNull(options, "options");
        Instant now = clock.instant();
        Optional<LeaseGrant> grant = tryLease();
        if (grant.isEmpty()) {
            return refused(FailoverResult.Kind.FAILOVER, active, now, "another instance holds the lease: " + leaseHolder());
        }
        Optional<FailoverJournal> journal = readJournal();
        if (journal.isPresent() && journal.get().state() == FailoverJournal.State.IN_PROGRESS) {
            return resume(journal.get(), grant.get());
        }
        journal.ifPresent(this::adopt);
        FailoverRun run = FailoverRun.start(engine, active, retired, this::apply, FailoverResult.Kind.FAILOVER, now, now, options,
                grant.get(), null);
        run.add(now, Kind.DETECTED, active, "failover requested by an operator: " + options.reason());
        return execute(run);
    }

    @Override
    public synchronized FailoverResult switchover(String targetSite) throws InterruptedException {
        Instant now = clock.instant();
        Site target;
        try {
            target = plan.site(targetSite);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchover target: " + e.getMessage(), e);
        }
        if (targetSite.equals(active)) {
            throw new IllegalArgumentException("switchover target '" + targetSite + "' is already the active site; name a standby of the chain "
                    + chain.sites());
        }
        if (!chain.sites().contains(targetSite)) {
            throw new IllegalArgumentException("switchover target '" + targetSite + "' is not in the failover chain " + chain.sites());
        }
        Engine.Health from = engine.health(plan.site(active));
        Engine.Health to = engine.health(target);
        if (!from.healthy() || !to.healthy()) {
            return refused(FailoverResult.Kind.SWITCHOVER, active, now, "a planned switchover needs both sites healthy: "
                    + active + " " + from.detail() + ", " + targetSite + " " + to.detail());
        }
        Optional<LeaseGrant> grant = tryLease();
        if (grant.isEmpty()) {
            return refused(FailoverResult.Kind.SWITCHOVER, active, now, "another instance holds the lease: " + leaseHolder());
        }
        FailoverRun run = FailoverRun.start(engine, active, retired, this::apply, FailoverResult.Kind.SWITCHOVER, now, now,
                FailoverOptions.requested("planned switchover to " + targetSite), grant.get(), targetSite);
        run.add(now, Kind.DETECTED, active, "planned switchover to " + targetSite + " requested");
        return execute(run);
    }

    private FailoverResult refused(FailoverResult.Kind kind, String site, Instant now, String reason) {
        return new FailoverResult("none", plan.name(), kind, FailoverResult.Status.ABORTED, site, active, now, now, now,
                new RecoveryTimeline(List.of(new TimelineEntry(now, Kind.FAILED, site, reason))),
                DataLoss.unknown("nothing was promoted"), plan.objectives(), Optional.empty(), Optional.empty(), false,
                false, reason);
    }

    // ------------------------------------------------------------------------------------------------ the failover

    private FailoverResult resume(FailoverJournal journal, LeaseGrant grant) throws InterruptedException {
        active = journal.failedSite();
        return execute(FailoverRun.resume(engine, retired, this::apply, journal, grant));
    }

    /** Runs a failover and applies its result; an Error (the process dying) leaves the lease to lapse. */
    private FailoverResult execute(FailoverRun run) throws InterruptedException {
        currentRun = run;
        FailoverResult result;
        try {
            result = run.execute();
        } finally {
            currentRun = null;
        }
        releaseQuietly(run.grant());
        report(result.incidentReport());
        return result;
    }

    /** Takes the outcome of a run as the controller's state; called by the run before it announces the outcome. */
    private void apply(FailoverResult result) {
        Instant now = clock.instant();
        if (!result.activeSite().equals(active)) {
            // Production moved (validated or not): watch the site that now serves it, never fail back on our own.
            retired.add(result.failedSite());
            retired.remove(result.activeSite());
            active = result.activeSite();
            detector.reset();
            history.clear();
            lagAlerted.clear();
            lagReadFailures.clear();
            outageRounds.clear();
            noCandidateAlerted = false;
            for (String site : leftUnfenced(result)) {
                if (plan.site(site).database().isPresent()) {
                    unfenced.putIfAbsent(site, null);
                }
            }
        }
        Future<String> stale = unfenced.remove(active);
        if (stale != null) {
            stale.cancel(true);
        }
        if (result.succeeded()) {
            suppressionAlerted = false;
            cooldownUntil = now.plus(chain.cooldown());
            watchUntil = now.plus(postFailoverPeriod);
        } else if (result.kind() == FailoverResult.Kind.FAILOVER) {
            // A failed automatic failover also starts the cooldown, so a chain that cannot take over is not retried every round.
            cooldownUntil = now.plus(chain.cooldown());
            suppressionAlerted = true;
        }
    }

    private void report(IncidentReport incident) {
        INCIDENTS.info("incident report of run {}:\n{}", incident.result().runId(), incident.toJson());
        for (Consumer<IncidentReport> c : incidentConsumers) {
            try {
                c.accept(incident);
            } catch (RuntimeException e) {
                LOG.warn("plan {}: incident report consumer failed (ignored): {}", plan.name(), e.toString());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ candidates

    private List<String> remainingCandidates(Set<String> excluded) {
        return chain.sites().stream().filter(s -> !s.equals(active) && !retired.contains(s) && !excluded.contains(s)).toList();
    }

    // ------------------------------------------------------------------------------------------------ lease and journal

    private Optional<LeaseGrant> tryLease() throws InterruptedException {
        try {
            // The lease's own budget, not the probe timeout: a fast probing policy must not make a cloud lease unreachable.
            return leaseCalls.call("acquire lease " + lease.name(), leaseTtl.dividedBy(3), 1,
                    () -> lease.tryAcquire(instanceId, leaseTtl));
        } catch (StepFailedException e) {
            LOG.warn("plan {}: could not reach the lease, not acting: {}", plan.name(), e.getMessage());
            return Optional.empty();
        }
    }

    private String leaseHolder() {
        try {
            return lease.current().map(g -> g.holder() + " (token " + g.token() + ", until " + g.expiresAt() + ")").orElse("nobody");
        } catch (Exception e) {
            return "unknown (" + Attempts.describe(e) + ")";
        }
    }

    private Optional<FailoverJournal> readJournal() {
        try {
            return FailoverJournal.read(lease, plan.name());
        } catch (Exception e) {
            LOG.warn("plan {}: cannot read the failover journal: {}", plan.name(), Attempts.describe(e));
            return Optional.empty();
        }
    }

    /** As an observer: adopt a failover that another instance completed. */
    private boolean followJournal() {
        return readJournal().map(this::adopt).orElse(false);
    }

    /** Adopts a completed failover of the site this instance watches; returns whether it did. */
    private boolean adopt(FailoverJournal j) {
        if (j.state() == FailoverJournal.State.IN_PROGRESS || j.activeSite().equals(active)) {
            return false;
        }
        LOG.info("plan {}: {} moved production from {} to {} (run {}); this instance follows", plan.name(), j.holder(),
                j.failedSite(), j.activeSite(), j.runId());
        retired.add(j.failedSite());
        retired.add(active);
        retired.remove(j.activeSite());
        active = j.activeSite();
        detector.reset();
        history.clear();
        lagAlerted.clear();
        lagReadFailures.clear();
        outageRounds.clear();
        suppressionAlerted = false;
        noCandidateAlerted = false;
        cooldownUntil = j.updatedAt().plus(chain.cooldown());
        watchUntil = j.updatedAt().plus(postFailoverPeriod);
        // The instance that failed over may be gone: if its journal does not record the old primary as fenced, this
        // instance fences it when it answers again, so a restarted controller keeps the split-brain guard.
        if (!j.isDone(FailoverRun.FENCE, j.failedSite()) && plan.site(j.failedSite()).database().isPresent()) {
            unfenced.putIfAbsent(j.failedSite(), null);
        }
        return true;
    }

    /**
     * Reads the journal every few rounds, so an instance that did not run a failover still learns where production
     * went, and watches the new primary, even when the old one looks healthy again.
     */
    private void syncFromJournal(Instant now) {
        if (nextJournalSync != null && now.isBefore(nextJournalSync)) {
            return;
        }
        nextJournalSync = now.plus(chain.detection().interval().multipliedBy(JOURNAL_SYNC_ROUNDS));
        readJournal().ifPresent(this::adopt);
    }

    private void heartbeat() {
        FailoverRun run = currentRun;
        if (run != null) {
            run.heartbeat();
        }
    }

    private void releaseQuietly(LeaseGrant grant) {
        try {
            lease.release(grant);
        } catch (Exception e) {
            LOG.warn("plan {}: could not release the lease (it lapses after its TTL): {}", plan.name(), Attempts.describe(e));
        }
    }

    // ------------------------------------------------------------------------------------------------ dry run

    @Override
    public synchronized DryRun dryRun() {
        List<String> candidates = remainingCandidates(Set.of());
        List<DryRun.PlannedStep> steps = new ArrayList<>();
        if (candidates.isEmpty()) {
            return new DryRun(plan.name(), active, candidates, steps);
        }
        Site old = plan.site(active);
        Site c = plan.site(candidates.get(0));
        int i = 1;
        if (c.activation() == com.trackingbms.dr.Activation.MANUAL) {
            steps.add(new DryRun.PlannedStep(i++, FailoverRun.APPROVE, c.name(), "approval callback", false,
                    "manual site: activated only with an operator's approval"));
        }
        for (FailoverStep s : chain.steps()) {
            String label = s.kind().label();
            switch (s.kind()) {
                case FENCE_OLD_PRIMARY -> steps.add(new DryRun.PlannedStep(i++, label, old.name(),
                        old.database().map(DatabaseNode::name).orElse("(no database node)"), true,
                        "if it cannot be fenced, traffic is moved away before anything is promoted"));
                case GUARD_RPO -> steps.add(new DryRun.PlannedStep(i++, label, c.name(),
                        c.database().map(DatabaseNode::name).orElse("(no database node)"), false,
                        "refuses a loss over " + Durations.format(plan.objectives().rpo()) + " or an unknown position unless forced"));
                case PROMOTE_DATABASE -> steps.add(new DryRun.PlannedStep(i++, label, c.name(),
                        c.database().map(DatabaseNode::name).orElse("(no database node)"), true, ""));
                case FAILOVER_CACHE -> steps.add(new DryRun.PlannedStep(i++, label, c.name(),
                        c.cache().map(com.trackingbms.dr.spi.CacheNode::name).orElse("(no cache node)"), true, ""));
                case REROUTE -> {
                    for (TrafficRouter r : s.routers()) {
                        steps.add(new DryRun.PlannedStep(i++, label, c.name(), r.name() + " -> "
                                + c.traffic().map(com.trackingbms.dr.spi.TrafficTarget::address).orElse("(no traffic target)"), true, ""));
                    }
                }
                case VALIDATE -> steps.add(new DryRun.PlannedStep(i++, label, c.name(), plan.validator().checkCount() + " checks",
                        false, String.format(java.util.Locale.ROOT, "needs %.1f %% to pass; otherwise cascades to the next site", plan.validator().threshold())));
                default -> throw new IllegalStateException("unknown step " + s.kind());
            }
        }
        return new DryRun(plan.name(), active, candidates, steps);
    }

    // ------------------------------------------------------------------------------------------------ scheduling

    @Override
    public Running start(ScheduledExecutorService scheduler) {
        java.util.Objects.requireNonNull(scheduler, "scheduler");
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable tick = new Runnable() {
            @Override
            public void run() {
                if (stopped.get() || closed) {
                    return;
                }
                long t0 = System.nanoTime();
                try {
                    runRound();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.error("plan {}: probe round failed unexpectedly; rounds continue", plan.name(), e);
                }
                if (!stopped.get() && !closed) {
                    // Rounds start on a fixed rate: the time a round took comes off the wait, never on top of it.
                    long delay = Math.max(0, nextRoundDelay().toNanos() - (System.nanoTime() - t0));
                    try {
                        scheduler.schedule(this, delay, TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        LOG.info("plan {}: scheduler shut down, controller stops probing", plan.name());
                    }
                }
            }
        };
        scheduler.execute(tick);
        return () -> stopped.set(true);
    }

    @Override
    public void close() {
        closed = true;
        if (ownExecutor) {
            executor.shutdownNow();
        }
        if (ownAlertExecutor != null) {
            ownAlertExecutor.shutdown();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Waits for the lag reading until the round's own deadline, so a hung primary costs one timeout per round, not two. */
    private void awaitQuietly(Future<?> f, long deadlineNanos) throws InterruptedException {
        if (f == null) {
            return;
        }
        try {
            f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
        } catch (ExecutionException e) {
            LOG.debug("plan {}: lag watch failed: {}", plan.name(), Attempts.describe(e.getCause()));
        }
    }

    private void alertFailed(AlertSink sink, Throwable e) {
        String detail = "alert sink " + sink.name() + " failed (tolerated, the failover carries on): " + Attempts.describe(e);
        FailoverRun run = currentRun;
        if (run != null) {
            run.add(clock.instant(), Kind.ALERT_FAILED, "", detail);
        }
        event(RecoveryEvent.Type.ALERT_FAILED, "", "", "", false, detail);
    }

    private <T> List<Engine.Outcome<T>> callAll(List<Callable<T>> calls, Duration timeout) throws InterruptedException {
        return engine.callAll(calls, timeout);
    }

    private static Map<String, String> fields(String... kv) {
        return Engine.fields(kv);
    }

    private void alert(Severity severity, String title, String detail, Map<String, String> fields) {
        engine.alert(severity, title, detail, fields);
    }

    private void event(RecoveryEvent.Type type, String runId, String site, String step, boolean destructive, String detail) {
        engine.event(type, runId, site, step, destructive, detail);
    }
}

package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.Sync;
import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.coordination.FailoverJournal;
import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.coordination.LeaseGrant;
import com.trackingbms.dr.failover.ApprovalCallback;
import com.trackingbms.dr.failover.ApprovalRequest;
import com.trackingbms.dr.failover.DataLoss;
import com.trackingbms.dr.failover.DryRun;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverController;
import com.trackingbms.dr.failover.FailoverOptions;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.failover.RecoveryEvent;
import com.trackingbms.dr.failover.RecoveryListener;
import com.trackingbms.dr.failover.RecoveryTask;
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
import com.trackingbms.dr.validation.ValidationReport;
import com.trackingbms.dr.validation.ValidationRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
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

    static final String FENCE = FailoverStep.Kind.FENCE_OLD_PRIMARY.label();
    static final String GUARD = FailoverStep.Kind.GUARD_RPO.label();
    static final String PROMOTE = FailoverStep.Kind.PROMOTE_DATABASE.label();
    static final String CACHE = FailoverStep.Kind.FAILOVER_CACHE.label();
    static final String REROUTE = FailoverStep.Kind.REROUTE.label();
    static final String VALIDATE = FailoverStep.Kind.VALIDATE.label();
    static final String APPROVE = "approve-activation";
    static final String ROUTE_AWAY = "route-away";
    static final String UNFENCE = "unfence";

    private final DisasterRecoveryPlan plan;
    private final FailoverChain chain;
    private final Clock clock;
    private final Lease lease;
    private final String instanceId;
    private final Duration leaseTtl;
    private final ApprovalCallback approvals;
    private final Duration approvalTimeout;
    private final List<RecoveryListener> listeners;
    private final ExecutorService executor;
    private final boolean ownExecutor;
    private final ExecutorService ownAlertExecutor;
    private final Attempts attempts;
    private final Attempts leaseCalls;
    private final AlertDispatcher alerts;
    private final ValidationRunner validationRunner;
    private final FailureDetector detector;
    private final PositionHistory history = new PositionHistory(Duration.ofHours(1), 20_000);
    private final Duration postFailoverPeriod;
    private final Duration postFailoverInterval;
    private final Duration catchUpTimeout;
    private final boolean watchLag;
    private final Duration probeTimeout;

    private final Set<String> retired = new LinkedHashSet<>();
    private final Set<String> lagAlerted = Collections.synchronizedSet(new HashSet<>());
    private final List<TimelineEntry> outageRounds = new ArrayList<>();
    private volatile String active;
    private volatile Instant cooldownUntil;
    private volatile Instant watchUntil;
    private boolean suppressionAlerted;
    private boolean noCandidateAlerted;
    private volatile Run currentRun;

    DefaultFailoverController(ControllerBuilder b) {
        this.plan = b.plan;
        this.chain = b.chain;
        this.clock = b.clock;
        this.lease = b.lease;
        this.instanceId = b.instanceId;
        this.leaseTtl = b.leaseTtl;
        this.approvals = b.approvals;
        this.approvalTimeout = b.approvalTimeout;
        this.listeners = List.copyOf(b.listeners);
        this.ownExecutor = b.executor == null;
        this.executor = ownExecutor ? Executors.newCachedThreadPool(daemon("dr-failover-" + plan.name())) : b.executor;
        Executor alertExecutor = b.alertExecutor;
        if (alertExecutor == null) {
            ownAlertExecutor = Executors.newSingleThreadExecutor(daemon("dr-alerts-" + plan.name()));
            alertExecutor = ownAlertExecutor;
        } else {
            ownAlertExecutor = null;
        }
        this.attempts = new Attempts(executor, b.sleeper, b.retryBackoff, b.leaseTtl.dividedBy(3), this::heartbeat);
        this.leaseCalls = attempts.withoutHeartbeat();
        this.alerts = new AlertDispatcher(plan.alerts(), alertExecutor, this::alertFailed);
        this.validationRunner = ValidationRunner.create(executor, clock);
        this.detector = new FailureDetector(chain.detection());
        this.postFailoverPeriod = b.postFailoverPeriod;
        this.postFailoverInterval = b.postFailoverInterval;
        this.catchUpTimeout = b.catchUpTimeout;
        this.watchLag = b.watchLag;
        this.probeTimeout = chain.detection().probeTimeout();
        this.active = chain.primary();
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
        List<Outcome<ProbeResult>> outcomes = callAll(calls, probeTimeout);
        List<RoundReport.ProbeOutcome> probeOutcomes = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < probes.size(); i++) {
            Outcome<ProbeResult> o = outcomes.get(i);
            boolean healthy = o.ok() && o.value() != null && o.value().healthy();
            String detail = o.ok() ? (o.value() == null ? "probe returned no result" : o.value().detail()) : o.describe(probeTimeout);
            if (!healthy) {
                failed++;
            }
            probeOutcomes.add(new RoundReport.ProbeOutcome(probes.get(i).name(), healthy, detail));
        }
        awaitQuietly(lag);
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
        Run run = new Run(newRunId(), FailoverResult.Kind.FAILOVER, site.name(), firstFailure, now,
                FailoverOptions.automatic(), false, grant.get(), null);
        run.timeline.addAll(outageRounds);
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
                loss = history.lossFor(name, st.receivedPosition(), st.lastReplayedCommit());
            } catch (Exception e) {
                loss = DataLoss.unknown(name + " did not answer: " + Attempts.describe(e));
            }
            if (!loss.within(rpo)) {
                if (lagAlerted.add(name)) {
                    String detail = "replication lag of " + name + " is over the RPO of " + Durations.format(rpo) + ": " + loss.describe()
                            + ". A failover now would lose more than the plan allows (the RPO guard would refuse it).";
                    event(RecoveryEvent.Type.LAG_OVER_RPO, "", name, "", false, detail);
                    alert(Severity.WARNING, "replication lag over RPO: " + name, detail,
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
        Run run = new Run(newRunId(), FailoverResult.Kind.FAILOVER, active, now, now, options, false, grant.get(), null);
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
        Health from = health(plan.site(active));
        Health to = health(target);
        if (!from.healthy() || !to.healthy()) {
            return refused(FailoverResult.Kind.SWITCHOVER, active, now, "a planned switchover needs both sites healthy: "
                    + active + " " + from.detail() + ", " + targetSite + " " + to.detail());
        }
        Optional<LeaseGrant> grant = tryLease();
        if (grant.isEmpty()) {
            return refused(FailoverResult.Kind.SWITCHOVER, active, now, "another instance holds the lease: " + leaseHolder());
        }
        Run run = new Run(newRunId(), FailoverResult.Kind.SWITCHOVER, active, now, now,
                FailoverOptions.requested("planned switchover to " + targetSite), false, grant.get(), targetSite);
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

    /** A failover or switchover in progress. */
    private final class Run {
        final String runId;
        final FailoverResult.Kind kind;
        final String failedSite;
        final Instant outageStart;
        final Instant detectedAt;
        final FailoverOptions options;
        final boolean resumed;
        final String switchoverTarget;
        final List<TimelineEntry> timeline = Collections.synchronizedList(new ArrayList<>());
        LeaseGrant grant;
        FailoverJournal journal;
        DataLoss dataLoss = DataLoss.unknown("nothing was promoted");
        ValidationReport validation;
        boolean routedAway;

        Run(String runId, FailoverResult.Kind kind, String failedSite, Instant outageStart, Instant detectedAt,
            FailoverOptions options, boolean resumed, LeaseGrant grant, String switchoverTarget) {
            this.runId = runId;
            this.kind = kind;
            this.failedSite = failedSite;
            this.outageStart = outageStart;
            this.detectedAt = detectedAt;
            this.options = options;
            this.resumed = resumed;
            this.grant = grant;
            this.switchoverTarget = switchoverTarget;
        }

        void add(Kind k, String site, String detail) {
            add(clock.instant(), k, site, detail);
        }

        void add(Instant time, Kind k, String site, String detail) {
            timeline.add(new TimelineEntry(time, k, site, detail));
        }

        boolean done(String step, String site) {
            return journal.isDone(step, site);
        }
    }

    /** Thrown inside a run when it must stop without trying further candidates. */
    private static final class AbortRun extends Exception {
        private static final long serialVersionUID = 1L;

        AbortRun(String message) {
            super(message);
        }
    }

    /** Thrown inside a run when the current candidate is passed over. */
    private static final class Reject extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean promoted;

        Reject(String message, boolean promoted) {
            super(message);
            this.promoted = promoted;
        }
    }

    private FailoverResult resume(FailoverJournal journal, LeaseGrant grant) throws InterruptedException {
        Run run = new Run(journal.runId(), FailoverResult.Kind.valueOf(journal.kind().toUpperCase(java.util.Locale.ROOT)),
                journal.failedSite(), journal.outageStartedAt(), journal.detectedAt(),
                journal.forced() ? FailoverOptions.forced("resumed forced failover") : FailoverOptions.automatic(), true,
                grant, journal.kind().equals("switchover") ? journal.candidate() : null);
        run.journal = journal;
        active = journal.failedSite();
        run.add(journal.outageStartedAt(), Kind.FIRST_FAILURE, journal.failedSite(), "outage started (from the journal of run " + journal.runId() + ")");
        run.add(journal.detectedAt(), Kind.DETECTED, journal.failedSite(), "declared down by " + journal.holder() + " (from the journal)");
        return execute(run);
    }

    private FailoverResult execute(Run run) throws InterruptedException {
        currentRun = run;
        boolean killed = true;
        try {
            FailoverResult result = executeSteps(run);
            killed = false;
            return result;
        } finally {
            currentRun = null;
            if (!killed) {
                releaseQuietly(run.grant);
            }
        }
    }

    private FailoverResult executeSteps(Run run) throws InterruptedException {
        Instant now = clock.instant();
        run.add(now, Kind.LEASE_ACQUIRED, "", "lease '" + lease.name() + "' held by " + instanceId + " (fencing token "
                + run.grant.token() + ")");
        String verb = run.kind == FailoverResult.Kind.SWITCHOVER ? "switchover" : "failover";
        try {
            if (run.journal == null) {
                run.journal = new FailoverJournal(run.runId, plan.name(), verb, instanceId, run.grant.token(),
                        run.failedSite, run.switchoverTarget == null ? "" : run.switchoverTarget, run.failedSite,
                        List.of(), FailoverJournal.State.IN_PROGRESS, run.options.forceDataLoss(), run.outageStart,
                        run.detectedAt, now, List.of());
                writeJournal(run, run.journal);
            } else {
                run.add(Kind.RESUMED, run.journal.candidate(), "run " + run.runId + " was left unfinished by "
                        + run.journal.holder() + " (token " + run.journal.token() + "); finishing it from the journal, done steps are not repeated");
            }
            List<String> order = run.switchoverTarget != null ? List.of(run.switchoverTarget) : remainingCandidates(Set.copyOf(run.journal.excludedSites()));
            event(RecoveryEvent.Type.FAILOVER_STARTED, run.runId, run.failedSite, "", false,
                    verb + " of " + run.failedSite + (run.resumed ? " resumed" : " started") + "; candidates " + order);
            alert(Severity.CRITICAL, verb + (run.resumed ? " resumed: " : " started: ") + run.failedSite
                            + (run.kind == FailoverResult.Kind.SWITCHOVER ? " -> " + run.switchoverTarget : " is down"),
                    (run.kind == FailoverResult.Kind.SWITCHOVER ? "planned switchover requested" : "declared down at " + run.detectedAt
                            + ", first failed probe at " + run.outageStart) + "; candidates in order: " + order
                            + "; reason: " + run.options.reason(),
                    fields("run", run.runId, "site", run.failedSite));
            Set<String> excluded = new LinkedHashSet<>(run.journal.excludedSites());
            while (true) {
                Optional<String> next = run.switchoverTarget != null
                        ? (excluded.contains(run.switchoverTarget) ? Optional.empty() : Optional.of(run.switchoverTarget))
                        : chooseCandidate(run, excluded);
                if (next.isEmpty()) {
                    return fail(run, "no site of the chain could be made primary (passed over: " + excluded + ")");
                }
                String candidate = next.get();
                try {
                    tryCandidate(run, plan.site(candidate));
                    return complete(run, candidate);
                } catch (Reject r) {
                    excluded.add(candidate);
                    run.journal = run.journal.withCandidate("", candidate, clock.instant());
                    writeJournal(run, run.journal);
                    run.add(Kind.CANDIDATE_REJECTED, candidate, r.getMessage());
                    if (run.kind == FailoverResult.Kind.SWITCHOVER) {
                        return fail(run, "switchover to " + candidate + " failed: " + r.getMessage());
                    }
                    List<String> rest = remainingCandidates(excluded);
                    if (!rest.isEmpty()) {
                        String detail = candidate + " passed over (" + r.getMessage() + "); trying " + rest.get(0);
                        run.add(Kind.CASCADE, rest.get(0), detail);
                        event(RecoveryEvent.Type.CASCADE, run.runId, candidate, "", false, detail);
                        alert(Severity.CRITICAL, "failover cascades: " + candidate + " -> " + rest.get(0), detail,
                                fields("run", run.runId, "site", candidate, "next", rest.get(0)));
                    }
                }
            }
        } catch (AbortRun e) {
            return abort(run, e.getMessage());
        }
    }

    /** Runs the chain's steps for one candidate; throws {@link Reject} to pass it over. */
    private void tryCandidate(Run run, Site c) throws Reject, AbortRun, InterruptedException {
        boolean switchover = run.kind == FailoverResult.Kind.SWITCHOVER;
        run.journal = run.journal.withCandidate(c.name(), null, clock.instant());
        writeJournal(run, run.journal);
        if (!switchover && c.activation() == com.trackingbms.dr.Activation.MANUAL && !run.done(APPROVE, c.name())) {
            DataLoss estimate = estimateLoss(c);
            ApprovalRequest request = new ApprovalRequest(run.runId, plan.name(), run.failedSite, c.name(), estimate);
            try {
                step(run, APPROVE, c.name(), false, approvalTimeout, 1, Kind.APPROVED, () -> {
                    if (!approvals.approve(request)) {
                        throw new IllegalStateException("not approved");
                    }
                    return "activation of manual site " + c.name() + " approved (estimated loss " + estimate.describe() + ")";
                });
            } catch (StepFailedException e) {
                String detail = c.name() + " is a manual site and its activation was not approved (" + e.getMessage()
                        + "); estimated loss if activated: " + estimate.describe();
                run.add(Kind.APPROVAL_DENIED, c.name(), detail);
                alert(Severity.CRITICAL, "manual escalation required: activate " + c.name() + "?",
                        run.failedSite + " is down and the failover needs an operator to approve activating the manual site "
                                + c.name() + ". " + detail + ". Approve through the controller's approval callback, or fail over by hand.",
                        fields("run", run.runId, "site", c.name(), "failedSite", run.failedSite));
                throw new Reject("activation not approved", false);
            }
        }
        if (!switchover && hasStep(FailoverStep.Kind.GUARD_RPO) && !run.done(GUARD, c.name()) && !run.options.forceDataLoss()) {
            // Checked before fencing too, so a candidate that would be refused anyway costs the old primary nothing.
            DataLoss early = estimateLoss(c);
            if (!early.within(plan.objectives().rpo())) {
                refuseRpo(run, c, early);
            }
        }
        for (FailoverStep step : chain.steps()) {
            switch (step.kind()) {
                case FENCE_OLD_PRIMARY -> fence(run, c, step);
                case GUARD_RPO -> guard(run, c, step);
                case PROMOTE_DATABASE -> promote(run, c, step);
                case FAILOVER_CACHE -> stepOrReject(run, step, CACHE, c.name(), true, Kind.CACHE_FAILED_OVER, () -> {
                    c.cache().orElseThrow().promote(step.timeout());
                    return c.cache().get().name() + " is the cache master";
                }, true);
                case REROUTE -> stepOrReject(run, step, REROUTE, c.name(), true, Kind.REROUTED,
                        () -> routeAll(step.routers(), c), true);
                case VALIDATE -> validate(run, c, step);
                default -> throw new IllegalStateException("unknown step " + step.kind());
            }
        }
        if (!hasStep(FailoverStep.Kind.GUARD_RPO) && !run.dataLoss.known() && !run.done(PROMOTE, c.name())) {
            run.dataLoss = estimateLoss(c);
        }
    }

    private void fence(Run run, Site candidate, FailoverStep step) throws Reject, AbortRun, InterruptedException {
        List<String> targets = new ArrayList<>();
        targets.add(run.failedSite);
        // A candidate promoted earlier in this run and then passed over is a primary too: fence it before the next.
        for (String s : run.journal.excludedSites()) {
            if (run.done(PROMOTE, s)) {
                targets.add(s);
            }
        }
        boolean switchover = run.kind == FailoverResult.Kind.SWITCHOVER;
        for (String name : targets) {
            Site t = plan.site(name);
            if (run.done(FENCE, name) || run.done(ROUTE_AWAY, name)) {
                run.add(Kind.SKIPPED, name, "fence of " + name + " already done (journal)");
                continue;
            }
            if (t.database().isEmpty()) {
                run.add(Kind.FENCED, name, name + " has no database node to fence; traffic is moved by the reroute step");
                continue;
            }
            DatabaseNode db = t.database().get();
            try {
                step(run, FENCE, name, true, step.timeout(), step.attempts(), Kind.FENCED, () -> {
                    db.fence();
                    return db.name() + " fenced: refuses writes";
                });
            } catch (StepFailedException e) {
                run.add(Kind.FENCE_FAILED, name, e.getMessage());
                if (switchover) {
                    throw new AbortRun("switchover stopped: could not fence " + name + " (" + e.getMessage() + "); nothing was changed");
                }
                List<TrafficRouter> routers = routers();
                if (routers.isEmpty()) {
                    throw new AbortRun("cannot fence " + name + " (" + e.getMessage() + ") and the chain has no router to move traffic away"
                            + " from it: refusing to promote anything, a returning " + name + " would split the brain");
                }
                try {
                    step(run, ROUTE_AWAY, name, true, step.timeout(), step.attempts(), Kind.ROUTED_AWAY, () -> {
                        String routed = routeAll(routers, candidate);
                        return name + " could not be fenced, so traffic was moved away from it before promoting anything ("
                                + routed + "); " + name + " may still accept writes from clients that bypass the routers";
                    });
                    run.routedAway = true;
                } catch (StepFailedException re) {
                    throw new AbortRun("cannot fence " + name + " (" + e.getMessage() + ") nor move traffic away from it ("
                            + re.getMessage() + "): refusing to promote anything");
                }
            }
        }
        if (switchover) {
            awaitCatchUp(run, candidate);
        }
    }

    private void awaitCatchUp(Run run, Site target) throws AbortRun, InterruptedException {
        if (run.done(GUARD, target.name())) {
            return;
        }
        Site old = plan.site(run.failedSite);
        if (old.database().isEmpty() || target.database().isEmpty()) {
            run.dataLoss = DataLoss.none("no database to catch up");
            return;
        }
        Instant deadline = clock.instant().plus(catchUpTimeout);
        long pollNanos = Duration.ofMillis(20).toNanos();
        long realDeadline = System.nanoTime() + catchUpTimeout.toNanos();
        String last = "";
        while (true) {
            try {
                NodeState primary = attempts.call("state of " + old.name(), probeTimeout, 1, () -> old.database().get().state());
                NodeState standby = attempts.call("state of " + target.name(), probeTimeout, 1, () -> target.database().get().state());
                OptionalLong p = primary.writePosition();
                OptionalLong r = standby.receivedPosition();
                if (p.isPresent() && r.isPresent() && r.getAsLong() >= p.getAsLong()) {
                    run.dataLoss = DataLoss.none(target.name() + " received " + r.getAsLong() + ", everything the fenced "
                            + old.name() + " wrote (" + p.getAsLong() + ")");
                    run.add(Kind.CAUGHT_UP, target.name(), run.dataLoss.basis());
                    return;
                }
                last = "primary at " + (p.isPresent() ? p.getAsLong() : "unknown") + ", standby at "
                        + (r.isPresent() ? r.getAsLong() : "unknown");
            } catch (StepFailedException e) {
                last = e.getMessage();
            }
            if (!clock.instant().isBefore(deadline) || System.nanoTime() - realDeadline > 0) {
                unfence(run, old);
                throw new AbortRun("switchover stopped: " + target.name() + " did not catch up with the fenced " + old.name()
                        + " within " + Durations.format(catchUpTimeout) + " (" + last + "); " + old.name()
                        + " was unfenced and nothing else changed");
            }
            TimeUnit.NANOSECONDS.sleep(pollNanos);
        }
    }

    private void guard(Run run, Site c, FailoverStep step) throws Reject, AbortRun, InterruptedException {
        if (run.kind == FailoverResult.Kind.SWITCHOVER) {
            run.add(Kind.RPO_GUARD_PASSED, c.name(), "switchover: " + run.dataLoss.describe());
            return;
        }
        if (run.done(GUARD, c.name())) {
            String detail = run.journal.latest(GUARD, c.name()).map(FailoverJournal.Entry::detail).orElse("");
            run.dataLoss = DataLoss.unknown("estimated by an earlier lease holder: " + detail);
            run.add(Kind.SKIPPED, c.name(), "RPO guard already passed (journal): " + detail);
            return;
        }
        DataLoss loss = estimateLoss(c);
        run.dataLoss = loss;
        Duration rpo = plan.objectives().rpo();
        if (!loss.within(rpo) && !run.options.forceDataLoss()) {
            refuseRpo(run, c, loss);
        }
        boolean forced = !loss.within(rpo);
        try {
            step(run, GUARD, c.name(), false, step.timeout(), 1, Kind.RPO_GUARD_PASSED,
                    () -> (forced ? "forced by the operator (" + run.options.reason() + "): " : "within the RPO of " + Durations.format(rpo) + ": ")
                            + loss.describe());
        } catch (StepFailedException e) {
            throw new Reject(e.getMessage(), false);
        }
    }

    private void refuseRpo(Run run, Site c, DataLoss loss) throws Reject {
        Duration rpo = plan.objectives().rpo();
        String why = loss.known() ? "would lose " + loss.describe() + ", over the RPO of " + Durations.format(rpo)
                : "its data loss is " + loss.describe() + "; an unknown position is never taken as zero lag";
        run.add(Kind.RPO_GUARD_REFUSED, c.name(), why);
        alert(Severity.CRITICAL, "RPO guard refused " + c.name(),
                "promoting " + c.name() + " " + why + ". Force it with failover(FailoverOptions.forced(reason)) if losing that data is acceptable.",
                fields("run", run.runId, "site", c.name(), "rpo", Durations.format(rpo)));
        throw new Reject("RPO guard: " + why, false);
    }

    private void promote(Run run, Site c, FailoverStep step) throws Reject, AbortRun, InterruptedException {
        DatabaseNode db = c.database().orElseThrow();
        stepOrReject(run, step, PROMOTE, c.name(), true, Kind.PROMOTED, () -> {
            db.promote(step.timeout());
            return db.name() + " promoted: accepts writes";
        }, false);
    }

    private void validate(Run run, Site c, FailoverStep step) throws Reject, AbortRun, InterruptedException {
        if (run.done(VALIDATE, c.name())) {
            run.add(Kind.SKIPPED, c.name(), "validation already passed (journal)");
            return;
        }
        ValidationReport report;
        journal(run, VALIDATE, c.name(), FailoverJournal.Status.STARTED, "");
        event(RecoveryEvent.Type.STEP_STARTED, run.runId, c.name(), VALIDATE, false, "validate " + c.name());
        try {
            report = attempts.call("validation of " + c.name(), step.timeout(), step.attempts(),
                    () -> validationRunner.run(plan.validator(), c));
        } catch (StepFailedException e) {
            journal(run, VALIDATE, c.name(), FailoverJournal.Status.FAILED, e.getMessage());
            event(RecoveryEvent.Type.STEP_FAILED, run.runId, c.name(), VALIDATE, false, e.getMessage());
            run.add(Kind.VALIDATION_FAILED, c.name(), e.getMessage());
            throw new Reject("validation did not finish: " + e.getMessage(), true);
        }
        run.validation = report;
        journal(run, VALIDATE, c.name(), report.passed() ? FailoverJournal.Status.DONE : FailoverJournal.Status.FAILED, report.summary());
        event(report.passed() ? RecoveryEvent.Type.STEP_COMPLETED : RecoveryEvent.Type.STEP_FAILED, run.runId, c.name(),
                VALIDATE, false, report.summary());
        if (!report.passed()) {
            run.add(Kind.VALIDATION_FAILED, c.name(), report.summary());
            throw new Reject("validation failed: " + report.summary(), true);
        }
        run.add(Kind.VALIDATED, c.name(), report.summary());
    }

    private void stepOrReject(Run run, FailoverStep step, String label, String site, boolean destructive, Kind doneKind,
                              Callable<String> body, boolean afterPromotion) throws Reject, AbortRun, InterruptedException {
        try {
            step(run, label, site, destructive, step.timeout(), step.attempts(), doneKind, body);
        } catch (StepFailedException e) {
            throw new Reject(label + " failed: " + e.getMessage(), afterPromotion || run.done(PROMOTE, site));
        }
    }

    /** Runs one journalled step: skipped when the journal says done, else journalled before and after. */
    private void step(Run run, String label, String site, boolean destructive, Duration timeout, int tries, Kind doneKind,
                      Callable<String> body) throws StepFailedException, AbortRun, InterruptedException {
        if (run.done(label, site)) {
            FailoverJournal.Entry e = run.journal.latest(label, site).orElseThrow();
            run.add(Kind.SKIPPED, site, label + " was done at " + e.time() + " (journal): " + e.detail());
            return;
        }
        journal(run, label, site, FailoverJournal.Status.STARTED, "");
        event(RecoveryEvent.Type.STEP_STARTED, run.runId, site, label, destructive, label + " on " + site);
        String detail;
        try {
            detail = attempts.call(label + " on " + site, timeout, tries, body);
        } catch (StepFailedException e) {
            journal(run, label, site, FailoverJournal.Status.FAILED, e.getMessage());
            event(RecoveryEvent.Type.STEP_FAILED, run.runId, site, label, destructive, e.getMessage());
            if (doneKind != Kind.APPROVED && doneKind != Kind.FENCED) {
                run.add(Kind.STEP_FAILED, site, e.getMessage());
            }
            throw e;
        }
        journal(run, label, site, FailoverJournal.Status.DONE, detail == null ? "" : detail);
        event(RecoveryEvent.Type.STEP_COMPLETED, run.runId, site, label, destructive, detail == null ? "" : detail);
        run.add(doneKind, site, detail == null ? label + " done" : detail);
    }

    private String routeAll(List<TrafficRouter> routers, Site c) throws Exception {
        List<String> done = new ArrayList<>();
        for (TrafficRouter r : routers) {
            r.routeTo(c.name(), c.traffic().orElseThrow());
            done.add(r.name() + " -> " + c.traffic().get().address());
        }
        return String.join(", ", done);
    }

    private FailoverResult complete(Run run, String site) throws AbortRun {
        Instant now = clock.instant();
        run.journal = run.journal.withState(FailoverJournal.State.COMPLETED, site, now);
        writeJournal(run, run.journal);
        String old = run.failedSite;
        active = site;
        retired.add(old);
        retired.remove(site);
        detector.reset();
        history.clear();
        lagAlerted.clear();
        outageRounds.clear();
        suppressionAlerted = false;
        noCandidateAlerted = false;
        cooldownUntil = now.plus(chain.cooldown());
        watchUntil = now.plus(postFailoverPeriod);
        run.add(now, Kind.COMPLETED, site, (run.kind == FailoverResult.Kind.SWITCHOVER ? "switchover" : "failover")
                + " " + old + " -> " + site + " completed; no automatic failover before " + cooldownUntil);
        RecoveryTask task = new RecoveryTask(old, site, now, "rejoin " + old + " as a standby of " + site
                + " (for PostgreSQL: CHECKPOINT on the new primary, then pg_rewind), keep it fenced until then; failback is never automatic:"
                + " request a planned switchover once it has caught up, if production should return to " + old);
        event(RecoveryEvent.Type.RECOVERY_TASK, run.runId, old, "", false, task.instructions());
        FailoverResult result = result(run, FailoverResult.Status.COMPLETED, site, now,
                "completed: " + site + " promoted and validated", Optional.of(task));
        String rto = result.rto().map(Durations::format).orElse("?");
        if (plan.site(site).probes().isEmpty()) {
            alert(Severity.WARNING, "no health probe on " + site + ": its outages will not be detected",
                    site + " now serves production but declares no probe, so the controller cannot see it fail. Add probe(...) to the site.",
                    fields("site", site));
        }
        event(RecoveryEvent.Type.FAILOVER_COMPLETED, run.runId, site, "", false, "RTO " + rto + ", data loss " + run.dataLoss.describe());
        alert(Severity.INFO, (run.kind == FailoverResult.Kind.SWITCHOVER ? "switchover" : "failover") + " completed: " + old + " -> " + site,
                "RTO " + rto + " (objective " + Durations.format(plan.objectives().rto()) + ", " + (result.rtoMet() ? "met" : "MISSED")
                        + "); data loss " + run.dataLoss.describe() + " (RPO " + Durations.format(plan.objectives().rpo()) + ", "
                        + (result.rpoMet() ? "met" : "not met or unknown") + "). Recovery task: " + task.instructions(),
                fields("run", run.runId, "site", site, "failedSite", old, "rto", rto));
        return result;
    }

    private FailoverResult fail(Run run, String reason) throws AbortRun, InterruptedException {
        undoIfNothingPromoted(run);
        Instant now = clock.instant();
        run.journal = run.journal.withState(FailoverJournal.State.FAILED, run.failedSite, now);
        writeJournal(run, run.journal);
        return finishUnsuccessful(run, FailoverResult.Status.FAILED, reason);
    }

    private FailoverResult abort(Run run, String reason) throws InterruptedException {
        try {
            if (run.journal != null) {
                undoIfNothingPromoted(run);
                run.journal = run.journal.withState(FailoverJournal.State.FAILED, run.failedSite, clock.instant());
                writeJournal(run, run.journal);
            }
        } catch (AbortRun e) {
            reason = reason + "; " + e.getMessage();
        }
        return finishUnsuccessful(run, FailoverResult.Status.ABORTED, reason);
    }

    private FailoverResult finishUnsuccessful(Run run, FailoverResult.Status status, String reason) {
        Instant now = clock.instant();
        // A failed automatic failover also starts the cooldown, so a chain that cannot take over is not retried every round.
        if (run.kind == FailoverResult.Kind.FAILOVER) {
            cooldownUntil = now.plus(chain.cooldown());
            suppressionAlerted = true;
        }
        run.add(now, Kind.FAILED, run.failedSite, reason);
        event(RecoveryEvent.Type.FAILOVER_FAILED, run.runId, run.failedSite, "", false, reason);
        alert(Severity.CRITICAL, (run.kind == FailoverResult.Kind.SWITCHOVER ? "switchover " : "failover ")
                        + status.name().toLowerCase(java.util.Locale.ROOT) + ": " + run.failedSite,
                reason + ". Production is still on " + active + ". Operator action required.",
                fields("run", run.runId, "site", run.failedSite));
        return result(run, status, active, now, reason, Optional.empty());
    }

    /** When no candidate was promoted, the old primary is the only copy of the data: lift the fence and route back. */
    private void undoIfNothingPromoted(Run run) throws AbortRun, InterruptedException {
        boolean anyPromoted = run.journal.entries().stream()
                .anyMatch(e -> e.step().equals(PROMOTE) && e.status() == FailoverJournal.Status.DONE);
        if (anyPromoted) {
            return;
        }
        Site old = plan.site(run.failedSite);
        if (run.done(FENCE, old.name())) {
            unfence(run, old);
        }
        if (run.routedAway || run.done(ROUTE_AWAY, old.name())) {
            try {
                step(run, REROUTE, old.name(), true, probeTimeout.multipliedBy(4), 3, Kind.REROUTED,
                        () -> "nothing was promoted, so traffic goes back to " + old.name() + ": " + routeAll(routers(), old));
            } catch (StepFailedException e) {
                run.add(Kind.STEP_FAILED, old.name(), "could not route traffic back: " + e.getMessage());
            }
        }
    }

    private void unfence(Run run, Site old) throws AbortRun, InterruptedException {
        if (old.database().isEmpty()) {
            return;
        }
        try {
            step(run, UNFENCE, old.name(), true, probeTimeout.multipliedBy(4), 3, Kind.FENCED,
                    () -> {
                        old.database().get().unfence();
                        return "nothing was promoted, so the fence on " + old.database().get().name() + " was lifted";
                    });
        } catch (StepFailedException e) {
            run.add(Kind.STEP_FAILED, old.name(), "could not lift the fence: " + e.getMessage());
        }
    }

    private FailoverResult result(Run run, FailoverResult.Status status, String activeSite, Instant now, String reason,
                                  Optional<RecoveryTask> task) {
        List<TimelineEntry> entries;
        synchronized (run.timeline) {
            entries = new ArrayList<>(run.timeline);
        }
        DataLoss loss = status == FailoverResult.Status.COMPLETED ? run.dataLoss : DataLoss.unknown("nothing was promoted");
        return new FailoverResult(run.runId, plan.name(), run.kind, status, run.failedSite, activeSite, run.outageStart,
                run.detectedAt, now, new RecoveryTimeline(entries), loss, plan.objectives(),
                Optional.ofNullable(run.validation), task, run.resumed, run.options.forceDataLoss(), reason);
    }

    // ------------------------------------------------------------------------------------------------ candidates

    private List<String> remainingCandidates(Set<String> excluded) {
        return chain.sites().stream().filter(s -> !s.equals(active) && !retired.contains(s) && !excluded.contains(s)).toList();
    }

    private record Health(boolean healthy, String detail) {
    }

    private record Assessment(String site, Health health, OptionalLong position) {
    }

    /**
     * The next site to try: the first healthy one in chain order sets the tier (its role); among healthy sites of
     * that role, the one with the most recent replication position wins, ties going to chain order.
     */
    private Optional<String> chooseCandidate(Run run, Set<String> excluded) throws InterruptedException, AbortRun {
        if (!run.journal.candidate().isEmpty() && !excluded.contains(run.journal.candidate())) {
            // Resuming: the candidate the earlier holder chose may already be promoted; never pick another one.
            return Optional.of(run.journal.candidate());
        }
        List<String> names = remainingCandidates(excluded);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        List<Callable<Assessment>> calls = new ArrayList<>();
        for (String n : names) {
            calls.add(() -> assess(plan.site(n)));
        }
        List<Outcome<Assessment>> outcomes = callAll(calls, probeTimeout.multipliedBy(2));
        List<Assessment> healthy = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Outcome<Assessment> o = outcomes.get(i);
            Assessment a = o.ok() ? o.value() : new Assessment(names.get(i), new Health(false, o.describe(probeTimeout.multipliedBy(2))), OptionalLong.empty());
            if (a.health().healthy()) {
                healthy.add(a);
            } else {
                excluded.add(a.site());
                run.journal = run.journal.withCandidate("", a.site(), clock.instant());
                run.add(Kind.CANDIDATE_REJECTED, a.site(), "unhealthy: " + a.health().detail());
            }
        }
        writeJournal(run, run.journal);
        if (healthy.isEmpty()) {
            return Optional.empty();
        }
        com.trackingbms.dr.SiteRole tier = plan.site(healthy.get(0).site()).role();
        Assessment best = null;
        for (Assessment a : healthy) {
            if (plan.site(a.site()).role() != tier) {
                continue;
            }
            if (best == null || (a.position().isPresent()
                    && (best.position().isEmpty() || a.position().getAsLong() > best.position().getAsLong()))) {
                best = a;
            }
        }
        String why = healthy.size() == 1 ? "the only healthy standby" : "first healthy " + tier.label() + " with the most recent position among "
                + healthy.stream().filter(a -> plan.site(a.site()).role() == tier)
                .map(a -> a.site() + "@" + (a.position().isPresent() ? a.position().getAsLong() : "unknown")).toList();
        run.add(Kind.CANDIDATE_CHOSEN, best.site(), best.site() + " chosen: " + why);
        return Optional.of(best.site());
    }

    private Assessment assess(Site s) throws InterruptedException {
        Health h = health(s);
        OptionalLong position = OptionalLong.empty();
        if (h.healthy() && s.database().isPresent()) {
            try {
                position = s.database().get().state().position();
            } catch (Exception e) {
                position = OptionalLong.empty();
            }
        }
        return new Assessment(s.name(), h, position);
    }

    /** Probes a site with the detection quorum; without probes, a database that answers counts as healthy. */
    private Health health(Site s) throws InterruptedException {
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

    /** The data {@code c} would lose if promoted now; also re-reads the old primary when it still answers. */
    private DataLoss estimateLoss(Site c) throws InterruptedException {
        if (c.database().isEmpty()) {
            return c.sync().map(Sync::worstCaseLoss).filter(java.util.Objects::nonNull)
                    .map(d -> DataLoss.of(0, d, c.name() + " has no database node; its sync interval bounds the loss"))
                    .orElse(DataLoss.unknown(c.name() + " has no database node to read a position from"));
        }
        Site old = plan.site(active);
        List<Callable<NodeState>> calls = new ArrayList<>();
        calls.add(() -> c.database().get().state());
        if (old.database().isPresent()) {
            calls.add(() -> old.database().get().state());
        }
        List<Outcome<NodeState>> o = callAll(calls, probeTimeout);
        if (o.size() > 1 && o.get(1).ok() && o.get(1).value().writePosition().isPresent()) {
            history.record(clock.instant(), o.get(1).value().writePosition().getAsLong());
        }
        if (!o.get(0).ok()) {
            return DataLoss.unknown(c.name() + " did not report its position: " + o.get(0).describe(probeTimeout));
        }
        NodeState st = o.get(0).value();
        if (st.role() == NodeRole.PRIMARY) {
            return DataLoss.unknown(c.name() + " is already a primary, so what it had received before is no longer known");
        }
        return history.lossFor(c.name(), st.receivedPosition(), st.lastReplayedCommit());
    }

    private boolean hasStep(FailoverStep.Kind kind) {
        return chain.steps().stream().anyMatch(s -> s.kind() == kind);
    }

    private List<TrafficRouter> routers() {
        return chain.steps().stream().filter(s -> s.kind() == FailoverStep.Kind.REROUTE)
                .flatMap(s -> s.routers().stream()).distinct().toList();
    }

    // ------------------------------------------------------------------------------------------------ lease and journal

    private Optional<LeaseGrant> tryLease() throws InterruptedException {
        try {
            return leaseCalls.call("acquire lease " + lease.name(), probeTimeout.multipliedBy(2), 1,
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
        if (j.state() != FailoverJournal.State.COMPLETED || !j.failedSite().equals(active) || j.activeSite().equals(active)) {
            return false;
        }
        LOG.info("plan {}: {} failed {} over to {} (run {}); following", plan.name(), j.holder(), j.failedSite(), j.activeSite(), j.runId());
        retired.add(j.failedSite());
        active = j.activeSite();
        detector.reset();
        history.clear();
        outageRounds.clear();
        cooldownUntil = j.updatedAt().plus(chain.cooldown());
        watchUntil = j.updatedAt().plus(postFailoverPeriod);
        return true;
    }

    private void journal(Run run, String step, String site, FailoverJournal.Status status, String detail) throws AbortRun {
        run.journal = run.journal.with(new FailoverJournal.Entry(step, site, status, clock.instant(), detail), run.grant);
        writeJournal(run, run.journal);
    }

    /** Renews the lease and writes the journal; a lost lease or an unwritable journal stops the run. */
    private void writeJournal(Run run, FailoverJournal journal) throws AbortRun {
        try {
            run.grant = leaseCalls.call("renew lease " + lease.name(), leaseTtl, 1, () -> lease.renew(run.grant, leaseTtl));
            leaseCalls.call("write journal", leaseTtl, 1, () -> {
                journal.write(lease, run.grant);
                return null;
            });
        } catch (StepFailedException e) {
            throw new AbortRun("stopped: cannot keep the lease or write the journal (" + e.getMessage()
                    + "); another instance may be acting, so this one does nothing more");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortRun("interrupted while writing the journal");
        }
    }

    /** Renews the running failover's lease while a long step runs; a failure shows at the next journal write. */
    private void heartbeat() {
        Run run = currentRun;
        if (run == null) {
            return;
        }
        try {
            run.grant = leaseCalls.call("renew lease " + lease.name(), leaseTtl.dividedBy(3), 1, () -> lease.renew(run.grant, leaseTtl));
        } catch (StepFailedException e) {
            LOG.warn("plan {}: lease renewal during a step failed: {}", plan.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            steps.add(new DryRun.PlannedStep(i++, APPROVE, c.name(), "approval callback", false,
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
                if (stopped.get()) {
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
                if (!stopped.get()) {
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
        if (ownExecutor) {
            executor.shutdownNow();
        }
        if (ownAlertExecutor != null) {
            ownAlertExecutor.shutdown();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The outcome of one call made with a deadline. */
    private record Outcome<T>(T value, Throwable error, boolean timedOut) {
        boolean ok() {
            return error == null && !timedOut;
        }

        String describe(Duration timeout) {
            return timedOut ? "timed out after " + Durations.format(timeout) : Attempts.describe(error);
        }
    }

    /** Starts every call at once and collects each by a common deadline; overrunning calls are cancelled. */
    private <T> List<Outcome<T>> callAll(List<Callable<T>> calls, Duration timeout) throws InterruptedException {
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

    private void awaitQuietly(Future<?> f) throws InterruptedException {
        if (f == null) {
            return;
        }
        try {
            f.get(probeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
        } catch (ExecutionException e) {
            LOG.debug("plan {}: lag watch failed: {}", plan.name(), Attempts.describe(e.getCause()));
        }
    }

    private String newRunId() {
        return plan.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private void alert(Severity severity, String title, String detail, Map<String, String> fields) {
        alerts.send(new Alert(severity, plan.name(), title, detail, clock.instant(), fields));
    }

    private void alertFailed(AlertSink sink, Throwable e) {
        String detail = "alert sink " + sink.name() + " failed (tolerated, the failover carries on): " + Attempts.describe(e);
        Run run = currentRun;
        if (run != null) {
            run.add(Kind.ALERT_FAILED, "", detail);
        }
        event(RecoveryEvent.Type.ALERT_FAILED, run == null ? "" : run.runId, "", "", false, detail);
    }

    private void event(RecoveryEvent.Type type, String runId, String site, String step, boolean destructive, String detail) {
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

package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.Sync;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.coordination.FailoverJournal;
import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.coordination.LeaseGrant;
import com.trackingbms.dr.failover.ApprovalCallback;
import com.trackingbms.dr.failover.ApprovalRequest;
import com.trackingbms.dr.failover.DataLoss;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverController;
import com.trackingbms.dr.failover.FailoverOptions;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.failover.RecoveryEvent;
import com.trackingbms.dr.failover.RecoveryTask;
import com.trackingbms.dr.failover.RecoveryTimeline;
import com.trackingbms.dr.failover.TimelineEntry.Kind;
import com.trackingbms.dr.failover.TimelineEntry;
import com.trackingbms.dr.failover.internal.Engine.Health;
import com.trackingbms.dr.failover.internal.Engine.Outcome;
import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.NodeRole;
import com.trackingbms.dr.spi.NodeState;
import com.trackingbms.dr.spi.TrafficRouter;
import com.trackingbms.dr.validation.ValidationReport;
import com.trackingbms.dr.validation.ValidationRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failover or planned switchover, from the lease grant to a validated new primary (or a clean failure):
 * chooses and guards the candidate, fences, promotes, fails over the cache, reroutes, validates, cascades, and
 * journals every step through the lease before and after it runs so that a successor can finish it. It changes no
 * controller state: the controller applies the result.
 */
final class FailoverRun {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverRun.class);

    static final String FENCE = FailoverStep.Kind.FENCE_OLD_PRIMARY.label();
    static final String GUARD = FailoverStep.Kind.GUARD_RPO.label();
    static final String PROMOTE = FailoverStep.Kind.PROMOTE_DATABASE.label();
    static final String CACHE = FailoverStep.Kind.FAILOVER_CACHE.label();
    static final String REROUTE = FailoverStep.Kind.REROUTE.label();
    static final String VALIDATE = FailoverStep.Kind.VALIDATE.label();
    static final String APPROVE = "approve-activation";
    static final String ROUTE_AWAY = "route-away";
    static final String UNFENCE = "unfence";

    private final Engine engine;
    private final DisasterRecoveryPlan plan;
    private final FailoverChain chain;
    private final Clock clock;
    private final Lease lease;
    private final String instanceId;
    private final Duration leaseTtl;
    private final ApprovalCallback approvals;
    private final Duration approvalTimeout;
    private final Attempts attempts;
    private final Attempts leaseCalls;
    private final ValidationRunner validationRunner;
    private final PositionHistory history;
    private final Duration probeTimeout;
    private final Duration catchUpTimeout;
    /** The site serving production when the run started (the failed site). */
    private final String active;
    /** Sites failed away from earlier: never candidates (failback is never automatic). */
    private final Set<String> retired;
    private final Run run;
    /** Applies the outcome to the controller before events and alerts announce it. */
    private final Consumer<FailoverResult> onResult;

    private FailoverRun(Engine engine, String active, Set<String> retired, Consumer<FailoverResult> onResult, Params params) {
        this.engine = engine;
        this.plan = engine.plan;
        this.chain = engine.chain;
        this.clock = engine.clock;
        this.lease = engine.lease;
        this.instanceId = engine.instanceId;
        this.leaseTtl = engine.leaseTtl;
        this.approvals = engine.approvals;
        this.approvalTimeout = engine.approvalTimeout;
        this.attempts = engine.attempts;
        this.leaseCalls = engine.leaseCalls;
        this.validationRunner = engine.validationRunner;
        this.history = engine.history;
        this.probeTimeout = engine.probeTimeout;
        this.catchUpTimeout = engine.catchUpTimeout;
        this.active = active;
        this.retired = Set.copyOf(retired);
        this.run = new Run(params);
        this.onResult = onResult;
    }

    /** A new run. {@code switchoverTarget} is null for a failover. */
    static FailoverRun start(Engine engine, String active, Set<String> retired, Consumer<FailoverResult> onResult,
                             FailoverResult.Kind kind, Instant outageStart, Instant detectedAt, FailoverOptions options,
                             LeaseGrant grant, String switchoverTarget) {
        return new FailoverRun(engine, active, retired, onResult, new Params(engine.newRunId(), kind, active, outageStart,
                detectedAt, options, false, grant, switchoverTarget, null));
    }

    /** A run that finishes what the journal's writer left unfinished. */
    static FailoverRun resume(Engine engine, Set<String> retired, Consumer<FailoverResult> onResult,
                              FailoverJournal journal, LeaseGrant grant) {
        FailoverRun r = new FailoverRun(engine, journal.failedSite(), retired, onResult, new Params(journal.runId(),
                FailoverResult.Kind.valueOf(journal.kind().toUpperCase(java.util.Locale.ROOT)), journal.failedSite(),
                journal.outageStartedAt(), journal.detectedAt(),
                journal.forced() ? FailoverOptions.forced("resumed forced failover") : FailoverOptions.automatic(), true,
                grant, journal.kind().equals("switchover") ? journal.candidate() : null, journal));
        r.add(journal.outageStartedAt(), Kind.FIRST_FAILURE, journal.failedSite(), "outage started (from the journal of run " + journal.runId() + ")");
        r.add(journal.detectedAt(), Kind.DETECTED, journal.failedSite(), "declared down by " + journal.holder() + " (from the journal)");
        return r;
    }

    /** Adds a timeline entry (detection rounds recorded before the run started, or an alert failure). */
    void add(Instant time, Kind kind, String site, String detail) {
        run.add(time, kind, site, detail);
    }

    /** The lease grant currently held. */
    LeaseGrant grant() {
        return run.grant;
    }

    /** Runs the failover to its end. An {@link Error} from a component propagates: the process is going down. */
    FailoverResult execute() throws InterruptedException {
        return executeSteps(run);
    }

    /** Renews the lease while a long step runs; a failure shows at the next journal write. */
    void heartbeat() {
        try {
            run.grant = leaseCalls.call("renew lease " + lease.name(), leaseTtl.dividedBy(3), 1, () -> lease.renew(run.grant, leaseTtl));
        } catch (StepFailedException e) {
            LOG.warn("plan {}: lease renewal during a step failed: {}", plan.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a run starts from; {@code journal} is set when resuming. */
    private record Params(String runId, FailoverResult.Kind kind, String failedSite, Instant outageStart,
                          Instant detectedAt, FailoverOptions options, boolean resumed, LeaseGrant grant,
                          String switchoverTarget, FailoverJournal journal) {
    }

    /** The state of the run in progress. */
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

        Run(Params p) {
            this.runId = p.runId();
            this.kind = p.kind();
            this.failedSite = p.failedSite();
            this.outageStart = p.outageStart();
            this.detectedAt = p.detectedAt();
            this.options = p.options();
            this.resumed = p.resumed();
            this.grant = p.grant();
            this.switchoverTarget = p.switchoverTarget();
            this.journal = p.journal();
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
        Reject(String message) {
            super(message);
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
        if (!switchover && hasStep(FailoverStep.Kind.GUARD_RPO) && !run.done(GUARD, c.name()) && !run.options.forceDataLoss()) {
            // Checked before asking anyone or fencing anything: a candidate the guard would refuse costs nothing.
            DataLoss early = estimateLoss(c);
            if (!early.within(plan.objectives().rpo())) {
                refuseRpo(run, c, early);
            }
        }
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
                throw new Reject("activation not approved");
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
                });
                case REROUTE -> stepOrReject(run, step, REROUTE, c.name(), true, Kind.REROUTED,
                        () -> routeAll(step.routers(), c));
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
                // An unreachable node is not retried: traffic is moved away from it below, and it is fenced on return.
                step(run, FENCE, name, true, step.timeout(), step.attempts(), Kind.FENCED, () -> {
                    db.fence();
                    return db.name() + " fenced: refuses writes";
                }, e -> e instanceof com.trackingbms.dr.spi.NodeUnreachableException);
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
            run.dataLoss = run.journal.loss().filter(l -> l.site().equals(c.name()))
                    .map(l -> DataLoss.of(l.bytes(), l.time(), l.basis() + "; estimated by " + run.journal.holder() + " before promotion (journal)"))
                    .orElseGet(() -> DataLoss.unknown("estimated by an earlier lease holder, which did not journal it: " + detail));
            run.add(Kind.SKIPPED, c.name(), "RPO guard already passed (journal): " + detail);
            return;
        }
        DataLoss loss = estimateLoss(c);
        run.dataLoss = loss;
        if (loss.known()) {
            // Journalled with the guard's first entry below, before anything is promoted: a successor reports it.
            run.journal = run.journal.withLoss(new FailoverJournal.Loss(c.name(), loss.bytes().getAsLong(), loss.time().orElseThrow(),
                    loss.basis()), clock.instant());
        }
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
            throw new Reject(e.getMessage());
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
        throw new Reject("RPO guard: " + why);
    }

    private void promote(Run run, Site c, FailoverStep step) throws Reject, AbortRun, InterruptedException {
        DatabaseNode db = c.database().orElseThrow();
        stepOrReject(run, step, PROMOTE, c.name(), true, Kind.PROMOTED, () -> {
            db.promote(step.timeout());
            return db.name() + " promoted: accepts writes";
        });
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
            throw new Reject("validation did not finish: " + e.getMessage());
        }
        run.validation = report;
        journal(run, VALIDATE, c.name(), report.passed() ? FailoverJournal.Status.DONE : FailoverJournal.Status.FAILED, report.summary());
        event(report.passed() ? RecoveryEvent.Type.STEP_COMPLETED : RecoveryEvent.Type.STEP_FAILED, run.runId, c.name(),
                VALIDATE, false, report.summary());
        if (!report.passed()) {
            run.add(Kind.VALIDATION_FAILED, c.name(), report.summary());
            throw new Reject("validation failed: " + report.summary());
        }
        run.add(Kind.VALIDATED, c.name(), report.summary());
    }

    private void stepOrReject(Run run, FailoverStep step, String label, String site, boolean destructive, Kind doneKind,
                              Callable<String> body) throws Reject, AbortRun, InterruptedException {
        try {
            step(run, label, site, destructive, step.timeout(), step.attempts(), doneKind, body);
        } catch (StepFailedException e) {
            throw new Reject(label + " failed: " + e.getMessage());
        }
    }

    /** Runs one journalled step: skipped when the journal says done, else journalled before and after. */
    private void step(Run run, String label, String site, boolean destructive, Duration timeout, int tries, Kind doneKind,
                      Callable<String> body) throws StepFailedException, AbortRun, InterruptedException {
        step(run, label, site, destructive, timeout, tries, doneKind, body, e -> false);
    }

    /** Runs a step; a failure that {@code final_} accepts ends its attempts at once. */
    private void step(Run run, String label, String site, boolean destructive, Duration timeout, int tries, Kind doneKind,
                      Callable<String> body, java.util.function.Predicate<Throwable> final_)
            throws StepFailedException, AbortRun, InterruptedException {
        if (run.done(label, site)) {
            FailoverJournal.Entry e = run.journal.latest(label, site).orElseThrow();
            run.add(Kind.SKIPPED, site, label + " was done at " + e.time() + " (journal): " + e.detail());
            return;
        }
        journal(run, label, site, FailoverJournal.Status.STARTED, "");
        event(RecoveryEvent.Type.STEP_STARTED, run.runId, site, label, destructive, label + " on " + site);
        String detail;
        try {
            detail = attempts.call(label + " on " + site, timeout, tries, body, final_);
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
        Instant cooldownUntil = now.plus(chain.cooldown());
        run.add(now, Kind.COMPLETED, site, (run.kind == FailoverResult.Kind.SWITCHOVER ? "switchover" : "failover")
                + " " + old + " -> " + site + " completed; no automatic failover before " + cooldownUntil);
        RecoveryTask task = new RecoveryTask(old, site, now, "rejoin " + old + " as a standby of " + site
                + " (for PostgreSQL: CHECKPOINT on the new primary, then pg_rewind), keep it fenced until then; failback is never automatic:"
                + " request a planned switchover once it has caught up, if production should return to " + old);
        FailoverResult result = result(run, FailoverResult.Status.COMPLETED, site, now,
                "completed: " + site + " promoted and validated", Optional.of(task));
        // The controller takes the new state before anyone hears of it, so a listener sees the new active site.
        onResult.accept(result);
        event(RecoveryEvent.Type.RECOVERY_TASK, run.runId, old, "", false, task.instructions());
        String rto = result.rto().map(Durations::format).orElse("?");
        if (plan.site(site).probes().isEmpty()) {
            alert(Severity.WARNING, "no health probe on " + site + ": its outages will not be detected",
                    site + " now serves production but declares no probe, so the controller cannot see it fail. Add probe(...) to the site.",
                    fields("site", site));
        }
        event(RecoveryEvent.Type.FAILOVER_COMPLETED, run.runId, site, "", false, "RTO " + rto + ", data loss " + run.dataLoss.describe());
        alert(Severity.CRITICAL, (run.kind == FailoverResult.Kind.SWITCHOVER ? "switchover" : "failover") + " completed: " + old + " -> " + site,
                "RTO " + rto + " (objective " + Durations.format(plan.objectives().rto()) + ", " + (result.rtoMet() ? "met" : "MISSED")
                        + "); data loss " + run.dataLoss.describe() + " (RPO " + Durations.format(plan.objectives().rpo()) + ", "
                        + (result.rpoMet() ? "met" : "not met or unknown") + "). Recovery task: " + task.instructions(),
                fields("run", run.runId, "site", site, "failedSite", old, "rto", rto));
        return result;
    }

    private FailoverResult fail(Run run, String reason) throws AbortRun, InterruptedException {
        undoIfNothingPromoted(run);
        Optional<String> serving = servingSite(run);
        String after = serving.orElse(run.failedSite);
        if (serving.isPresent()) {
            reason = reason + "; " + serving.get() + " was promoted and traffic may point at it, but it did not pass validation";
        }
        Instant now = clock.instant();
        run.journal = run.journal.withState(FailoverJournal.State.FAILED, after, now);
        writeJournal(run, run.journal);
        return finishUnsuccessful(run, FailoverResult.Status.FAILED, reason, after);
    }

    /** The last site this run promoted and did not fence again: a primary, even if it failed validation. */
    private Optional<String> servingSite(Run run) {
        String last = null;
        for (FailoverJournal.Entry e : run.journal.entries()) {
            if (e.step().equals(PROMOTE) && e.status() == FailoverJournal.Status.DONE) {
                last = e.site();
            }
        }
        return last == null || run.done(FENCE, last) ? Optional.empty() : Optional.of(last);
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
        return finishUnsuccessful(run, FailoverResult.Status.ABORTED, reason, run.failedSite);
    }

    private FailoverResult finishUnsuccessful(Run run, FailoverResult.Status status, String reason, String serving) {
        Instant now = clock.instant();
        run.add(now, Kind.FAILED, run.failedSite, reason);
        FailoverResult result = result(run, status, serving, now, reason, Optional.empty());
        onResult.accept(result);
        event(RecoveryEvent.Type.FAILOVER_FAILED, run.runId, run.failedSite, "", false, reason);
        alert(Severity.CRITICAL, (run.kind == FailoverResult.Kind.SWITCHOVER ? "switchover " : "failover ")
                        + status.name().toLowerCase(java.util.Locale.ROOT) + ": " + run.failedSite,
                reason + ". Production is on " + serving + ". Operator action required.",
                fields("run", run.runId, "site", run.failedSite));
        return result;
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

    private List<String> remainingCandidates(Set<String> excluded) {
        return chain.sites().stream().filter(s -> !s.equals(active) && !retired.contains(s) && !excluded.contains(s)).toList();
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
        // Health (the probes, within the probe timeout) and positions (only for ranking) are read at the same time;
        // a position that is slow or unreadable ranks the site last but never rejects it.
        List<Callable<Health>> healthCalls = new ArrayList<>();
        List<Callable<OptionalLong>> positionCalls = new ArrayList<>();
        for (String n : names) {
            Site s = plan.site(n);
            healthCalls.add(() -> health(s));
            positionCalls.add(() -> s.database().isPresent() ? s.database().get().state().position() : OptionalLong.empty());
        }
        List<Future<OptionalLong>> positions = new ArrayList<>();
        for (Callable<OptionalLong> c : positionCalls) {
            positions.add(engine.executor.submit(c));
        }
        List<Outcome<Health>> healths = callAll(healthCalls, probeTimeout.multipliedBy(2));
        long positionDeadline = System.nanoTime() + probeTimeout.toNanos();
        List<Assessment> healthy = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Outcome<Health> o = healths.get(i);
            Health h = o.ok() ? o.value() : new Health(false, o.describe(probeTimeout.multipliedBy(2)));
            if (h.healthy()) {
                healthy.add(new Assessment(names.get(i), h, position(positions.get(i), positionDeadline)));
            } else {
                positions.get(i).cancel(true);
                excluded.add(names.get(i));
                run.journal = run.journal.withCandidate("", names.get(i), clock.instant());
                run.add(Kind.CANDIDATE_REJECTED, names.get(i), "unhealthy: " + h.detail());
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

    private static OptionalLong position(Future<OptionalLong> f, long deadlineNanos) throws InterruptedException {
        try {
            return f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            f.cancel(true);
            return OptionalLong.empty();
        }
    }

    /**
     * The data {@code c} would lose if promoted now. The candidate's position is read within the guard step's
     * timeout; the old primary is re-read at the same time when it still answers (after fencing its position is
     * final), but never waited for beyond the probe timeout.
     */
    private DataLoss estimateLoss(Site c) throws InterruptedException {
        if (c.database().isEmpty()) {
            return c.sync().map(Sync::worstCaseLoss).filter(java.util.Objects::nonNull)
                    .map(d -> DataLoss.of(0, d, c.name() + " has no database node; its sync interval bounds the loss"))
                    .orElse(DataLoss.unknown(c.name() + " has no database node to read a position from"));
        }
        Site old = plan.site(active);
        Future<NodeState> oldState = old.database().isPresent() ? engine.executor.submit(() -> old.database().get().state()) : null;
        Duration timeout = guardTimeout();
        NodeState st;
        try {
            st = attempts.call("state of " + c.database().get().name(), timeout, 1, () -> c.database().get().state());
        } catch (StepFailedException e) {
            if (oldState != null) {
                oldState.cancel(true);
            }
            return DataLoss.unknown(c.name() + " did not report its position: " + e.getMessage());
        }
        if (oldState != null) {
            try {
                NodeState o = oldState.get(probeTimeout.toNanos(), TimeUnit.NANOSECONDS);
                if (o.role() == NodeRole.PRIMARY && o.writePosition().isPresent()) {
                    history.record(clock.instant(), o.writePosition().getAsLong());
                }
            } catch (ExecutionException | TimeoutException e) {
                oldState.cancel(true); // unreachable: the position history is all there is
            }
        }
        if (st.role() == NodeRole.PRIMARY) {
            return DataLoss.unknown(c.name() + " is already a primary, so what it had received before is no longer known");
        }
        return history.lossFor(c.name(), st.receivedPosition(), st.lastReplayedCommit());
    }

    private Duration guardTimeout() {
        return chain.steps().stream().filter(s -> s.kind() == FailoverStep.Kind.GUARD_RPO).map(FailoverStep::timeout)
                .findFirst().orElse(FailoverStep.guardRpo().timeout());
    }

    private boolean hasStep(FailoverStep.Kind kind) {
        return chain.steps().stream().anyMatch(s -> s.kind() == kind);
    }

    private List<TrafficRouter> routers() {
        return chain.steps().stream().filter(s -> s.kind() == FailoverStep.Kind.REROUTE)
                .flatMap(s -> s.routers().stream()).distinct().toList();
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

    private <T> List<Outcome<T>> callAll(List<Callable<T>> calls, Duration timeout) throws InterruptedException {
        return engine.callAll(calls, timeout);
    }

    private Health health(Site s) throws InterruptedException {
        return engine.health(s);
    }

    private void alert(Severity severity, String title, String detail, Map<String, String> fields) {
        engine.alert(severity, title, detail, fields);
    }

    private void event(RecoveryEvent.Type type, String runId, String site, String step, boolean destructive, String detail) {
        engine.event(type, runId, site, step, destructive, detail);
    }

    private static Map<String, String> fields(String... kv) {
        return Engine.fields(kv);
    }
}

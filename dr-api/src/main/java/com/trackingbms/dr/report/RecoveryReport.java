package com.trackingbms.dr.report;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Objectives;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.TimelineEntry;
import com.trackingbms.dr.report.internal.HtmlPage;
import com.trackingbms.dr.report.internal.JsonReport;
import com.trackingbms.dr.runbook.RunbookResult;
import com.trackingbms.dr.runbook.StepKind;
import com.trackingbms.dr.runbook.StepRecord;
import com.trackingbms.dr.validation.CheckResult;
import com.trackingbms.dr.validation.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

/**
 * The report of a failover, drill, backup, restore or runbook run: objectives against measured values (pass or fail
 * computed from the numbers, "not measured" when a value is missing), the steps with their durations, validation
 * results by category, and next steps. {@link #toJson()} for machines, {@link #toHtml()} for people.
 *
 * @param kind what is reported on
 * @param id the run's or backup's id
 * @param title a one-line title
 * @param outcome how it ended, in words
 * @param succeeded whether it succeeded
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param objectives objectives against measured values
 * @param steps the steps in order, for the timeline
 * @param validation the validator's report, if one ran
 * @param nextSteps what operators should do next
 * @param details further facts (sizes, hashes, sites), never secrets
 */
public record RecoveryReport(Kind kind, String id, String title, String outcome, boolean succeeded, Instant startedAt,
                             Instant finishedAt, List<ObjectiveRow> objectives, List<ReportStep> steps,
                             Optional<ValidationReport> validation, List<String> nextSteps, Map<String, String> details) {

    /** What a report is about. */
    public enum Kind {
        /** An unplanned failover or a planned switchover. */
        FAILOVER,
        /** A failover rehearsed in a drill. */
        DRILL,
        /** A backup. */
        BACKUP,
        /** A restore. */
        RESTORE,
        /** A recovery runbook run. */
        RUNBOOK
    }

    /** Copies the collections and checks the parts are present. */
    public RecoveryReport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        objectives = List.copyOf(objectives);
        steps = List.copyOf(steps);
        Objects.requireNonNull(validation, "validation");
        nextSteps = List.copyOf(nextSteps);
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The report of a failover or switchover. */
    public static RecoveryReport failover(FailoverResult result) {
        return ofFailover(Kind.FAILOVER, result);
    }

    /** The report of a drill: a failover run against drill topology. */
    public static RecoveryReport drill(FailoverResult result) {
        return ofFailover(Kind.DRILL, result);
    }

    private static RecoveryReport ofFailover(Kind kind, FailoverResult r) {
        List<ObjectiveRow> rows = new ArrayList<>();
        rows.add(ObjectiveRow.atMost("RTO", r.objectives().rto(), r.rto(), r.rto().isPresent()
                ? "from the first failed probe to validated service" : "service was not restored: " + r.reason()));
        rows.add(ObjectiveRow.atMost("RPO", r.objectives().rpo(), r.dataLoss().time(), r.dataLoss().known()
                ? "data not replicated at promotion: " + r.dataLoss().describe() : "data loss unknown: " + r.dataLoss().basis()));
        r.validation().ifPresent(v -> rows.add(validationRow(v)));
        rows.add(availabilityRow(r.objectives()));
        List<ReportStep> steps = new ArrayList<>();
        List<TimelineEntry> entries = r.timeline().entries();
        for (int i = 0; i < entries.size(); i++) {
            TimelineEntry e = entries.get(i);
            // An entry marks the end of what led to it: its duration is the time since the previous entry.
            Instant from = i == 0 ? e.time() : entries.get(i - 1).time();
            steps.add(new ReportStep(e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (e.site().isEmpty() ? "" : " " + e.site()), failed(e.kind()) ? ReportStep.Status.FAILED
                    : ReportStep.Status.COMPLETED, Optional.of(from), Optional.of(Duration.between(from, e.time())), e.detail()));
        }
        List<String> next = new ArrayList<>();
        if (!r.succeeded()) {
            next.add("Service is not restored (" + r.status().name().toLowerCase(Locale.ROOT) + ": " + r.reason()
                    + "); production is on " + r.activeSite() + ". Escalate to manual recovery.");
        }
        r.recoveryTask().ifPresent(t -> next.add("Recover " + t.site() + ": " + t.instructions()));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("plan", r.plan());
        details.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
        details.put("failed site", r.failedSite());
        details.put("active site", r.activeSite());
        details.put("detection time", Durations.format(r.detectionTime()));
        details.put("data loss", r.dataLoss().describe());
        details.put("forced", String.valueOf(r.forced()));
        details.put("resumed", String.valueOf(r.resumed()));
        String title = (kind == Kind.DRILL ? "Drill: " : "") + r.kind().name().charAt(0)
                + r.kind().name().substring(1).toLowerCase(Locale.ROOT) + " " + r.failedSite() + " -> " + r.activeSite();
        String status = r.status().name().toLowerCase(Locale.ROOT);
        // The engine's reasons usually start with the status already ("completed: toronto promoted and validated").
        String outcome = r.reason().startsWith(status) ? r.reason() : status + ": " + r.reason();
        return new RecoveryReport(kind, r.runId(), title, outcome,
                r.succeeded(), r.outageStartedAt(), r.finishedAt(), rows, steps, r.validation(),
                nextSteps(rows, r.validation(), next), details);
    }

    private static boolean failed(TimelineEntry.Kind kind) {
        return switch (kind) {
            case FENCE_FAILED, RPO_GUARD_REFUSED, APPROVAL_DENIED, VALIDATION_FAILED, STEP_FAILED, FAILED,
                    CANDIDATE_REJECTED, ALERT_FAILED -> true;
            default -> false;
        };
    }

    /**
     * The report of a runbook run. The RTO runs from {@code outageStartedAt} (or, when not given, from the runbook's
     * start, which the note says) to the end of the last validation step; the RPO is the time between the newest
     * restored backup and the incident (or outage start), and is not measured when neither time is known.
     */
    public static RecoveryReport runbook(RunbookResult r, Objectives objectives, Optional<Instant> outageStartedAt) {
        Objects.requireNonNull(objectives, "objectives");
        Objects.requireNonNull(outageStartedAt, "outageStartedAt");
        Instant rtoStart = outageStartedAt.orElse(r.startedAt());
        Optional<Instant> restoredAt = r.steps().stream().filter(s -> s.kind() == StepKind.VALIDATE
                && s.status() == StepRecord.Status.COMPLETED).reduce((a, b) -> b).flatMap(StepRecord::finishedAt);
        if (restoredAt.isEmpty() && r.succeeded()) {
            restoredAt = Optional.of(r.finishedAt());
        }
        Optional<Duration> rto = r.succeeded() ? restoredAt.map(t -> Duration.between(rtoStart, t)) : Optional.empty();
        String rtoNote = !r.succeeded() ? "service was not restored: the runbook failed"
                : outageStartedAt.isPresent() ? "from the outage start to validated service"
                : "from the runbook's start to validated service (outage start not given, so time before the runbook is not counted)";
        List<ObjectiveRow> rows = new ArrayList<>();
        rows.add(ObjectiveRow.atMost("RTO", objectives.rto(), rto, rtoNote));
        Optional<Instant> reference = r.incidentAt().or(() -> outageStartedAt);
        Optional<Instant> newestBackup = r.restored().stream().map(BackupManifest::finishedAt).max(Instant::compareTo);
        Optional<Duration> lost = reference.flatMap(ref -> newestBackup.map(b -> Duration.between(b, ref)))
                .filter(d -> !d.isNegative());
        String rpoNote = lost.isPresent() ? "newest restored backup finished " + newestBackup.get() + ", incident at " + reference.get()
                : newestBackup.isEmpty() ? "no backup was restored" : "incident or outage time not given";
        rows.add(ObjectiveRow.atMost("RPO", objectives.rpo(), lost, rpoNote));
        r.validation().ifPresent(v -> rows.add(validationRow(v)));
        rows.add(availabilityRow(objectives));
        List<ReportStep> steps = r.steps().stream().map(s -> new ReportStep(s.name(), switch (s.status()) {
            case COMPLETED -> ReportStep.Status.COMPLETED;
            case FAILED -> ReportStep.Status.FAILED;
            case NOT_RUN -> ReportStep.Status.NOT_RUN;
        }, s.startedAt(), s.duration(), s.detail())).toList();
        List<String> next = new ArrayList<>();
        r.failedStep().ifPresent(f -> {
            long notRun = r.steps().stream().filter(s -> s.status() == StepRecord.Status.NOT_RUN).count();
            next.add("Resolve step " + f.index() + " '" + f.name() + "' (" + f.detail() + "), then rerun the runbook; "
                    + notRun + " later step" + (notRun == 1 ? "" : "s") + " did not run.");
        });
        Map<String, String> details = new LinkedHashMap<>();
        details.put("runbook", r.runbook());
        details.put("disaster", r.disasterType().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        details.put("environment", r.environment().label());
        details.put("restore point", r.restorePoint().describe());
        r.incidentAt().ifPresent(t -> details.put("incident at", t.toString()));
        details.put("backups restored", r.restored().isEmpty() ? "none"
                : String.join(", ", r.restored().stream().map(BackupManifest::id).distinct().toList()));
        return new RecoveryReport(Kind.RUNBOOK, r.runId(), "Runbook " + r.runbook() + " ("
                + r.disasterType().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", " + r.environment().label() + ")",
                r.summary(), r.succeeded(), r.startedAt(), r.finishedAt(), rows, steps, r.validation(),
                nextSteps(rows, r.validation(), next), details);
    }

    /**
     * The report of a backup. The RPO row compares the time since {@code previous} (the backup before it) with the
     * RPO; without a previous backup it is not measured.
     */
    public static RecoveryReport backup(BackupManifest m, Optional<BackupManifest> previous, Objectives objectives) {
        Objects.requireNonNull(m, "manifest");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(objectives, "objectives");
        Optional<Duration> interval = previous.map(p -> Duration.between(p.finishedAt(), m.finishedAt()));
        List<ObjectiveRow> rows = List.of(ObjectiveRow.atMost("RPO (backup interval)", objectives.rpo(), interval,
                previous.map(p -> "since backup " + p.id()).orElse("no earlier backup to measure the interval from")));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("kind", m.kind().name().toLowerCase(Locale.ROOT));
        m.parent().ifPresent(p -> details.put("parent", p));
        details.put("source", m.source());
        details.put("raw bytes", String.valueOf(m.rawBytes()));
        details.put("stored bytes", String.valueOf(m.storedBytes()));
        details.put("ratio", String.format(Locale.ROOT, "%.2f", m.ratio()));
        details.put("sha-256", m.sha256());
        details.put("compression", m.compression().describe());
        details.put("encryption", m.encryption().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.key().ifPresent(k -> details.put("key id", k));
        new java.util.TreeMap<>(m.positions()).forEach((k, v) -> details.put("position " + k, v));
        details.put("library version", m.libraryVersion());
        List<ReportStep> steps = List.of(new ReportStep("backup " + m.kind().name().toLowerCase(Locale.ROOT),
                ReportStep.Status.COMPLETED, Optional.of(m.startedAt()), Optional.of(m.duration()),
                m.rawBytes() + " bytes stored as " + m.storedBytes()));
        return new RecoveryReport(Kind.BACKUP, m.id(), "Backup " + m.id(), "completed", true, m.startedAt(), m.finishedAt(),
                rows, steps, Optional.empty(), nextSteps(rows, Optional.empty(), List.of()), details);
    }

    /**
     * The report of a restore of {@code chain} (oldest first) between {@code started} and {@code finished}. The RTO
     * row measures the restore alone; the RPO row is the time between the newest restored backup and
     * {@code incidentAt}, not measured without it.
     */
    public static RecoveryReport restore(RestoreRequest request, List<BackupManifest> chain, Instant started,
                                         Instant finished, Objectives objectives, Optional<Instant> incidentAt) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(objectives, "objectives");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain is empty; give the backups the restore handed to its target");
        }
        BackupManifest newest = chain.get(chain.size() - 1);
        Optional<Duration> lost = incidentAt.map(t -> Duration.between(newest.finishedAt(), t)).filter(d -> !d.isNegative());
        List<ObjectiveRow> rows = List.of(
                ObjectiveRow.atMost("RTO (restore only)", objectives.rto(), Optional.of(Duration.between(started, finished)),
                        "the restore itself; provisioning and validation are not included"),
                ObjectiveRow.atMost("RPO", objectives.rpo(), lost, lost.isPresent()
                        ? "backup " + newest.id() + " finished " + newest.finishedAt() + ", incident at " + incidentAt.get()
                        : "incident time not given"));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("request", request.describe());
        details.put("chain", String.join(" + ", chain.stream().map(BackupManifest::id).toList()));
        details.put("raw bytes", String.valueOf(chain.stream().mapToLong(BackupManifest::rawBytes).sum()));
        List<ReportStep> steps = List.of(new ReportStep("restore " + newest.id(), ReportStep.Status.COMPLETED,
                Optional.of(started), Optional.of(Duration.between(started, finished)), chain.size() + " backup(s) verified and restored"));
        return new RecoveryReport(Kind.RESTORE, newest.id(), "Restore of " + request.describe(), "completed", true, started,
                finished, rows, steps, Optional.empty(), nextSteps(rows, Optional.empty(), List.of()), details);
    }

    private static ObjectiveRow validationRow(ValidationReport v) {
        return ObjectiveRow.atLeastPercent("validation success rate", v.threshold(), OptionalDouble.of(v.successRate()),
                v.passedCount() + " of " + v.results().size() + " checks passed on " + v.site());
    }

    private static ObjectiveRow availabilityRow(Objectives o) {
        return ObjectiveRow.atLeastPercent("availability", o.availabilityPercent(), OptionalDouble.empty(),
                "measured over a year of operation, not by one recovery (budget " + o.describeDowntimeBudget() + ")");
    }

    private static List<String> nextSteps(List<ObjectiveRow> rows, Optional<ValidationReport> validation, List<String> first) {
        List<String> next = new ArrayList<>(first);
        for (ObjectiveRow row : rows) {
            if (row.verdict() == ObjectiveRow.Verdict.FAIL) {
                next.add(row.name() + " missed its objective: measured " + row.describeMeasured() + ", objective "
                        + row.describeObjective() + ". Find the slowest or lossiest step and fix it before the next drill.");
            }
        }
        validation.ifPresent(v -> {
            for (CheckResult f : v.failures()) {
                next.add("Fix failed check " + f.category() + "/" + f.name() + ": " + f.detail());
            }
        });
        return next;
    }

    /** This report with {@code more} appended to the next steps. */
    public RecoveryReport withNextSteps(String... more) {
        List<String> next = new ArrayList<>(nextSteps);
        next.addAll(List.of(more));
        return new RecoveryReport(kind, id, title, outcome, succeeded, startedAt, finishedAt, objectives, steps, validation,
                next, details);
    }

    /** This report with {@code more} details added after the existing ones (a drill adds what its clients saw). */
    public RecoveryReport withDetails(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(details);
        all.putAll(more);
        return new RecoveryReport(kind, id, title, outcome, succeeded, startedAt, finishedAt, objectives, steps, validation,
                nextSteps, all);
    }

    /**
     * This report with every occurrence of the given secrets' values replaced by {@code <hidden>}, in every text it
     * holds: a defence for details that came from elsewhere (an exception message, a check's detail).
     */
    public RecoveryReport redacting(Collection<Secret> secrets) {
        List<String> values = secrets.stream().filter(s -> !s.isEmpty()).map(Secret::revealString).toList();
        UnaryOperator<String> scrub = s -> {
            String out = s;
            for (String v : values) {
                out = out.replace(v, "<hidden>");
            }
            return out;
        };
        List<ObjectiveRow> rows = objectives.stream().map(o -> new ObjectiveRow(scrub.apply(o.name()), o.unit(), o.direction(),
                o.objective(), o.measured(), scrub.apply(o.note()))).toList();
        List<ReportStep> st = steps.stream().map(s -> new ReportStep(scrub.apply(s.name()), s.status(), s.startedAt(),
                s.duration(), scrub.apply(s.detail()))).toList();
        Optional<ValidationReport> val = validation.map(v -> new ValidationReport(scrub.apply(v.site()), v.startedAt(),
                v.finishedAt(), v.threshold(), v.results().stream().map(c -> new CheckResult(scrub.apply(c.category()),
                scrub.apply(c.name()), c.status(), scrub.apply(c.detail()), c.duration())).toList()));
        Map<String, String> det = new LinkedHashMap<>();
        details.forEach((k, v) -> det.put(scrub.apply(k), scrub.apply(v)));
        return new RecoveryReport(kind, scrub.apply(id), scrub.apply(title), scrub.apply(outcome), succeeded, startedAt,
                finishedAt, rows, st, val, nextSteps.stream().map(scrub).toList(), det);
    }

    /** How long the reported run took. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** The report as pretty-printed JSON: times ISO-8601 UTC, durations in milliseconds, missing values null. */
    public String toJson() {
        return JsonReport.render(this);
    }

    /** The report as a self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched), every text escaped. */
    public String toHtml() {
        return HtmlPage.render(this);
    }

    @Override
    public String toString() {
        return "RecoveryReport[" + kind + " " + id + ": " + title + ", " + outcome + "]";
    }
}

package com.trackingbms.dr.runbook;

import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.validation.ValidationReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A recovery runbook: a disaster type, a restore point, a target environment and the steps that recover from it, in
 * the order the runbook requires (checked by {@link Builder#build()}). {@link #execute()} runs the steps one after
 * the other and stops at the first that fails; {@link #dryRun()} lists them with their inputs and touches nothing.
 *
 * <pre>{@code
 * RecoveryRunbook outage = RecoveryRunbook.builder("trackingbms", DisasterType.TOTAL_OUTAGE)
 *     .environment(TargetEnvironment.DRILL).restorePoint(RestorePoint.latest())
 *     .step(RunbookSteps.provision(terraform))
 *     .step(RunbookSteps.restoreDatabase(databaseBackups, postgresTarget))
 *     .step(RunbookSteps.validate(runner, validator, site))
 *     .build();
 * RunbookResult result = outage.execute();
 * }</pre>
 */
public final class RecoveryRunbook {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryRunbook.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("com.trackingbms.dr.audit");

    /** The runbook's step order for a total outage; a runbook may leave steps out but not reorder them. */
    static final List<StepKind> TOTAL_OUTAGE_ORDER = List.of(StepKind.PROVISION, StepKind.RESTORE_CONFIGURATION,
            StepKind.RESTORE_DATABASE, StepKind.RESTORE_APPLICATION_FILES, StepKind.RESTORE_CACHE,
            StepKind.CHECK_BMS_CONNECTIVITY, StepKind.ENABLE_MONITORING, StepKind.VALIDATE);
    /** The data corruption order. */
    static final List<StepKind> DATA_CORRUPTION_ORDER = List.of(StepKind.POINT_IN_TIME_RESTORE, StepKind.VALIDATE);
    /** The security breach order. */
    static final List<StepKind> SECURITY_BREACH_ORDER = List.of(StepKind.ROTATE_BACKUP_KEY, StepKind.ROTATE_CREDENTIALS,
            StepKind.ISOLATED_RESTORE, StepKind.VALIDATE, StepKind.PROMOTE);

    private final String name;
    private final DisasterType type;
    private final TargetEnvironment environment;
    private final RestorePoint restorePoint;
    private final Optional<Instant> incidentAt;
    private final List<RunbookStep> steps;
    private final Clock clock;

    private RecoveryRunbook(Builder b, RestorePoint point) {
        this.name = b.name;
        this.type = b.type;
        this.environment = b.environment;
        this.restorePoint = point;
        this.incidentAt = Optional.ofNullable(b.incidentAt);
        this.steps = List.copyOf(b.steps);
        this.clock = b.clock;
    }

    /** A builder for a runbook named {@code name} recovering from {@code type}. */
    public static Builder builder(String name, DisasterType type) {
        return new Builder(name, type);
    }

    /** The runbook's name. */
    public String name() {
        return name;
    }

    /** The disaster it recovers from. */
    public DisasterType disasterType() {
        return type;
    }

    /** Where it restores to. */
    public TargetEnvironment environment() {
        return environment;
    }

    /** The restore point its restore steps use. */
    public RestorePoint restorePoint() {
        return restorePoint;
    }

    /** The steps, in order. */
    public List<RunbookStep> steps() {
        return steps;
    }

    /** The steps with their inputs and whether each is destructive; reads catalogs but changes nothing. */
    public RunbookDryRun dryRun() {
        Context ctx = new Context("dry-run", Map.of());
        List<PlannedStep> planned = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            RunbookStep s = steps.get(i);
            planned.add(new PlannedStep(i + 1, s.name(), s.kind(), s.destructive(), s.inputs(ctx)));
        }
        return new RunbookDryRun(name, type, environment, restorePoint, planned);
    }

    /**
     * Runs the steps in order. The first step that throws or returns a failed outcome stops the run; the result
     * records every step (the later ones as not run). Never throws for a failed step: call
     * {@link RunbookResult#orThrow()} to turn a failure into an exception.
     *
     * @throws InterruptedException when the thread is interrupted; the partial result is lost with the exception, the
     *     log and the audit logger have every step that started
     */
    public RunbookResult execute() throws InterruptedException {
        String runId = UUID.randomUUID().toString();
        Instant started = clock.instant();
        Map<String, String> outputs = new LinkedHashMap<>();
        List<StepRecord> records = new ArrayList<>();
        List<BackupManifest> restored = new ArrayList<>();
        Optional<ValidationReport> validation = Optional.empty();
        boolean failed = false;
        MDC.put("dr.run", runId);
        MDC.put("dr.runbook", name);
        try {
            LOG.info("runbook {} ({}, {}, restore point {}) started, {} steps", name, type, environment.label(),
                    restorePoint.describe(), steps.size());
            for (int i = 0; i < steps.size(); i++) {
                RunbookStep step = steps.get(i);
                if (failed) {
                    records.add(new StepRecord(i + 1, step.name(), step.kind(), step.destructive(), StepRecord.Status.NOT_RUN,
                            Optional.empty(), Optional.empty(), "not run: an earlier step failed", Map.of()));
                    continue;
                }
                Instant t0 = clock.instant();
                if (step.destructive()) {
                    AUDIT.info("runbook {} step {} '{}' ({}) starting in {}", name, i + 1, step.name(), step.kind(), environment.label());
                }
                StepOutcome outcome;
                try {
                    outcome = step.execute(new Context(runId, Collections.unmodifiableMap(outputs)));
                    if (outcome == null) {
                        outcome = StepOutcome.failed("step returned no outcome");
                    }
                } catch (InterruptedException e) {
                    LOG.error("runbook {} interrupted during step {} '{}'", name, i + 1, step.name());
                    throw e;
                } catch (Exception e) {
                    String msg = e.getMessage();
                    outcome = StepOutcome.failed(e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg));
                }
                Instant t1 = clock.instant();
                for (Map.Entry<String, String> e : outcome.outputs().entrySet()) {
                    outputs.put(step.name() + "." + e.getKey(), e.getValue());
                }
                restored.addAll(outcome.restored());
                if (outcome.validation().isPresent()) {
                    validation = outcome.validation();
                }
                StepRecord.Status status = outcome.passed() ? StepRecord.Status.COMPLETED : StepRecord.Status.FAILED;
                records.add(new StepRecord(i + 1, step.name(), step.kind(), step.destructive(), status, Optional.of(t0),
                        Optional.of(t1), outcome.detail(), outcome.outputs()));
                if (step.destructive()) {
                    AUDIT.info("runbook {} step {} '{}' {}: {}", name, i + 1, step.name(), status, outcome.detail());
                }
                if (!outcome.passed()) {
                    LOG.error("runbook {} stopped at step {} '{}': {}", name, i + 1, step.name(), outcome.detail());
                    failed = true;
                } else {
                    LOG.info("runbook {} step {} '{}' completed: {}", name, i + 1, step.name(), outcome.detail());
                }
            }
        } finally {
            MDC.remove("dr.run");
            MDC.remove("dr.runbook");
        }
        RunbookResult result = new RunbookResult(runId, name, type, environment, restorePoint, incidentAt, started,
                clock.instant(), records, restored, validation);
        LOG.info("{}", result.summary());
        return result;
    }

    @Override
    public String toString() {
        return "RecoveryRunbook[" + name + ", " + type + ", " + environment.label() + ", " + restorePoint.describe() + ", "
                + steps.stream().map(RunbookStep::name).toList() + "]";
    }

    private final class Context implements RunbookContext {
        private final String runId;
        private final Map<String, String> outputs;

        Context(String runId, Map<String, String> outputs) {
            this.runId = runId;
            this.outputs = outputs;
        }

        @Override
        public String runId() {
            return runId;
        }

        @Override
        public DisasterType disasterType() {
            return type;
        }

        @Override
        public TargetEnvironment environment() {
            return environment;
        }

        @Override
        public RestorePoint restorePoint() {
            return restorePoint;
        }

        @Override
        public Optional<Instant> incidentAt() {
            return incidentAt;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public Map<String, String> outputs() {
            return outputs;
        }
    }

    /** Configures a {@link RecoveryRunbook}; {@link #build()} lists every problem at once. */
    public static final class Builder {
        private final String name;
        private final DisasterType type;
        private TargetEnvironment environment = TargetEnvironment.DRILL;
        private RestorePoint restorePoint;
        private Instant incidentAt;
        private final List<RunbookStep> steps = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder(String name, DisasterType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "disasterType");
        }

        /** Where to restore (default {@link TargetEnvironment#DRILL}, so nothing reaches production by accident). */
        public Builder environment(TargetEnvironment value) {
            this.environment = Objects.requireNonNull(value, "environment");
            return this;
        }

        /** The restore point of a total outage (default latest). */
        public Builder restorePoint(RestorePoint value) {
            this.restorePoint = Objects.requireNonNull(value, "restorePoint");
            return this;
        }

        /** When the corruption happened (data corruption) or the breach began (security breach). */
        public Builder incidentAt(Instant value) {
            this.incidentAt = Objects.requireNonNull(value, "incidentAt");
            return this;
        }

        /** Appends a step. */
        public Builder step(RunbookStep value) {
            this.steps.add(Objects.requireNonNull(value, "step"));
            return this;
        }

        /** The clock for step times (default system UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The runbook.
         *
         * @throws IllegalStateException listing every problem: a missing incident time, a restore point given where
         *     the incident time decides it, a required step missing, steps out of the runbook's order
         */
        public RecoveryRunbook build() {
            List<String> problems = new ArrayList<>();
            RestorePoint point;
            List<StepKind> order;
            List<StepKind> required;
            switch (type) {
                case TOTAL_OUTAGE -> {
                    point = restorePoint == null ? RestorePoint.latest() : restorePoint;
                    order = TOTAL_OUTAGE_ORDER;
                    required = List.of(StepKind.RESTORE_DATABASE, StepKind.VALIDATE);
                    if (incidentAt != null) {
                        problems.add("incidentAt: a total outage restores the restore point; give restorePoint(RestorePoint.at(...)) instead");
                    }
                }
                case DATA_CORRUPTION, SECURITY_BREACH -> {
                    point = incidentAt == null ? RestorePoint.latest() : RestorePoint.before(incidentAt);
                    order = type == DisasterType.DATA_CORRUPTION ? DATA_CORRUPTION_ORDER : SECURITY_BREACH_ORDER;
                    required = order;
                    if (incidentAt == null) {
                        problems.add("incidentAt: a " + type + " runbook restores to just before the incident; give incidentAt(<when it began>)");
                    }
                    if (restorePoint != null) {
                        problems.add("restorePoint: a " + type + " runbook restores to just before incidentAt; remove restorePoint(...)");
                    }
                }
                default -> throw new IllegalStateException("unknown disaster type " + type);
            }
            List<StepKind> kinds = steps.stream().map(RunbookStep::kind).filter(k -> k != StepKind.CUSTOM).toList();
            for (StepKind k : required) {
                if (!kinds.contains(k)) {
                    problems.add("steps: a " + type + " runbook needs a " + k + " step (see RunbookSteps)");
                }
            }
            int last = -1;
            for (StepKind k : kinds) {
                int pos = order.indexOf(k);
                if (pos < 0) {
                    problems.add("steps: " + k + " is not a step of a " + type + " runbook (its order is " + order + ")");
                } else if (pos < last) {
                    problems.add("steps: " + k + " comes after " + order.get(last) + "; the " + type + " order is " + order);
                } else {
                    last = pos;
                }
            }
            if (!kinds.isEmpty() && kinds.get(kinds.size() - 1) != order.get(order.size() - 1)
                    && kinds.contains(order.get(order.size() - 1))) {
                problems.add("steps: the last step of a " + type + " runbook is " + order.get(order.size() - 1));
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("runbook " + name + " is invalid:\n  - " + String.join("\n  - ", problems));
            }
            return new RecoveryRunbook(this, point);
        }
    }
}

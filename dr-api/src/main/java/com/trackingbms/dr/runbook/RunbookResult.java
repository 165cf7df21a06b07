package com.trackingbms.dr.runbook;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.validation.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a runbook run did: every step's record, the backups restored and the validation report.
 *
 * @param runId the run's id
 * @param runbook the runbook's name
 * @param disasterType the disaster
 * @param environment the target environment
 * @param restorePoint the restore point the restore steps used
 * @param incidentAt when the corruption or breach happened, for those disaster types
 * @param startedAt when the run started
 * @param finishedAt when it ended
 * @param steps every step, including those that did not run
 * @param restored the backups restored, in order
 * @param validation the last validation report, if a validation step ran
 */
public record RunbookResult(String runId, String runbook, DisasterType disasterType, TargetEnvironment environment,
                            RestorePoint restorePoint, Optional<Instant> incidentAt, Instant startedAt, Instant finishedAt,
                            List<StepRecord> steps, List<BackupManifest> restored, Optional<ValidationReport> validation) {

    /** Copies the lists and checks the parts are present. */
    public RunbookResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(disasterType, "disasterType");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(restorePoint, "restorePoint");
        Objects.requireNonNull(incidentAt, "incidentAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        steps = List.copyOf(steps);
        restored = List.copyOf(restored);
        Objects.requireNonNull(validation, "validation");
    }

    /** Whether every step completed. */
    public boolean succeeded() {
        return steps.stream().allMatch(s -> s.status() == StepRecord.Status.COMPLETED);
    }

    /** The step that failed, if any. */
    public Optional<StepRecord> failedStep() {
        return steps.stream().filter(s -> s.status() == StepRecord.Status.FAILED).findFirst();
    }

    /** How long the run took. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** This result, or a {@link RunbookFailedException} carrying it when a step failed. */
    public RunbookResult orThrow() throws RunbookFailedException {
        if (!succeeded()) {
            throw new RunbookFailedException(this);
        }
        return this;
    }

    /** One line: "runbook X (TOTAL_OUTAGE, drill): failed at step 1 provision infrastructure (...); ran 1 of 8 steps". */
    public String summary() {
        long ran = steps.stream().filter(s -> s.status() != StepRecord.Status.NOT_RUN).count();
        String head = "runbook " + runbook + " (" + disasterType + ", " + environment.label() + ", run " + runId + "): ";
        return head + failedStep().map(f -> "failed at step " + f.index() + " " + f.name() + " (" + f.detail() + ")")
                .orElse("completed in " + Durations.format(duration())) + "; ran " + ran + " of " + steps.size() + " steps";
    }

    /** The summary, then one line per step with its status. */
    public String render() {
        StringBuilder b = new StringBuilder(summary()).append('\n');
        for (StepRecord s : steps) {
            b.append(String.format(java.util.Locale.ROOT, "  %d. %-9s %-45s %s%n", s.index(), s.status(), s.name(),
                    s.duration().map(Durations::format).orElse("") + (s.detail().isEmpty() ? "" : "  " + s.detail())));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}

package com.trackingbms.dr.runbook;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@link RecoveryRunbook#execute()} would do, without doing it.
 *
 * @param runbook the runbook's name
 * @param disasterType the disaster
 * @param environment the target environment
 * @param restorePoint the restore point
 * @param steps the steps in order
 */
public record RunbookDryRun(String runbook, DisasterType disasterType, TargetEnvironment environment,
                            RestorePoint restorePoint, List<PlannedStep> steps) {

    /** Copies the steps and checks the parts are present. */
    public RunbookDryRun {
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(disasterType, "disasterType");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(restorePoint, "restorePoint");
        steps = List.copyOf(steps);
    }

    /** The steps that would change something. */
    public List<PlannedStep> destructiveSteps() {
        return steps.stream().filter(PlannedStep::destructive).toList();
    }

    /** One block per step: "3. restore database [DESTRUCTIVE]" and its inputs, indented. */
    public String render() {
        StringBuilder b = new StringBuilder("runbook " + runbook + " (" + disasterType + ", " + environment.label()
                + ", restore point " + restorePoint.describe() + "), dry run:\n");
        for (PlannedStep s : steps) {
            b.append(s.index()).append(". ").append(s.name()).append(s.destructive() ? " [DESTRUCTIVE]" : "").append('\n');
            for (Map.Entry<String, String> e : new TreeMap<>(s.inputs()).entrySet()) {
                b.append("     ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            }
        }
        return b.toString();
    }
}

package com.trackingbms.dr.runbook;

import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.validation.ValidationReport;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a step that ran returns.
 *
 * @param passed whether the step did its job; a step that did not stops the runbook
 * @param detail what was done or found, without secrets
 * @param outputs facts for later steps and the report (host names, backup ids), never secrets
 * @param restored the backups a restore step handed to its target, oldest first
 * @param validation the validator's report, for a validation step
 */
public record StepOutcome(boolean passed, String detail, Map<String, String> outputs, List<BackupManifest> restored,
                          Optional<ValidationReport> validation) {

    /** Copies the collections and checks the parts are present. */
    public StepOutcome {
        Objects.requireNonNull(detail, "detail");
        outputs = Map.copyOf(outputs);
        restored = List.copyOf(restored);
        Objects.requireNonNull(validation, "validation");
    }

    /** A step that did its job. */
    public static StepOutcome done(String detail) {
        return new StepOutcome(true, detail, Map.of(), List.of(), Optional.empty());
    }

    /** A step that did its job, with outputs. */
    public static StepOutcome done(String detail, Map<String, String> outputs) {
        return new StepOutcome(true, detail, outputs, List.of(), Optional.empty());
    }

    /** A step that ran but did not do its job (a check that failed). */
    public static StepOutcome failed(String detail) {
        return new StepOutcome(false, detail, Map.of(), List.of(), Optional.empty());
    }
}

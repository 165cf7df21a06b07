package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.validation.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one automated restore test.
 *
 * @param backupId the backup that was restored
 * @param startedAt when the test started
 * @param restoreTime from the start until the restored server accepted connections with its data
 * @param totalTime the whole test, validation and clean-up included
 * @param passed whether the restore worked and the validation reached its threshold
 * @param detail what happened ("12/12 checks passed", or the failure)
 * @param report the validation report, empty when the restore itself failed
 */
public record RestoreTestResult(String backupId, Instant startedAt, Duration restoreTime, Duration totalTime, boolean passed,
                                String detail, Optional<ValidationReport> report) {

    /** Checks the parts are present. */
    public RestoreTestResult {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(restoreTime, "restoreTime");
        Objects.requireNonNull(totalTime, "totalTime");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(report, "report");
    }
}

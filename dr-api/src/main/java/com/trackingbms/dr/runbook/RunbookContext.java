package com.trackingbms.dr.runbook;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What a step sees: the runbook's settings and the outputs of the steps that ran before it. */
public interface RunbookContext {

    /** The run's id (for logs and the report). */
    String runId();

    /** The disaster being recovered from. */
    DisasterType disasterType();

    /** Where the runbook restores to. */
    TargetEnvironment environment();

    /**
     * The restore point restore steps use: the runbook's point for a total outage, just before the corruption for a
     * data corruption, just before the breach for a security breach.
     */
    RestorePoint restorePoint();

    /** When the corruption or breach happened, for those disaster types. */
    Optional<Instant> incidentAt();

    /** The runbook's clock. */
    Clock clock();

    /** Outputs of earlier steps, keyed "step name.output name". */
    Map<String, String> outputs();
}

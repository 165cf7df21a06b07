package com.trackingbms.dr.runbook;

import java.util.Map;
import java.util.Objects;

/**
 * One step as a dry run shows it.
 *
 * @param index the step's position, from 1
 * @param name the step's name
 * @param kind what it does
 * @param destructive whether it would change something
 * @param inputs what it would use, secrets by name only
 */
public record PlannedStep(int index, String name, StepKind kind, boolean destructive, Map<String, String> inputs) {

    /** Copies the inputs and checks the parts are present. */
    public PlannedStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        inputs = Map.copyOf(inputs);
    }
}

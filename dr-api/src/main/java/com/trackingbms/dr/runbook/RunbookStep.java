package com.trackingbms.dr.runbook;

import java.util.Map;
import java.util.Objects;

/**
 * One step of a {@link RecoveryRunbook}: an SPI call (provision, restore, rotate, validate, promote). Ready-made steps
 * are in {@link RunbookSteps}; a user adds their own with {@link #of}.
 */
public interface RunbookStep {

    /** A short stable name ("restore database"). */
    String name();

    /** What the step does, for the runbook's order checks. */
    StepKind kind();

    /** Whether the step changes or overwrites something (infrastructure, data, credentials, traffic). */
    boolean destructive();

    /** The step's inputs for a dry run, secrets by name only; may read (a catalog) but never change anything. */
    Map<String, String> inputs(RunbookContext context);

    /**
     * Runs the step. Returning a failed outcome or throwing stops the runbook; the exception's message goes into the
     * report, so it must not contain secrets.
     */
    StepOutcome execute(RunbookContext context) throws Exception;

    /** A step from its parts. */
    static RunbookStep of(String name, StepKind kind, boolean destructive, Map<String, String> inputs, Action action) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Map<String, String> in = Map.copyOf(inputs);
        Objects.requireNonNull(action, "action");
        return new AbstractRunbookStep(name, kind, destructive) {
            @Override
            public Map<String, String> inputs(RunbookContext context) {
                return in;
            }

            @Override
            public StepOutcome execute(RunbookContext context) throws Exception {
                return action.execute(context);
            }

            @Override
            public String toString() {
                return "RunbookStep[" + name + ", " + kind + "]";
            }
        };
    }

    /** The body of a step made with {@link #of}. */
    @FunctionalInterface
    interface Action {
        /** Does the step's work. */
        StepOutcome execute(RunbookContext context) throws Exception;
    }
}

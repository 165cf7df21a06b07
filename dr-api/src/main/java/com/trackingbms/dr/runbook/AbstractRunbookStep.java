package com.trackingbms.dr.runbook;

import java.util.Objects;

/** Holds the three facts every step has (name, kind, destructive), so each step only writes its inputs and action. */
abstract class AbstractRunbookStep implements RunbookStep {

    private final String name;
    private final StepKind kind;
    private final boolean destructive;

    AbstractRunbookStep(String name, StepKind kind, boolean destructive) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.destructive = destructive;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final StepKind kind() {
        return kind;
    }

    @Override
    public final boolean destructive() {
        return destructive;
    }

    @Override
    public String toString() {
        return "RunbookStep[" + name + ", " + kind + (destructive ? ", destructive" : "") + "]";
    }
}

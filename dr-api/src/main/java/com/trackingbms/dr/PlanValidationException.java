package com.trackingbms.dr;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link DisasterRecoveryPlan.Builder#build()} with every problem of the plan, each with its path and fix. */
public final class PlanValidationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** Creates the exception for a plan with the given problems (at least one). */
    public PlanValidationException(String planName, List<Problem> problems) {
        super(render(planName, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PlanValidationException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order the plan declares things. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(String planName, List<Problem> problems) {
        return "plan '" + planName + "' cannot work, " + problems.size()
                + (problems.size() == 1 ? " problem:" : " problems:")
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}

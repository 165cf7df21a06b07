package com.trackingbms.dr.failover;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a failover would do now, step by step, computed from the plan alone: {@link FailoverController#dryRun()}
 * calls no provider.
 *
 * @param plan the plan's name
 * @param from the site that would be failed away from
 * @param candidates the sites that could take over, in the order they would be tried
 * @param steps the steps for the first candidate, in order
 */
public record DryRun(String plan, String from, List<String> candidates, List<PlannedStep> steps) {

    /**
     * One step a failover would run.
     *
     * @param order 1-based position
     * @param step the step's label ({@code promote-database})
     * @param site the site it acts on
     * @param target the component it acts on ("montreal-pg", "route53 api -> lb.toronto")
     * @param destructive whether it changes a system
     * @param note a precondition or remark ("needs operator approval: manual site")
     */
    public record PlannedStep(int order, String step, String site, String target, boolean destructive, String note) {
        /** Checks the parts are present. */
        public PlannedStep {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(note, "note");
        }
    }

    /** Copies the lists. */
    public DryRun {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(from, "from");
        candidates = List.copyOf(candidates);
        steps = List.copyOf(steps);
    }

    /** The destructive steps only. */
    public List<PlannedStep> destructiveSteps() {
        return steps.stream().filter(PlannedStep::destructive).toList();
    }

    /** One line per step, destructive ones marked with {@code !}. */
    public String render() {
        return "dry run of plan " + plan + ": fail over " + from + " -> " + String.join(" -> ", candidates) + "\n"
                + steps.stream().map(s -> String.format(java.util.Locale.ROOT, "  %d. %s %-17s %-10s %s%s", s.order(),
                        s.destructive() ? "!" : " ", s.step(), s.site(), s.target(),
                        s.note().isEmpty() ? "" : "  (" + s.note() + ")")).collect(Collectors.joining("\n"));
    }
}

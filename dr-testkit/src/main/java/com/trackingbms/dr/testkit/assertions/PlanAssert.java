package com.trackingbms.dr.testkit.assertions;

import com.trackingbms.dr.Activation;
import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.failover.DetectionPolicy;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link DisasterRecoveryPlan}, for services that unit-test their plan definition; each
 * failure message ends with the plan's description.
 */
public final class PlanAssert extends AbstractAssert<PlanAssert, DisasterRecoveryPlan> {

    PlanAssert(DisasterRecoveryPlan actual) {
        super(actual, PlanAssert.class);
    }

    /** {@code site} is the primary. */
    public PlanAssert hasPrimary(String site) {
        isNotNull();
        if (!actual.primary().name().equals(site)) {
            fail("to have " + site + " as primary", "the primary is " + actual.primary().name());
        }
        return this;
    }

    /** The failover chain lists exactly these sites, in this order. */
    public PlanAssert failsOverInOrder(String... sites) {
        List<String> chain = chain().sites();
        if (!chain.equals(List.of(sites))) {
            fail("to fail over " + String.join(" -> ", sites), "the chain is " + String.join(" -> ", chain));
        }
        return this;
    }

    /** The failover runs exactly these steps, in this order. */
    public PlanAssert runsSteps(FailoverStep.Kind... kinds) {
        List<FailoverStep.Kind> steps = chain().steps().stream().map(FailoverStep::kind).toList();
        if (!steps.equals(List.of(kinds))) {
            fail("to run steps " + Arrays.toString(kinds), "it runs " + steps);
        }
        return this;
    }

    /**
     * Every automatically activated standby loses no more than the RPO by design (synchronous streaming, or a sync
     * interval within the RPO). Asynchronous streaming has no design bound and is reported, because only the RPO
     * guard at failover time can hold it to the objective.
     */
    public PlanAssert automaticSitesMeetTheRpoByDesign() {
        isNotNull();
        Duration rpo = actual.objectives().rpo();
        List<String> offenders = new ArrayList<>();
        for (Site s : actual.sites()) {
            if (s.isPrimary() || s.activation() != Activation.AUTOMATIC || s.sync().isEmpty()) {
                continue;
            }
            Duration loss = s.sync().get().worstCaseLoss();
            if (loss == null || loss.compareTo(rpo) > 0) {
                offenders.add(s.name() + " (" + s.sync().get().describe() + ")");
            }
        }
        if (!offenders.isEmpty()) {
            fail("every automatic site to lose at most the RPO of " + Durations.format(rpo) + " by design",
                    "these do not: " + String.join(", ", offenders));
        }
        return this;
    }

    /**
     * An outage is declared within {@code limit} at the latest: the failed rounds the policy needs, plus one probe
     * timeout for the last round.
     */
    public PlanAssert detectsWithin(Duration limit) {
        DetectionPolicy d = chain().detection();
        Duration worst = d.interval().multipliedBy(d.failuresToDeclareDown()).plus(d.probeTimeout());
        if (worst.compareTo(limit) > 0) {
            fail("to detect an outage within " + Durations.format(limit), "detection can take up to " + Durations.format(worst)
                    + " (" + d.describe() + ")");
        }
        return this;
    }

    /** Detection at its slowest leaves at least {@code margin} of the RTO for promotion, rerouting and validation. */
    public PlanAssert leavesInTheRto(Duration margin) {
        DetectionPolicy d = chain().detection();
        Duration worst = d.interval().multipliedBy(d.failuresToDeclareDown()).plus(d.probeTimeout());
        Duration left = actual.objectives().rto().minus(worst);
        if (left.compareTo(margin) < 0) {
            fail("to leave " + Durations.format(margin) + " of the RTO after detection", "only " + Durations.format(left)
                    + " is left of the RTO of " + Durations.format(actual.objectives().rto()) + " after up to "
                    + Durations.format(worst) + " of detection");
        }
        return this;
    }

    private FailoverChain chain() {
        isNotNull();
        return actual.failover().orElseGet(() -> {
            fail("to declare a failover chain", "it declares none");
            return null;
        });
    }

    /** Builds every failure message in one place: expectation, finding, then the plan's description. */
    private void fail(String expected, String but) {
        failWithMessage("%nExpecting plan %s%n%s%nbut %s.%nPlan:%n%s", actual.name(), expected, but, actual.describe());
    }
}

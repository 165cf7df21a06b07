package com.trackingbms.dr.internal;

import com.trackingbms.dr.failover.DetectionPolicy;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.failover.Quorum;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Records the chain DSL; {@link PlanBuilder} checks it against the sites. */
final class ChainBuilder implements FailoverChain.Start, FailoverChain.FirstTarget, FailoverChain.Spec,
        FailoverChain.FailureCount {

    static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(30);

    final List<String> sites = new ArrayList<>();
    Duration interval = DetectionPolicy.DEFAULT.interval();
    Duration probeTimeout = DetectionPolicy.DEFAULT.probeTimeout();
    int failures = DetectionPolicy.DEFAULT.failuresToDeclareDown();
    Quorum quorum = DetectionPolicy.DEFAULT.quorum();
    Duration cooldown = DEFAULT_COOLDOWN;
    List<FailoverStep> steps;
    boolean probeTimeoutSet;

    @Override
    public FailoverChain.FirstTarget from(String primarySite) {
        sites.add(primarySite);
        return this;
    }

    @Override
    public FailoverChain.Spec to(String site) {
        sites.add(site);
        return this;
    }

    @Override
    public FailoverChain.Spec thenTo(String site) {
        sites.add(site);
        return this;
    }

    @Override
    public FailoverChain.FailureCount detectAfter(int newFailures) {
        this.failures = newFailures;
        return this;
    }

    @Override
    public FailoverChain.Spec consecutiveFailures() {
        return this;
    }

    @Override
    public FailoverChain.Spec probingEvery(Duration newInterval) {
        this.interval = newInterval;
        return this;
    }

    @Override
    public FailoverChain.Spec probeTimeout(Duration timeout) {
        this.probeTimeout = timeout;
        this.probeTimeoutSet = true;
        return this;
    }

    @Override
    public FailoverChain.Spec quorum(Quorum newQuorum) {
        this.quorum = newQuorum;
        return this;
    }

    @Override
    public FailoverChain.Spec cooldown(Duration newCooldown) {
        this.cooldown = newCooldown;
        return this;
    }

    @Override
    public FailoverChain.Spec steps(FailoverStep... newSteps) {
        this.steps = new ArrayList<>(Arrays.asList(newSteps));
        return this;
    }

    /**
     * The probe timeout to use: as given, or when only the interval was changed, a third of it (capped at the
     * default) so that a fast policy does not fail validation for a timeout it never set.
     */
    Duration effectiveProbeTimeout() {
        if (probeTimeoutSet || interval == null || interval.isNegative() || interval.isZero()) {
            return probeTimeout;
        }
        Duration third = interval.dividedBy(3);
        return third.compareTo(probeTimeout) < 0 ? third : probeTimeout;
    }

    /**
     * The steps to run: as given, or by default what the chain's sites can do: fence, guard the RPO and promote
     * when they have databases, fail over the cache when they have caches, and always validate.
     */
    List<FailoverStep> effectiveSteps(boolean databases, boolean caches) {
        if (steps != null) {
            return steps;
        }
        List<FailoverStep> defaults = new ArrayList<>();
        if (databases) {
            defaults.add(FailoverStep.fenceOldPrimary());
            defaults.add(FailoverStep.guardRpo());
            defaults.add(FailoverStep.promoteDatabase());
        }
        if (caches) {
            defaults.add(FailoverStep.failoverCache());
        }
        defaults.add(FailoverStep.validate());
        return defaults;
    }
}

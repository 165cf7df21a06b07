package com.trackingbms.dr.testkit.assertions;

import static com.trackingbms.dr.Objective.availability;
import static com.trackingbms.dr.Objective.rpo;
import static com.trackingbms.dr.Objective.rto;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.testkit.fake.FakeHealthProbe;
import com.trackingbms.dr.validation.CheckResult;
import com.trackingbms.dr.validation.CheckStatus;
import com.trackingbms.dr.validation.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanAndValidationAssertTest {

    private static final DisasterRecoveryPlan PLAN = DisasterRecoveryPlan.named("shop")
            .objectives(rto(Duration.ofMinutes(2)), rpo(Duration.ofMinutes(5)), availability(99.9))
            .site("a", s -> s.primary().probe(new FakeHealthProbe("a-health")))
            .site("b", s -> s.hotStandby().streaming(ReplicationMode.ASYNCHRONOUS))
            .site("c", s -> s.warmStandby().syncEvery(Duration.ofHours(1)))
            .failover(c -> c.from("a").to("b").thenTo("c").probingEvery(Duration.ofSeconds(30)))
            .build();

    @Test
    void planAssertionsPassOnWhatThePlanSays() {
        DrAssertions.assertThat(PLAN).hasPrimary("a").failsOverInOrder("a", "b", "c")
                .runsSteps(FailoverStep.Kind.VALIDATE).detectsWithin(Duration.ofMinutes(2));
    }

    @Test
    void planFailureMessagesNameTheProblemAndShowThePlan() {
        assertThatThrownBy(() -> DrAssertions.assertThat(PLAN).automaticSitesMeetTheRpoByDesign())
                .hasMessageContaining("Expecting plan shop")
                .hasMessageContaining("every automatic site to lose at most the RPO of 5m by design")
                .hasMessageContaining("but these do not: b (asynchronous streaming).")
                .hasMessageContaining("Failover chain: a -> b -> c");
        assertThatThrownBy(() -> DrAssertions.assertThat(PLAN).leavesInTheRto(Duration.ofMinutes(1)))
                .hasMessageContaining("but only 20s is left of the RTO of 2m after up to 1m40s of detection.");
        assertThatThrownBy(() -> DrAssertions.assertThat(PLAN).failsOverInOrder("a", "c"))
                .hasMessageContaining("but the chain is a -> b -> c.");
    }

    private static ValidationReport report(boolean dbPasses) {
        Instant t = Instant.parse("2026-11-26T10:00:00Z");
        return new ValidationReport("toronto", t, t.plusSeconds(2), 95.0, List.of(
                new CheckResult("database", "tables exist", CheckStatus.PASSED, "all 5 tables exist", Duration.ofMillis(20)),
                new CheckResult("database", "no orphans", dbPasses ? CheckStatus.PASSED : CheckStatus.FAILED,
                        dbPasses ? "0 orphans" : "3 orphans for batteries.client_id -> clients.id", Duration.ofMillis(30)),
                new CheckResult("application", "health", CheckStatus.PASSED, "HTTP 200", Duration.ofMillis(5))));
    }

    @Test
    void validationAssertions() {
        DrAssertions.assertThat(report(true)).passed().hasSuccessRateAtLeast(100).categoryPassed("database").checkPassed("health");
        assertThatThrownBy(() -> DrAssertions.assertThat(report(false)).passed())
                .hasMessageContaining("Expecting validation of toronto")
                .hasMessageContaining("to pass its threshold of 95.0 %")
                .hasMessageContaining("but the success rate was 66.7 %.")
                .hasMessageContaining("FAIL database/no orphans: 3 orphans for batteries.client_id -> clients.id");
        assertThatThrownBy(() -> DrAssertions.assertThat(report(false)).categoryPassed("database"))
                .hasMessageContaining("but no orphans failed: 3 orphans for batteries.client_id -> clients.id.");
        assertThatThrownBy(() -> DrAssertions.assertThat(report(true)).checkPassed("login"))
                .hasMessageContaining("but no check of that name ran.");
    }
}

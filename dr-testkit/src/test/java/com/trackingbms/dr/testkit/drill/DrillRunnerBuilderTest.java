package com.trackingbms.dr.testkit.drill;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Objective;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.testkit.fake.FakeHealthProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A drill set up wrongly is refused with what to add. */
class DrillRunnerBuilderTest {

    @Test
    void aPlanWithoutAChainIsRefused() {
        DisasterRecoveryPlan plan = DisasterRecoveryPlan.named("no-chain")
                .objectives(Objective.rto(Duration.ofMinutes(15)), Objective.rpo(Duration.ofMinutes(5)), Objective.availability(99.9))
                .site("montreal", s -> s.primary())
                .build();
        assertThatThrownBy(() -> DrillRunner.builder(plan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declares no failover chain");
    }

    @Test
    void missingLoadAndFaultAreNamedTogether() {
        DisasterRecoveryPlan plan = DisasterRecoveryPlan.named("drill")
                .objectives(Objective.rto(Duration.ofMinutes(15)), Objective.rpo(Duration.ofMinutes(5)), Objective.availability(99.9))
                .site("montreal", s -> s.primary().probe(new FakeHealthProbe("montreal-api")).traffic("127.0.0.1:1"))
                .site("toronto", s -> s.hotStandby().streaming(ReplicationMode.SYNCHRONOUS).traffic("127.0.0.1:2"))
                .failover(chain -> chain.from("montreal").to("toronto"))
                .build();
        assertThatThrownBy(() -> DrillRunner.builder(plan).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing load(...)").hasMessageContaining("and fault(...)");
        assertThatThrownBy(() -> DrillRunner.builder(plan).timeout(Duration.ZERO)).hasMessageContaining("timeout is zero");
        assertThatThrownBy(() -> DrillRunner.builder(plan).writesAfterRecovery(-1)).hasMessageContaining("writesAfterRecovery -1");
    }
}

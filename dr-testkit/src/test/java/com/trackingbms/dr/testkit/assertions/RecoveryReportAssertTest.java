package com.trackingbms.dr.testkit.assertions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.report.ObjectiveRow;
import com.trackingbms.dr.report.RecoveryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryReportAssertTest {

    private static RecoveryReport report(Duration measuredRto) {
        Instant t = Instant.parse("2026-11-26T10:00:00Z");
        return new RecoveryReport(RecoveryReport.Kind.DRILL, "drill-1", "Drill: Failover montreal -> toronto", "completed",
                true, t, t.plusSeconds(2), List.of(
                        ObjectiveRow.atMost("RTO", Duration.ofMinutes(15), Optional.of(measuredRto), "first failed probe to validated"),
                        ObjectiveRow.atMost("RPO", Duration.ofMinutes(5), Optional.empty(), "unknown")),
                List.of(), Optional.empty(), List.of(), Map.of());
    }

    @Test
    void passesOnMeasuredObjectivesAndToleratesUnmeasuredOnes() {
        DrAssertions.assertThat(report(Duration.ofSeconds(2))).succeeded().passedObjective("RTO").metEveryMeasuredObjective();
    }

    @Test
    void failureMessagesListTheObjectives() {
        assertThatThrownBy(() -> DrAssertions.assertThat(report(Duration.ofMinutes(20))).metEveryMeasuredObjective())
                .hasMessageContaining("Expecting report drill-1 (Drill: Failover montreal -> toronto)")
                .hasMessageContaining("but these failed: RTO measured 20m against <= 15m.")
                .hasMessageContaining("NOT_MEASURED RPO: measured not measured, objective <= 5m");
        assertThatThrownBy(() -> DrAssertions.assertThat(report(Duration.ofSeconds(1))).passedObjective("RPO"))
                .hasMessageContaining("objective RPO to pass")
                .hasMessageContaining("but it is NOT_MEASURED (measured not measured).");
    }
}

package com.trackingbms.dr.testkit.assertions;

import com.trackingbms.dr.report.ObjectiveRow;
import com.trackingbms.dr.report.RecoveryReport;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on a {@link RecoveryReport}; each failure message ends with the report's objective rows. */
public final class RecoveryReportAssert extends AbstractAssert<RecoveryReportAssert, RecoveryReport> {

    RecoveryReportAssert(RecoveryReport actual) {
        super(actual, RecoveryReportAssert.class);
    }

    /** The recovery succeeded. */
    public RecoveryReportAssert succeeded() {
        isNotNull();
        if (!actual.succeeded()) {
            fail("to have succeeded", "it ended: " + actual.outcome());
        }
        return this;
    }

    /** The objective named {@code name} ("RTO", "RPO", ...) was measured and passed. */
    public RecoveryReportAssert passedObjective(String name) {
        isNotNull();
        Optional<ObjectiveRow> row = actual.objectives().stream().filter(r -> r.name().equals(name)).findFirst();
        if (row.isEmpty()) {
            fail("to have an objective row " + name, "it has " + actual.objectives().stream().map(ObjectiveRow::name).toList());
        } else if (row.get().verdict() != ObjectiveRow.Verdict.PASS) {
            fail("objective " + name + " to pass", "it is " + row.get().verdict() + " (measured " + row.get().describeMeasured() + ")");
        }
        return this;
    }

    /** Every objective that was measured passed; rows that were not measured are allowed (availability needs a year). */
    public RecoveryReportAssert metEveryMeasuredObjective() {
        isNotNull();
        List<String> failed = actual.objectives().stream().filter(r -> r.verdict() == ObjectiveRow.Verdict.FAIL)
                .map(r -> r.name() + " measured " + r.describeMeasured() + " against " + r.describeObjective()).toList();
        if (!failed.isEmpty()) {
            fail("to meet every measured objective", "these failed: " + String.join("; ", failed));
        }
        return this;
    }

    private void fail(String expected, String but) {
        String rows = actual.objectives().stream().map(r -> "  " + r.verdict() + " " + r.name() + ": measured "
                + r.describeMeasured() + ", objective " + r.describeObjective()).collect(Collectors.joining(System.lineSeparator()));
        failWithMessage("%nExpecting report %s (%s)%n%s%nbut %s.%nObjectives:%n%s", actual.id(), actual.title(), expected, but, rows);
    }
}

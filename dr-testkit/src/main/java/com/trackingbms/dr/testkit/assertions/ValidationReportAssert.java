package com.trackingbms.dr.testkit.assertions;

import com.trackingbms.dr.validation.CheckResult;
import com.trackingbms.dr.validation.ValidationReport;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on a {@link ValidationReport}; each failure message ends with every check's result. */
public final class ValidationReportAssert extends AbstractAssert<ValidationReportAssert, ValidationReport> {

    ValidationReportAssert(ValidationReport actual) {
        super(actual, ValidationReportAssert.class);
    }

    /** The success rate reached the report's threshold. */
    public ValidationReportAssert passed() {
        isNotNull();
        if (!actual.passed()) {
            fail("to pass its threshold of " + pct(actual.threshold()), "the success rate was " + pct(actual.successRate()));
        }
        return this;
    }

    /** The success rate is at least {@code percent}. */
    public ValidationReportAssert hasSuccessRateAtLeast(double percent) {
        isNotNull();
        if (actual.successRate() < percent) {
            fail("to have a success rate of at least " + pct(percent), "it was " + pct(actual.successRate()));
        }
        return this;
    }

    /** Every check of {@code category} passed (and the category has checks). */
    public ValidationReportAssert categoryPassed(String category) {
        isNotNull();
        List<CheckResult> results = actual.byCategory().get(category);
        if (results == null || results.isEmpty()) {
            fail("to have checks in category " + category, "it has categories " + actual.byCategory().keySet());
        } else if (results.stream().anyMatch(r -> !r.passed())) {
            fail("to pass every check of " + category, results.stream().filter(r -> !r.passed())
                    .map(r -> r.name() + " failed: " + r.detail()).collect(Collectors.joining("; ")));
        }
        return this;
    }

    /** The check named {@code name} ran and passed. */
    public ValidationReportAssert checkPassed(String name) {
        isNotNull();
        CheckResult r = actual.results().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        if (r == null) {
            fail("to have run check '" + name + "'", "no check of that name ran");
        } else if (!r.passed()) {
            fail("check '" + name + "' to pass", "it failed: " + r.detail());
        }
        return this;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v);
    }

    /** Builds every failure message in one place: expectation, finding, then every check's result. */
    private void fail(String expected, String but) {
        String results = actual.results().stream().map(r -> "  " + (r.passed() ? "PASS " : "FAIL ") + r.category() + "/"
                + r.name() + ": " + r.detail()).collect(Collectors.joining(System.lineSeparator()));
        failWithMessage("%nExpecting validation of %s%n%s%nbut %s.%nChecks (%s):%n%s", actual.site(), expected, but,
                actual.summary(), results);
    }
}

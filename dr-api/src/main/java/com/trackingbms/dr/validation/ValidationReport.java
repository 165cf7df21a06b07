package com.trackingbms.dr.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The result of running a {@link RecoveryValidator} against a site: every check's result, the success rate and
 * whether it reaches the threshold.
 *
 * @param site the validated site
 * @param startedAt when the run started
 * @param finishedAt when the last check ended
 * @param threshold the lowest accepted success rate, in percent
 * @param results every check's result, in declaration order
 */
public record ValidationReport(String site, Instant startedAt, Instant finishedAt, double threshold,
                               List<CheckResult> results) {

    /** Copies the list and checks the parts are present. */
    public ValidationReport {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        results = List.copyOf(results);
    }

    /** Number of checks that passed. */
    public long passedCount() {
        return results.stream().filter(CheckResult::passed).count();
    }

    /** Passed checks in percent of all checks; 100 when there are no checks (nothing was required). */
    public double successRate() {
        return results.isEmpty() ? 100.0 : 100.0 * passedCount() / results.size();
    }

    /** Whether the success rate reaches the threshold. */
    public boolean passed() {
        return successRate() >= threshold;
    }

    /** How long the run took. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** The results grouped by category, in declaration order. */
    public Map<String, List<CheckResult>> byCategory() {
        return results.stream().collect(Collectors.groupingBy(CheckResult::category, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** Counts and success rate per category, in declaration order. */
    public List<CategoryResult> categories() {
        return byCategory().entrySet().stream().map(e -> new CategoryResult(e.getKey(),
                (int) e.getValue().stream().filter(CheckResult::passed).count(), e.getValue().size())).toList();
    }

    /** The counts of one category, if the report has checks in it. */
    public java.util.Optional<CategoryResult> category(String name) {
        return categories().stream().filter(c -> c.category().equals(name)).findFirst();
    }

    /** The failed checks. */
    public List<CheckResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** "19/20 checks passed (95.0 % >= 95.0 %)", followed by the failed checks. */
    public String summary() {
        String head = String.format(java.util.Locale.ROOT, "%d/%d checks passed (%.1f %% %s %.1f %%)", passedCount(),
                results.size(), successRate(), passed() ? ">=" : "<", threshold);
        if (results.isEmpty()) {
            head += ", no checks declared";
        }
        return head + failures().stream().map(f -> "; failed " + f.category() + "/" + f.name() + ": " + f.detail())
                .collect(Collectors.joining());
    }
}

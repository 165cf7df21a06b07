package com.trackingbms.dr.validation.internal;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.CheckCategory;
import com.trackingbms.dr.validation.CheckContext;
import com.trackingbms.dr.validation.CheckResult;
import com.trackingbms.dr.validation.CheckStatus;
import com.trackingbms.dr.validation.Outcome;
import com.trackingbms.dr.validation.RecoveryValidator;
import com.trackingbms.dr.validation.ValidationReport;
import com.trackingbms.dr.validation.ValidationRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link ValidationRunner#create}: submits every check at once, then collects each within its own deadline. */
public final class ConcurrentValidationRunner implements ValidationRunner {

    private final ExecutorService executor;
    private final Clock clock;

    /** Creates the runner. */
    public ConcurrentValidationRunner(ExecutorService executor, Clock clock) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private record Pending(String category, Check check, Future<CheckResult> future, long deadlineNanos) {
    }

    @Override
    public ValidationReport run(RecoveryValidator validator, Site site) throws InterruptedException {
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(site, "site");
        Instant started = clock.instant();
        Duration timeout = validator.checkTimeout();
        CheckContext context = new Context(site, timeout);
        List<Pending> pending = new ArrayList<>();
        for (CheckCategory category : validator.categories()) {
            for (Check check : category.checks()) {
                // The deadline is taken per check at submission: a slow first check does not eat the others' time.
                long deadline = System.nanoTime() + timeout.toNanos();
                pending.add(new Pending(category.name(), check,
                        executor.submit(() -> runOne(category.name(), check, context)), deadline));
            }
        }
        List<CheckResult> results = new ArrayList<>();
        for (Pending p : pending) {
            results.add(collect(p, timeout));
        }
        return new ValidationReport(site.name(), started, clock.instant(), validator.threshold(), results);
    }

    private CheckResult runOne(String category, Check check, CheckContext context) {
        Instant t0 = clock.instant();
        try {
            Outcome outcome = check.run(context);
            if (outcome == null) {
                return new CheckResult(category, check.name(), CheckStatus.FAILED, "check returned no outcome",
                        Duration.between(t0, clock.instant()));
            }
            return new CheckResult(category, check.name(), outcome.passed() ? CheckStatus.PASSED : CheckStatus.FAILED,
                    outcome.detail(), Duration.between(t0, clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(category, check.name(), CheckStatus.FAILED, "interrupted",
                    Duration.between(t0, clock.instant()));
        } catch (Exception e) {
            return new CheckResult(category, check.name(), CheckStatus.FAILED, describe(e),
                    Duration.between(t0, clock.instant()));
        }
    }

    private static CheckResult collect(Pending p, Duration timeout) throws InterruptedException {
        long remaining = Math.max(0, p.deadlineNanos() - System.nanoTime());
        try {
            return p.future().get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            p.future().cancel(true);
            return new CheckResult(p.category(), p.check().name(), CheckStatus.FAILED,
                    "timed out after " + Durations.format(timeout), timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            return new CheckResult(p.category(), p.check().name(), CheckStatus.FAILED, describe(e.getCause()),
                    Duration.ZERO);
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

    private record Context(Site site, Duration timeout) implements CheckContext {
    }
}

package com.trackingbms.dr.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.Activation;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.SiteRole;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValidationRunnerTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch never = new CountDownLatch(1);
    private static final Site SITE = new Site("toronto", SiteRole.HOT_STANDBY, "", "", 100, Activation.AUTOMATIC,
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());

    @AfterEach
    void stop() {
        never.countDown();
        executor.shutdownNow();
    }

    private static RecoveryValidator validator(double threshold, Duration timeout, CheckCategory... categories) {
        return new RecoveryValidator() {
            @Override
            public List<CheckCategory> categories() {
                return List.of(categories);
            }

            @Override
            public double threshold() {
                return threshold;
            }

            @Override
            public Duration checkTimeout() {
                return timeout;
            }
        };
    }

    @Test
    void countsPassedChecksAgainstTheThresholdAndTurnsThrowsAndHangsIntoFailures() throws Exception {
        RecoveryValidator v = validator(75.0, Duration.ofMillis(200),
                new CheckCategory("database", List.of(
                        Check.of("connects", c -> Outcome.pass("connected to " + c.site().name())),
                        Check.of("writes", c -> Outcome.pass("1 row")))),
                new CheckCategory("application", List.of(
                        Check.of("throws", c -> {
                            throw new IllegalStateException("no batteries");
                        }),
                        Check.of("hangs", c -> {
                            never.await();
                            return Outcome.pass("never");
                        }))));
        ValidationReport report = ValidationRunner.create(executor, Clock.systemUTC()).run(v, SITE);
        assertThat(report.results()).extracting(CheckResult::name).containsExactly("connects", "writes", "throws", "hangs");
        assertThat(report.successRate()).isEqualTo(50.0);
        assertThat(report.passed()).isFalse();
        assertThat(report.results().get(0).detail()).isEqualTo("connected to toronto");
        assertThat(report.results().get(2).detail()).isEqualTo("IllegalStateException: no batteries");
        assertThat(report.results().get(3).detail()).isEqualTo("timed out after 200ms");
        assertThat(report.byCategory()).containsOnlyKeys("database", "application");
        assertThat(report.summary()).startsWith("2/4 checks passed (50.0 % < 75.0 %)").contains("failed application/hangs");
    }

    @Test
    void meetsTheThresholdExactly() throws Exception {
        RecoveryValidator v = validator(50.0, Duration.ofSeconds(5), new CheckCategory("db", List.of(
                Check.of("a", c -> Outcome.pass("")), Check.of("b", c -> Outcome.fail("no")))));
        assertThat(ValidationRunner.create(executor, Clock.systemUTC()).run(v, SITE).passed()).isTrue();
    }

    @Test
    void noChecksPassesAndSaysSo() throws Exception {
        ValidationReport report = ValidationRunner.create(executor, Clock.systemUTC()).run(validator(95, Duration.ofSeconds(1)), SITE);
        assertThat(report.passed()).isTrue();
        assertThat(report.summary()).contains("no checks declared");
    }
}

package com.trackingbms.dr;

import static com.trackingbms.dr.Objective.availability;
import static com.trackingbms.dr.Objective.rpo;
import static com.trackingbms.dr.Objective.rto;
import static com.trackingbms.dr.ReplicationMode.ASYNCHRONOUS;
import static com.trackingbms.dr.ReplicationMode.SYNCHRONOUS;
import static com.trackingbms.dr.backup.Retention.daily;
import static com.trackingbms.dr.backup.Retention.weekly;
import static com.trackingbms.dr.failover.FailoverStep.fenceOldPrimary;
import static com.trackingbms.dr.failover.FailoverStep.guardRpo;
import static com.trackingbms.dr.failover.FailoverStep.promoteDatabase;
import static com.trackingbms.dr.failover.FailoverStep.reroute;
import static com.trackingbms.dr.failover.FailoverStep.validate;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.backup.BackupStrategy;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.failover.Quorum;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every plan rule: each test breaks one thing in an otherwise valid plan and checks the path, message and fix. */
class PlanValidationTest {

    /** A valid plan, with hooks to break one part at a time. */
    private static DisasterRecoveryPlan.Builder valid(Consumer<DisasterRecoveryPlan.Builder> extra) {
        DisasterRecoveryPlan.Builder b = DisasterRecoveryPlan.named("trackingbms")
                .objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(99.99))
                .site("montreal", s -> s.primary().probe(TestComponents.probe("montreal-health")))
                .site("toronto", s -> s.hotStandby().streaming(SYNCHRONOUS))
                .site("vancouver", s -> s.warmStandby().manualActivation().syncEvery(ofHours(24)));
        extra.accept(b);
        return b;
    }

    private static Function<FailoverChain.Start, FailoverChain.Spec> chain() {
        return c -> c.from("montreal").to("toronto").thenTo("vancouver");
    }

    private static List<Problem> problemsOf(DisasterRecoveryPlan.Builder builder) {
        try {
            builder.build();
        } catch (PlanValidationException e) {
            return e.problems();
        }
        throw new AssertionError("expected the plan to be rejected");
    }

    private static Problem onlyProblem(DisasterRecoveryPlan.Builder builder) {
        List<Problem> problems = problemsOf(builder);
        assertThat(problems).as("problems").hasSize(1);
        return problems.get(0);
    }

    @Test
    void aValidPlanBuilds() {
        DisasterRecoveryPlan plan = valid(b -> b.failover(chain())).build();
        assertThat(plan.primary().name()).isEqualTo("montreal");
        assertThat(plan.failover()).get().extracting(FailoverChain::sites).isEqualTo(List.of("montreal", "toronto", "vancouver"));
    }

    @Test
    void theIssueExampleMessageForAnAutomaticSiteThatCannotMeetTheRpo() {
        Problem p = onlyProblem(valid(b -> b.site("calgary", s -> s.warmStandby().automaticActivation().syncEvery(ofHours(24)))));
        assertThat(p.toString()).isEqualTo("sites.calgary.syncEvery: 24h cannot meet the plan RPO of 5m for an "
                + "automatically activated site; make it manual or sync more often");
    }

    @Test
    void everyProblemIsListedNotJustTheFirst() {
        PlanValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(PlanValidationException.class,
                () -> DisasterRecoveryPlan.named("trackingbms")
                        .objectives(rto(Duration.ZERO), rpo(ofMinutes(5)), availability(100))
                        .site("montreal", s -> s.primary().capacity(0))
                        .build());
        assertThat(e.problems()).extracting(Problem::path)
                .containsExactly("objectives.rto", "objectives.availability", "sites.montreal.capacity");
        assertThat(e.getMessage()).startsWith("plan 'trackingbms' cannot work, 3 problems:")
                .contains("\n  - objectives.rto: RTO 0s is not positive; give a positive duration")
                .contains("\n  - sites.montreal.capacity: capacity 0 % is outside 1-100;");
    }

    @Nested
    class Sites {
        @Test
        void noPrimary() {
            Problem p = onlyProblem(DisasterRecoveryPlan.named("p").objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(99.9))
                    .site("toronto", s -> s.hotStandby().streaming(SYNCHRONOUS)));
            assertThat(p).isEqualTo(new Problem("sites", "no site is the primary", "mark the site that serves production with primary()"));
        }

        @Test
        void twoPrimaries() {
            Problem p = onlyProblem(valid(b -> b.site("calgary", s -> s.primary())));
            assertThat(p.path()).isEqualTo("sites");
            assertThat(p.message()).isEqualTo("sites montreal, calgary are all marked primary");
            assertThat(p.fix()).startsWith("mark exactly one site primary()");
        }

        @Test
        void noSiteAtAll() {
            Problem p = onlyProblem(DisasterRecoveryPlan.named("p").objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(99.9)));
            assertThat(p.path()).isEqualTo("sites");
            assertThat(p.message()).isEqualTo("the plan has no site");
        }

        @Test
        void duplicateNames() {
            Problem p = onlyProblem(valid(b -> b.site("toronto", s -> s.hotStandby().streaming(ASYNCHRONOUS))));
            assertThat(p.toString()).isEqualTo("sites.toronto: site 'toronto' is declared twice; give each site a unique name");
        }

        @Test
        void roleMissing() {
            Problem p = onlyProblem(valid(b -> b.site("calgary", s -> s.capacity(50))));
            assertThat(p.toString()).isEqualTo("sites.calgary.role: no role; call primary(), hotStandby(), warmStandby() or coldBackup()");
        }

        @Test
        void nameNotPlain() {
            Problem p = onlyProblem(valid(b -> b.site("Calgary West", s -> s.coldBackup().syncEvery(ofDays(7)))));
            assertThat(p.path()).isEqualTo("sites.Calgary West");
            assertThat(p.message()).isEqualTo("site name 'Calgary West' is not a plain name");
        }

        @Test
        void standbyWithoutSync() {
            Problem p = onlyProblem(valid(b -> b.site("calgary", s -> s.hotStandby())));
            assertThat(p.toString()).isEqualTo("sites.calgary.sync: a hot-standby site must say how it is kept in sync; "
                    + "call streaming(SYNCHRONOUS|ASYNCHRONOUS) or syncEvery(interval)");
        }

        @Test
        void primaryWithSync() {
            Problem p = onlyProblem(DisasterRecoveryPlan.named("p").objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(99.9))
                    .site("montreal", s -> s.primary().streaming(SYNCHRONOUS)));
            assertThat(p.path()).isEqualTo("sites.montreal.sync");
        }

        @Test
        void zeroOrNegativeSyncInterval() {
            List<Problem> problems = problemsOf(valid(b -> b
                    .site("calgary", s -> s.warmStandby().syncEvery(Duration.ZERO))
                    .site("halifax", s -> s.coldBackup().syncEvery(ofHours(-1)))));
            assertThat(problems).extracting(Problem::toString).containsExactly(
                    "sites.calgary.syncEvery: sync interval 0s is not positive; give a positive duration, e.g. syncEvery(Duration.ofHours(24))",
                    "sites.halifax.syncEvery: sync interval -1h is not positive; give a positive duration, e.g. syncEvery(Duration.ofHours(24))");
        }

        @Test
        void capacityOutOfRange() {
            Problem p = onlyProblem(valid(b -> b.site("calgary", s -> s.warmStandby().syncEvery(ofHours(1)).capacity(101))));
            assertThat(p.toString()).startsWith("sites.calgary.capacity: capacity 101 % is outside 1-100;");
        }

        @Test
        void automaticColdBackup() {
            Problem p = onlyProblem(valid(b -> b.site("frankfurt", s -> s.coldBackup().automaticActivation().syncEvery(ofMinutes(1)))));
            assertThat(p.path()).isEqualTo("sites.frankfurt.activation");
            assertThat(p.fix()).startsWith("use manualActivation()");
        }

        @Test
        void asynchronousAutomaticSiteIsAcceptedBecauseTheRpoGuardWatchesItsLag() {
            assertThat(valid(b -> b.site("calgary", s -> s.hotStandby().streaming(ASYNCHRONOUS))).build().sites()).hasSize(4);
        }

        @Test
        void defaultActivationFollowsTheRole() {
            DisasterRecoveryPlan plan = valid(b -> b.site("frankfurt", s -> s.coldBackup().syncEvery(ofDays(7)))).build();
            assertThat(plan.site("toronto").activation()).isEqualTo(Activation.AUTOMATIC);
            assertThat(plan.site("vancouver").activation()).isEqualTo(Activation.MANUAL);
            assertThat(plan.site("frankfurt").activation()).isEqualTo(Activation.MANUAL);
        }
    }

    @Nested
    class Objectives {
        @Test
        void missingObjectives() {
            List<Problem> problems = problemsOf(DisasterRecoveryPlan.named("p").site("montreal", s -> s.primary()));
            assertThat(problems).extracting(Problem::path).containsExactly("objectives.rto", "objectives.rpo", "objectives.availability");
            assertThat(problems.get(0).toString()).isEqualTo("objectives.rto: RTO is not set; set it, e.g. rto(Duration.ofMinutes(15)) in objectives(...)");
        }

        @Test
        void negativeRpo() {
            Problem p = onlyProblem(DisasterRecoveryPlan.named("p").objectives(rto(ofMinutes(15)), rpo(ofMinutes(-5)), availability(99.9))
                    .site("montreal", s -> s.primary()));
            assertThat(p.toString()).isEqualTo("objectives.rpo: RPO -5m is not positive; give a positive duration, e.g. rpo(Duration.ofMinutes(5)) in objectives(...)");
        }

        @Test
        void availabilityOutsideOpenInterval() {
            for (double bad : new double[] {0.0, 100.0, -1.0, 150.0, Double.NaN}) {
                Problem p = onlyProblem(DisasterRecoveryPlan.named("p").objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(bad))
                        .site("montreal", s -> s.primary()));
                assertThat(p.path()).isEqualTo("objectives.availability");
                assertThat(p.message()).isEqualTo("availability " + bad + " % is outside (0, 100)");
                assertThat(p.fix()).isEqualTo("give a percentage strictly between 0 and 100, e.g. availability(99.99)");
            }
        }
    }

    @Nested
    class Chain {
        @Test
        void unknownSite() {
            Problem p = onlyProblem(valid(b -> b.failover(c -> c.from("montreal").to("torontoo"))));
            assertThat(p.toString()).isEqualTo("failover.sites[1]: unknown site 'torontoo'; use one of the declared sites [montreal, toronto, vancouver]");
        }

        @Test
        void doesNotStartAtThePrimary() {
            Problem p = onlyProblem(valid(b -> b.failover(c -> c.from("toronto").to("vancouver"))));
            assertThat(p.toString()).isEqualTo("failover.from: the chain starts at 'toronto', which is not the primary (montreal); "
                    + "start the chain at the primary: from(\"montreal\")");
        }

        @Test
        void siteTwice() {
            Problem p = onlyProblem(valid(b -> b.failover(c -> c.from("montreal").to("toronto").thenTo("toronto"))));
            assertThat(p.toString()).isEqualTo("failover.sites[2]: site 'toronto' appears twice in the chain; list each site once");
        }

        @Test
        void primaryLaterInTheChain() {
            Problem p = onlyProblem(valid(b -> b.failover(c -> c.from("montreal").to("toronto").thenTo("montreal"))));
            assertThat(p.path()).isEqualTo("failover.sites[2]");
            assertThat(p.message()).contains("appears twice");
        }

        @Test
        void probeTimeoutNotShorterThanInterval() {
            Problem p = onlyProblem(valid(b -> b.failover(c -> c.from("montreal").to("toronto")
                    .probingEvery(ofSeconds(30)).probeTimeout(ofSeconds(30)))));
            assertThat(p.toString()).isEqualTo("failover.probeTimeout: probe timeout 30s is not shorter than the probe interval 30s; "
                    + "a probe must end before the next round; make the timeout shorter than the interval");
        }

        @Test
        void aFastIntervalAloneGetsAFittingDefaultTimeout() {
            DisasterRecoveryPlan plan = valid(b -> b.failover(c -> c.from("montreal").to("toronto")
                    .probingEvery(Duration.ofMillis(250)).detectAfter(3).consecutiveFailures())).build();
            assertThat(plan.failover().orElseThrow().detection().probeTimeout()).isLessThan(Duration.ofMillis(250));
        }

        @Test
        void zeroAndNegativeDetectionValues() {
            List<Problem> problems = problemsOf(valid(b -> b.failover(c -> c.from("montreal").to("toronto")
                    .probingEvery(Duration.ZERO).probeTimeout(ofSeconds(-1)).detectAfter(0).consecutiveFailures()
                    .cooldown(ofMinutes(-1)).quorum(Quorum.atLeast(-2)))));
            assertThat(problems).extracting(Problem::path).containsExactly("failover.probingEvery", "failover.probeTimeout",
                    "failover.detectAfter", "failover.quorum", "failover.cooldown");
            assertThat(problems.get(2).toString()).isEqualTo("failover.detectAfter: 0 failed rounds cannot declare a site down; "
                    + "use detectAfter(3).consecutiveFailures() or any count of 1 or more");
        }

        @Test
        void promoteWithoutFenceFirst() {
            List<Problem> problems = problemsOf(valid(b -> b
                    .site("calgary", s -> s.hotStandby().streaming(SYNCHRONOUS).database(TestComponents.database("calgary-pg")))
                    .failover(c -> c.from("montreal").to("calgary").steps(promoteDatabase(), fenceOldPrimary(), validate()))));
            assertThat(problems).extracting(Problem::toString).contains("failover.steps: promoteDatabase() is not preceded by "
                    + "fenceOldPrimary(); fence the old primary before promoting anything, or a returning primary can split the brain");
        }

        @Test
        void guardAfterPromote() {
            List<Problem> problems = problemsOf(valid(b -> b.failover(c -> c.from("montreal").to("toronto")
                    .steps(fenceOldPrimary(), promoteDatabase(), guardRpo()))));
            assertThat(problems).extracting(Problem::message).contains("guardRpo() comes after promoteDatabase()");
        }

        @Test
        void promotingASiteWithoutADatabase() {
            List<Problem> problems = problemsOf(valid(b -> b.failover(c -> c.from("montreal").to("toronto")
                    .steps(fenceOldPrimary(), promoteDatabase()))));
            assertThat(problems).extracting(Problem::toString).contains("sites.toronto.database: the failover chain promotes the "
                    + "database of toronto, but the site has none; call database(node) on the site, or remove promoteDatabase() from the steps");
        }

        @Test
        void rerouteWithoutRoutersOrTargets() {
            List<Problem> problems = problemsOf(valid(b -> b.failover(c -> c.from("montreal").to("toronto").steps(reroute()))));
            assertThat(problems).extracting(Problem::path).containsExactly("failover.steps[0]", "sites.montreal.traffic", "sites.toronto.traffic");
            assertThat(problems.get(0).fix()).isEqualTo("pass the DNS and load-balancer routers: reroute(dns, loadBalancer)");
        }

        @Test
        void stepTimeoutsAndAttempts() {
            List<Problem> problems = problemsOf(valid(b -> b.failover(c -> c.from("montreal").to("toronto")
                    .steps(validate().withTimeout(Duration.ZERO).withAttempts(0)))));
            assertThat(problems).extracting(Problem::path).containsExactly("failover.steps[0].timeout", "failover.steps[0].attempts");
        }

        @Test
        void primaryWithoutProbeCannotBeWatched() {
            Problem p = onlyProblem(DisasterRecoveryPlan.named("p").objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(99.9))
                    .site("montreal", s -> s.primary())
                    .site("toronto", s -> s.hotStandby().streaming(SYNCHRONOUS))
                    .failover(c -> c.from("montreal").to("toronto")));
            assertThat(p.path()).isEqualTo("sites.montreal.probe");
        }

        @Test
        void defaultStepsFollowWhatTheSitesHave() {
            DisasterRecoveryPlan noDb = valid(b -> b.failover(chain())).build();
            assertThat(noDb.failover().orElseThrow().steps()).extracting(FailoverStep::kind).containsExactly(FailoverStep.Kind.VALIDATE);
            DisasterRecoveryPlan withDb = DisasterRecoveryPlan.named("p").objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(99.9))
                    .site("montreal", s -> s.primary().probe(TestComponents.probe("h")).database(TestComponents.database("a")))
                    .site("toronto", s -> s.hotStandby().streaming(SYNCHRONOUS).database(TestComponents.database("b")))
                    .failover(c -> c.from("montreal").to("toronto")).build();
            assertThat(withDb.failover().orElseThrow().steps()).extracting(FailoverStep::kind).containsExactly(
                    FailoverStep.Kind.FENCE_OLD_PRIMARY, FailoverStep.Kind.GUARD_RPO, FailoverStep.Kind.PROMOTE_DATABASE, FailoverStep.Kind.VALIDATE);
        }
    }

    @Nested
    class Backups {
        private DisasterRecoveryPlan.Builder withBackups(Consumer<BackupStrategy.Spec> spec) {
            return valid(b -> b.backups(spec));
        }

        @Test
        void invalidCron() {
            Problem p = onlyProblem(withBackups(s -> s.full().cron("0 25 * * *").storeIn(TestComponents.store())));
            assertThat(p.path()).isEqualTo("backups.full-backup.cron");
            assertThat(p.message()).startsWith("cron expression '0 25 * * *' is invalid");
            assertThat(p.fix()).isEqualTo("use five fields: minute hour day-of-month month day-of-week, e.g. '0 2 * * *'");
        }

        @Test
        void invalidTimeZone() {
            Problem p = onlyProblem(withBackups(s -> s.full().cron("0 2 * * *", "America/Montreall").storeIn(TestComponents.store())));
            assertThat(p.toString()).isEqualTo("backups.full-backup.zone: time zone 'America/Montreall' is unknown; "
                    + "use a region id such as 'America/Toronto' or 'UTC'");
        }

        @Test
        void invalidDefaultZoneAppliesToEveryCronJob() {
            List<Problem> problems = problemsOf(withBackups(s -> s.zone("Mars/Olympus").full().cron("0 2 * * *")
                    .cleanup().cron("0 23 * * *").storeIn(TestComponents.store())));
            assertThat(problems).extracting(Problem::path).containsExactly("backups.full-backup.zone", "backups.cleanup.zone");
        }

        @Test
        void nonPositiveInterval() {
            Problem p = onlyProblem(withBackups(s -> s.full().cron("0 2 * * *").incremental().every(Duration.ZERO).storeIn(TestComponents.store())));
            assertThat(p.toString()).isEqualTo("backups.incremental-backup.every: interval 0s is not positive; give a positive duration, e.g. every(Duration.ofHours(4))");
        }

        @Test
        void negativeRetention() {
            List<Problem> problems = problemsOf(withBackups(s -> s.full().cron("0 2 * * *").retention(daily(-1), weekly(-3)).storeIn(TestComponents.store())));
            assertThat(problems).extracting(Problem::toString).containsExactly(
                    "backups.retention.daily: count -1 is negative; keep 0 or more",
                    "backups.retention.weekly: count -3 is negative; keep 0 or more");
        }

        @Test
        void encryptionWithoutKeyProvider() {
            Problem p = onlyProblem(withBackups(s -> s.full().cron("0 2 * * *").encrypt(Encryption.aes256Gcm(null)).storeIn(TestComponents.store())));
            assertThat(p.toString()).isEqualTo("backups.encryption.keys: AES-256-GCM encryption has no key provider; "
                    + "pass one to aes256Gcm(keys), e.g. a passphrase or environment-variable key provider");
        }

        @Test
        void compressionLevelOutOfRange() {
            Problem p = onlyProblem(withBackups(s -> s.full().cron("0 2 * * *").compress(Compression.zstd(30)).storeIn(TestComponents.store())));
            assertThat(p.toString()).isEqualTo("backups.compression: zstd level 30 is outside 1-22 and the fast levels -1 to -100; use zstd(3) for speed, up to 19 for size, or a negative level for more speed at a larger size");
        }

        @Test
        void zstdParameterOutOfRangeIsNamedWithItsRange() {
            Problem p = onlyProblem(withBackups(s -> s.full().cron("0 2 * * *")
                    .compress(Compression.zstd(5).with(Compression.ZstdParameter.MIN_MATCH, 9)).storeIn(TestComponents.store())));
            assertThat(p.toString()).isEqualTo("backups.compression: zstd min match 9 is outside 3-7; "
                    + "set MIN_MATCH within 3-7, or leave it out to use the level's value");
        }

        @Test
        void incrementalWithoutFullAndNoStore() {
            List<Problem> problems = problemsOf(withBackups(s -> s.incremental().every(ofHours(4))));
            assertThat(problems).extracting(Problem::path).containsExactly("backups.full", "backups.store");
        }

        @Test
        void nothingScheduled() {
            Problem p = onlyProblem(withBackups(s -> s.restoreTest().cron("0 1 * * 0").storeIn(TestComponents.store())));
            assertThat(p.toString()).isEqualTo("backups: no backup is scheduled; schedule at least full().cron(\"0 2 * * *\")");
        }
    }

    @Nested
    class Validation {
        @Test
        void thresholdOutsideRange() {
            for (double bad : new double[] {-0.1, 100.5}) {
                Problem p = onlyProblem(valid(b -> b.validation(v -> v.threshold(bad))));
                assertThat(p.toString()).isEqualTo("validation.threshold: threshold " + bad
                        + " % is outside 0-100; give the accepted success rate in percent, e.g. threshold(95.0)");
            }
        }

        @Test
        void duplicateCheckInACategory() {
            Check check = Check.of("tables exist", ctx -> Outcome.pass("ok"));
            Problem p = onlyProblem(valid(b -> b.validation(v -> v.category("database", check, check))));
            assertThat(p.path()).isEqualTo("validation.categories.database.tables exist");
        }

        @Test
        void zeroCheckTimeout() {
            Problem p = onlyProblem(valid(b -> b.validation(v -> v.checkTimeout(Duration.ZERO))));
            assertThat(p.path()).isEqualTo("validation.checkTimeout");
        }
    }
}

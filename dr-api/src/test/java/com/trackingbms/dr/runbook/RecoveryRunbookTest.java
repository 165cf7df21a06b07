package com.trackingbms.dr.runbook;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.trackingbms.dr.Activation;
import com.trackingbms.dr.MutableClock;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.SiteRole;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.FileTree;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.spi.Rotator;
import com.trackingbms.dr.spi.Terraform;
import com.trackingbms.dr.spi.TrafficRouter;
import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.CheckCategory;
import com.trackingbms.dr.validation.HttpChecks;
import com.trackingbms.dr.validation.Outcome;
import com.trackingbms.dr.validation.RecoveryValidator;
import com.trackingbms.dr.validation.StandardCategory;
import com.trackingbms.dr.validation.ValidationRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runbooks over the real backup pipeline (filesystem store, tar source and target, AES-256-GCM), a stand-in
 * terraform executable, and WireMock for the BMS endpoints.
 */
class RecoveryRunbookTest {

    private static final Site SITE = new Site("drill-site", SiteRole.PRIMARY, "", "", 100, Activation.AUTOMATIC,
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

    private static WireMockServer bms;

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final MutableClock clock = new MutableClock(T0);

    @BeforeAll
    static void startBms() {
        bms = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        bms.start();
        for (String system : HttpChecks.RUNBOOK_BMS_SYSTEMS) {
            bms.stubFor(get(urlEqualTo("/api/bms/" + system + "/test")).willReturn(ok()));
        }
    }

    @AfterAll
    static void stopBms() {
        bms.stop();
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private BackupRunner runner(String name) throws Exception {
        return BackupRunner.builder(FileSystemObjectStore.of(dir.resolve("store-" + name)))
                .encryption(Encryption.aes256Gcm(KeyProviders.key("k1", Secret.of("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))))
                .clock(clock).stagingDirectory(Files.createDirectories(dir.resolve("staging"))).build();
    }

    private BackupManifest backupOf(BackupRunner runner, String file, String content, Instant at) throws Exception {
        Path src = dir.resolve("src-" + content.hashCode());
        Files.createDirectories(src);
        Files.writeString(src.resolve(file), content);
        clock.set(at);
        return runner.backup(FileTree.source(src), BackupKind.FULL);
    }

    private static Check fileHolds(Path file, String content) {
        return Check.of(file.getFileName() + " restored", c -> Files.exists(file) && Files.readString(file).equals(content)
                ? Outcome.pass(file + " holds the backup's content") : Outcome.fail(file + " is missing or differs"));
    }

    private ValidationRunner validation() {
        return ValidationRunner.create(executor, clock);
    }

    private RecoveryRunbook totalOutage(TerraformStandIn tf, BackupRunner backups, Path restored, List<String> monitoring)
            throws Exception {
        Terraform terraform = Terraform.builder(Files.createDirectories(dir.resolve("infra"))).binary(tf.binary())
                .variable("region", "ca-central-1").secretVariable("db_password", Secret.of("pw-never-shown")).build();
        HttpChecks http = HttpChecks.using(HttpClient.newHttpClient(), HttpChecks.trustManager(null), clock);
        URI base = URI.create(bms.baseUrl());
        return RecoveryRunbook.builder("trackingbms total outage", DisasterType.TOTAL_OUTAGE)
                .environment(TargetEnvironment.DRILL).restorePoint(RestorePoint.latest()).clock(clock)
                .step(RunbookSteps.provision(terraform))
                .step(RunbookSteps.restoreConfiguration(backups, FileTree.target(restored.resolve("config"))))
                .step(RunbookSteps.restoreDatabase(backups, FileTree.target(restored.resolve("db"))))
                .step(RunbookSteps.restoreApplicationFiles(backups, FileTree.target(restored.resolve("files"))))
                .step(RunbookSteps.restoreCache(backups, FileTree.target(restored.resolve("cache"))))
                .step(RunbookSteps.checkBmsConnectivity(validation(), SITE, Duration.ofSeconds(10),
                        new CheckCategory("bms", http.bmsConnectivity(base, HttpChecks.RUNBOOK_BMS_SYSTEMS))))
                .step(RunbookSteps.enableMonitoring("alert rules", ctx -> {
                    monitoring.add("enabled for " + ctx.environment().label());
                    return StepOutcome.done("alert rules enabled");
                }))
                .step(RunbookSteps.validate(validation(), RecoveryValidator.of(95.0, Duration.ofSeconds(10), List.of(
                        StandardCategory.DATA_INTEGRITY.of(fileHolds(restored.resolve("db/data.sql"), "v2"))
                )), SITE))
                .build();
    }

    @Test
    void totalOutageRunsEveryStepInTheRunbooksOrder() throws Exception {
        BackupRunner backups = runner("all");
        backupOf(backups, "data.sql", "v1", T0);
        BackupManifest latest = backupOf(backups, "data.sql", "v2", T0.plusSeconds(3600));
        TerraformStandIn tf = TerraformStandIn.create(dir.resolve("bin"));
        List<String> monitoring = new ArrayList<>();

        RunbookResult result = totalOutage(tf, backups, dir.resolve("restored"), monitoring).execute();

        assertThat(result.succeeded()).as(result.render()).isTrue();
        assertThat(result.steps()).extracting(StepRecord::kind).containsExactly(StepKind.PROVISION,
                StepKind.RESTORE_CONFIGURATION, StepKind.RESTORE_DATABASE, StepKind.RESTORE_APPLICATION_FILES,
                StepKind.RESTORE_CACHE, StepKind.CHECK_BMS_CONNECTIVITY, StepKind.ENABLE_MONITORING, StepKind.VALIDATE);
        assertThat(Files.readString(dir.resolve("restored/db/data.sql"))).isEqualTo("v2");
        assertThat(result.restored()).extracting(BackupManifest::id).containsOnly(latest.id()).hasSize(4);
        assertThat(result.steps().get(0).outputs()).containsEntry("db_host", "10.0.0.5").doesNotContainKey("db_password");
        assertThat(result.steps().get(5).detail()).startsWith("3/3 checks passed");
        assertThat(monitoring).containsExactly("enabled for drill");
        assertThat(result.validation()).get().satisfies(v -> assertThat(v.passed()).isTrue());
        assertThat(tf.calls()).extracting(c -> c.get(0)).containsExactly("init", "plan", "apply", "output");
        assertThat(result.render()).doesNotContain("pw-never-shown");
    }

    @Test
    void aFailedTerraformPlanStopsTheRunbookBeforeAnythingIsRestored() throws Exception {
        BackupRunner backups = runner("all");
        backupOf(backups, "data.sql", "v1", T0);
        TerraformStandIn tf = TerraformStandIn.create(dir.resolve("bin"));
        tf.failPhase("plan");

        RunbookResult result = totalOutage(tf, backups, dir.resolve("restored"), new ArrayList<>()).execute();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failedStep()).get().satisfies(f -> {
            assertThat(f.index()).isEqualTo(1);
            assertThat(f.detail()).startsWith("TerraformException: terraform plan in").contains("Invalid value for variable");
        });
        assertThat(result.steps().subList(1, 8)).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(StepRecord.Status.NOT_RUN);
            assertThat(s.duration()).isEmpty();
        });
        assertThat(tf.calls()).extracting(c -> c.get(0)).containsExactly("init", "plan");
        assertThat(dir.resolve("restored")).doesNotExist();
        assertThat(result.summary()).contains("failed at step 1 provision infrastructure").endsWith("ran 1 of 8 steps");
        assertThatThrownBy(result::orThrow).isInstanceOf(RunbookFailedException.class)
                .hasMessageContaining("failed at step 1").hasMessageNotContaining("pw-never-shown");
    }

    @Test
    void dryRunListsStepsWithInputsAndTouchesNothing() throws Exception {
        BackupRunner backups = runner("all");
        BackupManifest only = backupOf(backups, "data.sql", "v1", T0);
        TerraformStandIn tf = TerraformStandIn.create(dir.resolve("bin"));

        RunbookDryRun dry = totalOutage(tf, backups, dir.resolve("restored"), new ArrayList<>()).dryRun();

        assertThat(dry.steps()).extracting(PlannedStep::name).containsExactly("provision infrastructure",
                "restore configuration", "restore database", "restore application files", "restore cache",
                "check BMS connectivity", "enable monitoring", "validate recovery");
        assertThat(dry.destructiveSteps()).extracting(PlannedStep::index).containsExactly(1, 2, 3, 4, 5);
        assertThat(dry.steps().get(0).inputs()).containsEntry("var environment", "drill")
                .containsEntry("var db_password", "(secret, TF_VAR_db_password)");
        assertThat(dry.steps().get(2).inputs()).containsEntry("restore point", "latest")
                .containsEntry("backup", only.id() + " (finished " + T0 + ")");
        assertThat(dry.render()).contains("1. provision infrastructure [DESTRUCTIVE]").contains("8. validate recovery\n")
                .doesNotContain("pw-never-shown");
        assertThat(tf.log()).isEmpty();
        assertThat(dir.resolve("restored")).doesNotExist();
    }

    @Test
    void dataCorruptionRestoresTheLastBackupBeforeTheCorruption() throws Exception {
        BackupRunner backups = runner("db");
        backupOf(backups, "data.sql", "monday", T0);
        BackupManifest tuesday = backupOf(backups, "data.sql", "tuesday", T0.plus(Duration.ofDays(1)));
        Instant corrupted = tuesday.finishedAt().plusSeconds(600);
        backupOf(backups, "data.sql", "corrupt", corrupted.plusSeconds(600));
        Path target = dir.resolve("pitr");

        RecoveryRunbook runbook = RecoveryRunbook.builder("bad migration", DisasterType.DATA_CORRUPTION)
                .incidentAt(corrupted).clock(clock)
                .step(RunbookSteps.pointInTimeRestore(backups, FileTree.target(target)))
                .step(RunbookSteps.validate(validation(), RecoveryValidator.of(95.0, Duration.ofSeconds(5),
                        List.of(StandardCategory.DATA_INTEGRITY.of(fileHolds(target.resolve("data.sql"), "tuesday")))), SITE))
                .build();
        assertThat(runbook.restorePoint()).isEqualTo(RestorePoint.at(corrupted.minusNanos(1)));
        RunbookResult result = runbook.execute();

        assertThat(result.succeeded()).as(result.render()).isTrue();
        assertThat(result.restored()).extracting(BackupManifest::id).containsExactly(tuesday.id());
        assertThat(Files.readString(target.resolve("data.sql"))).isEqualTo("tuesday");
    }

    @Test
    void securityBreachRotatesRestoresTheLastVerifiedPreBreachBackupInIsolationValidatesAndPromotes() throws Exception {
        BackupRunner backups = runner("db");
        BackupManifest clean = backupOf(backups, "data.sql", "clean", T0);
        BackupManifest tampered = backupOf(backups, "data.sql", "tampered", T0.plusSeconds(3600));
        Instant breach = T0.plusSeconds(7200);
        backupOf(backups, "data.sql", "after-breach", breach.plusSeconds(60));
        // The attacker altered the newest pre-breach backup: verification must reject it.
        Path object = dir.resolve("store-db").resolve(tampered.objectKey());
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(object, bytes);

        List<String> calls = new ArrayList<>();
        Rotator key = rotator("backup key", "k2", calls);
        Rotator creds = rotator("postgres role app", "v7", calls);
        TrafficRouter router = new TrafficRouter() {
            @Override
            public String name() {
                return "dns api.trackingbms.test";
            }

            @Override
            public void routeTo(String siteName, TrafficTarget target) {
                calls.add("route " + siteName + " " + target.address());
            }

            @Override
            public Optional<TrafficTarget> current() {
                return Optional.empty();
            }
        };
        Path isolated = dir.resolve("isolated");
        RecoveryRunbook runbook = RecoveryRunbook.builder("breach", DisasterType.SECURITY_BREACH)
                .incidentAt(breach).environment(TargetEnvironment.STAGING).clock(clock)
                .step(RunbookSteps.rotateBackupKey(key))
                .step(RunbookSteps.rotateCredentials(creds))
                .step(RunbookSteps.isolatedRestore(backups, FileTree.target(isolated)))
                .step(RunbookSteps.validate(validation(), RecoveryValidator.of(95.0, Duration.ofSeconds(5),
                        List.of(StandardCategory.SECURITY.of(fileHolds(isolated.resolve("data.sql"), "clean")))), SITE))
                .step(RunbookSteps.promote(router, "isolated", TrafficTarget.of("10.9.0.1")))
                .build();

        RunbookResult result = runbook.execute();

        assertThat(result.succeeded()).as(result.render()).isTrue();
        assertThat(calls).containsExactly("rotate backup key", "rotate postgres role app", "route isolated 10.9.0.1");
        assertThat(result.restored()).extracting(BackupManifest::id).containsExactly(clean.id());
        assertThat(result.steps().get(2).detail()).contains("restored verified backup " + clean.id())
                // Whichever check sees the flipped bit first (the tag or the hash) rejects it.
                .containsPattern("skipped unverifiable " + tampered.id() + " \\((AuthenticationFailed|ChecksumMismatch)Exception\\)");
        assertThat(result.steps().get(0).outputs()).containsEntry("version", "k2");
        assertThat(Files.readString(isolated.resolve("data.sql"))).isEqualTo("clean");
    }

    @Test
    void aFailedValidationStopsTheBreachRunbookBeforePromotion() throws Exception {
        BackupRunner backups = runner("db");
        backupOf(backups, "data.sql", "clean", T0);
        List<String> calls = new ArrayList<>();
        Path isolated = dir.resolve("isolated");
        RunbookResult result = RecoveryRunbook.builder("breach", DisasterType.SECURITY_BREACH)
                .incidentAt(T0.plusSeconds(60)).clock(clock)
                .step(RunbookSteps.rotateBackupKey(rotator("backup key", "k2", calls)))
                .step(RunbookSteps.rotateCredentials(rotator("app", "v2", calls)))
                .step(RunbookSteps.isolatedRestore(backups, FileTree.target(isolated)))
                .step(RunbookSteps.validate(validation(), RecoveryValidator.of(95.0, Duration.ofSeconds(5),
                        List.of(StandardCategory.SECURITY.of(fileHolds(isolated.resolve("data.sql"), "something else")))), SITE))
                .step(RunbookStep.of("promote", StepKind.PROMOTE, true, java.util.Map.of(), ctx -> {
                    calls.add("promoted");
                    return StepOutcome.done("promoted");
                }))
                .build().execute();
        assertThat(result.failedStep()).get().extracting(StepRecord::kind).isEqualTo(StepKind.VALIDATE);
        assertThat(result.failedStep().get().detail()).startsWith("0/1 checks passed (0.0 % < 95.0 %)");
        assertThat(calls).doesNotContain("promoted");
        assertThat(result.steps().get(4).status()).isEqualTo(StepRecord.Status.NOT_RUN);
    }

    @Test
    void buildListsEveryProblem() {
        RunbookStep validate = RunbookStep.of("v", StepKind.VALIDATE, false, java.util.Map.of(), c -> StepOutcome.done(""));
        RunbookStep restore = RunbookStep.of("r", StepKind.RESTORE_DATABASE, true, java.util.Map.of(), c -> StepOutcome.done(""));
        assertThatThrownBy(() -> RecoveryRunbook.builder("x", DisasterType.TOTAL_OUTAGE).step(validate).step(restore).build())
                .hasMessageContaining("RESTORE_DATABASE comes after VALIDATE");
        assertThatThrownBy(() -> RecoveryRunbook.builder("x", DisasterType.DATA_CORRUPTION).restorePoint(RestorePoint.latest())
                .step(validate).build())
                .hasMessageContaining("incidentAt: a DATA_CORRUPTION runbook restores to just before the incident")
                .hasMessageContaining("restorePoint: a DATA_CORRUPTION runbook restores to just before incidentAt")
                .hasMessageContaining("needs a POINT_IN_TIME_RESTORE step");
        assertThatThrownBy(() -> RecoveryRunbook.builder("x", DisasterType.SECURITY_BREACH).incidentAt(T0).step(restore).build())
                .hasMessageContaining("RESTORE_DATABASE is not a step of a SECURITY_BREACH runbook")
                .hasMessageContaining("needs a ROTATE_BACKUP_KEY step").hasMessageContaining("needs a PROMOTE step");
    }

    private static Rotator rotator(String what, String version, List<String> calls) {
        return new Rotator() {
            @Override
            public String describe() {
                return what;
            }

            @Override
            public String rotate() {
                calls.add("rotate " + what);
                return version;
            }
        };
    }

}

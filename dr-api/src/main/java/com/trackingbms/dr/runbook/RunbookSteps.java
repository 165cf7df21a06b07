package com.trackingbms.dr.runbook;

import com.trackingbms.dr.Site;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.backup.RestoreTarget;
import com.trackingbms.dr.spi.Provisioner;
import com.trackingbms.dr.spi.Rotator;
import com.trackingbms.dr.spi.TrafficRouter;
import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.validation.CheckCategory;
import com.trackingbms.dr.validation.RecoveryValidator;
import com.trackingbms.dr.validation.ValidationReport;
import com.trackingbms.dr.validation.ValidationRunner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** The runbook's steps over the library's SPIs; compose them with {@link RecoveryRunbook.Builder#step}. */
public final class RunbookSteps {

    private RunbookSteps() {
    }

    /** Provisions the target environment through {@code provisioner}; its outputs become the step's outputs. */
    public static RunbookStep provision(Provisioner provisioner) {
        Objects.requireNonNull(provisioner, "provisioner");
        return new AbstractRunbookStep("provision infrastructure", StepKind.PROVISION, true) {
            @Override
            public Map<String, String> inputs(RunbookContext context) {
                Map<String, String> in = new LinkedHashMap<>();
                in.put("provisioner", provisioner.describe());
                in.put("environment", context.environment().label());
                in.putAll(provisioner.inputs(context.environment().label()));
                return in;
            }

            @Override
            public StepOutcome execute(RunbookContext context) throws Exception {
                Map<String, String> out = provisioner.provision(context.environment().label());
                return StepOutcome.done(provisioner.describe() + " applied for " + context.environment().label()
                        + (out.isEmpty() ? "" : ", outputs " + new java.util.TreeSet<>(out.keySet())), out);
            }
        };
    }

    /** Restores configuration files from {@code backups} at the runbook's restore point into {@code target}. */
    public static RunbookStep restoreConfiguration(BackupRunner backups, RestoreTarget target) {
        return new Restore("restore configuration", StepKind.RESTORE_CONFIGURATION, backups, target);
    }

    /** Restores the database from {@code backups} at the runbook's restore point into {@code target}. */
    public static RunbookStep restoreDatabase(BackupRunner backups, RestoreTarget target) {
        return new Restore("restore database", StepKind.RESTORE_DATABASE, backups, target);
    }

    /** Restores the application files from {@code backups} at the runbook's restore point into {@code target}. */
    public static RunbookStep restoreApplicationFiles(BackupRunner backups, RestoreTarget target) {
        return new Restore("restore application files", StepKind.RESTORE_APPLICATION_FILES, backups, target);
    }

    /** Restores the cache from {@code backups} at the runbook's restore point into {@code target}. */
    public static RunbookStep restoreCache(BackupRunner backups, RestoreTarget target) {
        return new Restore("restore cache", StepKind.RESTORE_CACHE, backups, target);
    }

    /**
     * Restores the latest backup finished before the corruption into {@code target}. The granularity is the backup:
     * a target that replays WAL to an exact time reads it from {@link RunbookContext#incidentAt()}.
     */
    public static RunbookStep pointInTimeRestore(BackupRunner backups, RestoreTarget target) {
        return new Restore("point-in-time restore", StepKind.POINT_IN_TIME_RESTORE, backups, target);
    }

    /** Every check of {@code checks} must pass (the runbook's BMS test endpoints); runs them through {@code runner}. */
    public static RunbookStep checkBmsConnectivity(ValidationRunner runner, Site site, Duration timeout, CheckCategory checks) {
        Objects.requireNonNull(checks, "checks");
        RecoveryValidator all = RecoveryValidator.of(100.0, timeout, List.of(checks));
        return new Validate("check BMS connectivity", StepKind.CHECK_BMS_CONNECTIVITY, runner, all, site);
    }

    /** Runs the recovery validator against {@code site}; the step fails unless the success rate reaches the threshold. */
    public static RunbookStep validate(ValidationRunner runner, RecoveryValidator validator, Site site) {
        return new Validate("validate recovery", StepKind.VALIDATE, runner, validator, site);
    }

    /** Turns monitoring back on through {@code action} (alert rules, exporters, log shipping). */
    public static RunbookStep enableMonitoring(String describe, RunbookStep.Action action) {
        return RunbookStep.of("enable monitoring", StepKind.ENABLE_MONITORING, false, Map.of("monitoring", describe), action);
    }

    /** Rotates the backup encryption key through {@code rotator}; the new key id is the step's output. */
    public static RunbookStep rotateBackupKey(Rotator rotator) {
        return rotate("rotate backup encryption key", StepKind.ROTATE_BACKUP_KEY, rotator);
    }

    /** Rotates credentials through {@code rotator}; the new version id is the step's output. */
    public static RunbookStep rotateCredentials(Rotator rotator) {
        return rotate("rotate credentials " + Objects.requireNonNull(rotator, "rotator").describe(), StepKind.ROTATE_CREDENTIALS, rotator);
    }

    private static RunbookStep rotate(String name, StepKind kind, Rotator rotator) {
        Objects.requireNonNull(rotator, "rotator");
        return RunbookStep.of(name, kind, true, Map.of("rotator", rotator.describe()), ctx -> {
            String version = rotator.rotate();
            return StepOutcome.done(rotator.describe() + " rotated, new version " + version, Map.of("version", version));
        });
    }

    /**
     * Restores into an isolated {@code target} the latest backup finished before the breach that passes
     * verification (size, SHA-256, authentication tags): newer backups that fail are skipped and listed.
     */
    public static RunbookStep isolatedRestore(BackupRunner backups, RestoreTarget target) {
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(target, "target");
        return new AbstractRunbookStep("restore last verified pre-breach backup (isolated)", StepKind.ISOLATED_RESTORE, true) {
            @Override
            public Map<String, String> inputs(RunbookContext context) {
                Map<String, String> in = new LinkedHashMap<>();
                in.put("from", backups.catalog().store().describe());
                in.put("backup", "latest verified, finished before " + context.incidentAt().map(Instant::toString).orElse("?"));
                try {
                    in.put("candidates", String.valueOf(candidates(context).size()));
                } catch (IOException e) {
                    in.put("candidates", "unknown (" + e.getMessage() + ")");
                }
                in.put("into", target.describe());
                return in;
            }

            private List<BackupManifest> candidates(RunbookContext context) throws IOException {
                Instant breach = context.incidentAt().orElseThrow(() -> new IllegalStateException("no breach time"));
                return backups.catalog().list().stream().filter(m -> m.finishedAt().isBefore(breach))
                        .sorted(Comparator.comparing(BackupManifest::finishedAt).reversed()).toList();
            }

            @Override
            public StepOutcome execute(RunbookContext context) throws Exception {
                List<String> skipped = new ArrayList<>();
                for (BackupManifest m : candidates(context)) {
                    try {
                        for (BackupManifest link : backups.catalog().chain(m)) {
                            backups.verify(link.id());
                        }
                    } catch (IOException e) {
                        skipped.add(m.id() + " (" + e.getClass().getSimpleName() + ")");
                        continue;
                    }
                    List<BackupManifest> restored = backups.restore(RestoreRequest.byId(m.id()), target);
                    Map<String, String> out = new LinkedHashMap<>();
                    out.put("backup", m.id());
                    out.put("skipped", String.join(", ", skipped));
                    return new StepOutcome(true, "restored verified backup " + m.id() + " (finished " + m.finishedAt() + ") into "
                            + target.describe() + (skipped.isEmpty() ? "" : "; skipped unverifiable " + String.join(", ", skipped)),
                            out, restored, Optional.empty());
                }
                return StepOutcome.failed("no backup finished before " + context.incidentAt().orElseThrow()
                        + " passes verification" + (skipped.isEmpty() ? " (there is none)" : "; failed: " + String.join(", ", skipped)));
            }
        };
    }

    /** Points production traffic at the restored environment through {@code router}. */
    public static RunbookStep promote(TrafficRouter router, String siteName, TrafficTarget target) {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(siteName, "siteName");
        Objects.requireNonNull(target, "target");
        return RunbookStep.of("promote " + siteName, StepKind.PROMOTE, true,
                Map.of("router", router.name(), "site", siteName, "target", target.address()), ctx -> {
                    router.routeTo(siteName, target);
                    return StepOutcome.done(router.name() + " now points at " + siteName + " (" + target.address() + ")");
                });
    }

    /** A restore of one component from its catalog at the context's restore point. */
    private static final class Restore extends AbstractRunbookStep {
        private final BackupRunner backups;
        private final RestoreTarget target;

        Restore(String name, StepKind kind, BackupRunner backups, RestoreTarget target) {
            super(name, kind, true);
            this.backups = Objects.requireNonNull(backups, "backups");
            this.target = Objects.requireNonNull(target, "target");
        }

        @Override
        public Map<String, String> inputs(RunbookContext context) {
            Map<String, String> in = new LinkedHashMap<>();
            in.put("from", backups.catalog().store().describe());
            in.put("restore point", context.restorePoint().describe());
            try {
                BackupManifest m = backups.catalog().resolve(context.restorePoint().toRequest());
                in.put("backup", m.id() + " (finished " + m.finishedAt() + ")");
            } catch (IOException e) {
                in.put("backup", "none resolves (" + e.getMessage() + ")");
            }
            in.put("into", target.describe());
            return in;
        }

        @Override
        public StepOutcome execute(RunbookContext context) throws Exception {
            RestoreRequest request = context.restorePoint().toRequest();
            List<BackupManifest> chain = backups.restore(request, target);
            BackupManifest last = chain.get(chain.size() - 1);
            return new StepOutcome(true, "restored " + chain.stream().map(BackupManifest::id).collect(Collectors.joining(" + "))
                    + " into " + target.describe(), Map.of("backup", last.id(), "backupFinishedAt", last.finishedAt().toString()),
                    chain, Optional.empty());
        }
    }

    /** A validator run whose report decides the step. */
    private static final class Validate extends AbstractRunbookStep {
        private final ValidationRunner runner;
        private final RecoveryValidator validator;
        private final Site site;

        Validate(String name, StepKind kind, ValidationRunner runner, RecoveryValidator validator, Site site) {
            super(name, kind, false);
            this.runner = Objects.requireNonNull(runner, "runner");
            this.validator = Objects.requireNonNull(validator, "validator");
            this.site = Objects.requireNonNull(site, "site");
        }

        @Override
        public Map<String, String> inputs(RunbookContext context) {
            Map<String, String> in = new LinkedHashMap<>();
            in.put("site", site.name());
            in.put("checks", validator.checkCount() + " in " + validator.categories().stream().map(CheckCategory::name).toList());
            in.put("threshold", validator.threshold() + " %");
            return in;
        }

        @Override
        public StepOutcome execute(RunbookContext context) throws Exception {
            ValidationReport report = runner.run(validator, site);
            return new StepOutcome(report.passed(), report.summary(), Map.of("successRate",
                    String.format(java.util.Locale.ROOT, "%.1f", report.successRate())), List.of(), Optional.of(report));
        }
    }
}

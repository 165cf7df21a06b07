package com.trackingbms.dr.internal;

import com.trackingbms.dr.backup.BackupJob;
import com.trackingbms.dr.backup.BackupSchedule;
import com.trackingbms.dr.backup.BackupStrategy;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.backup.Retention;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.store.ObjectStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Records the backup DSL; {@link PlanBuilder} checks it. */
final class BackupBuilder implements BackupStrategy.Spec {

    /** A job whose cron zone is resolved at build time (the strategy's zone may be set after the job). */
    record PendingJob(BackupJob.Type type, String cron, String zone, Duration every) {
    }

    final List<PendingJob> jobs = new ArrayList<>();
    String zone = "UTC";
    List<Retention.Rule> retention;
    Compression compression = Compression.zstd(3);
    Encryption encryption = Encryption.none();
    ObjectStore store;

    private BackupStrategy.ScheduleStep schedule(BackupJob.Type type) {
        return new BackupStrategy.ScheduleStep() {
            @Override
            public BackupStrategy.Spec cron(String expression) {
                jobs.add(new PendingJob(type, expression, null, null));
                return BackupBuilder.this;
            }

            @Override
            public BackupStrategy.Spec cron(String expression, String zoneId) {
                jobs.add(new PendingJob(type, expression, zoneId, null));
                return BackupBuilder.this;
            }

            @Override
            public BackupStrategy.Spec every(Duration interval) {
                jobs.add(new PendingJob(type, null, null, interval));
                return BackupBuilder.this;
            }
        };
    }

    @Override
    public BackupStrategy.ScheduleStep full() {
        return schedule(BackupJob.Type.FULL_BACKUP);
    }

    @Override
    public BackupStrategy.ScheduleStep differential() {
        return schedule(BackupJob.Type.DIFFERENTIAL_BACKUP);
    }

    @Override
    public BackupStrategy.ScheduleStep incremental() {
        return schedule(BackupJob.Type.INCREMENTAL_BACKUP);
    }

    @Override
    public BackupStrategy.ScheduleStep restoreTest() {
        return schedule(BackupJob.Type.RESTORE_TEST);
    }

    @Override
    public BackupStrategy.ScheduleStep cleanup() {
        return schedule(BackupJob.Type.CLEANUP);
    }

    @Override
    public BackupStrategy.Spec zone(String zoneId) {
        this.zone = zoneId;
        return this;
    }

    @Override
    public BackupStrategy.Spec retention(Retention.Rule... rules) {
        this.retention = new ArrayList<>(Arrays.asList(rules));
        return this;
    }

    @Override
    public BackupStrategy.Spec compress(Compression newCompression) {
        this.compression = newCompression;
        return this;
    }

    @Override
    public BackupStrategy.Spec encrypt(Encryption newEncryption) {
        this.encryption = newEncryption;
        return this;
    }

    @Override
    public BackupStrategy.Spec storeIn(ObjectStore newStore) {
        this.store = newStore;
        return this;
    }

    static BackupSchedule schedule(PendingJob job, String defaultZone) {
        if (job.every() != null) {
            return BackupSchedule.every(job.every());
        }
        return BackupSchedule.cron(job.cron() == null ? "" : job.cron(),
                job.zone() == null ? (defaultZone == null ? "" : defaultZone) : job.zone());
    }
}

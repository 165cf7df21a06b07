package com.trackingbms.dr.backup;

import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.store.ObjectStore;
import java.time.Duration;
import java.util.List;

/** What is backed up when, how it is compressed and encrypted, where it is kept, and for how long. */
public interface BackupStrategy {

    /** The recurring jobs: backups of each kind, restore tests and cleanups. */
    List<BackupJob> jobs();

    /** The jobs of one type. */
    default List<BackupJob> jobs(BackupJob.Type type) {
        return jobs().stream().filter(j -> j.type() == type).toList();
    }

    /** How long backups are kept. */
    RetentionPolicy retention();

    /** How backups are compressed. */
    Compression compression();

    /** How backups are encrypted. */
    Encryption encryption();

    /** Where backups are kept. */
    ObjectStore store();

    /** Backup DSL, used inside {@code DisasterRecoveryPlan.Builder#backups}. */
    interface Spec {
        /** Schedule full backups. */
        ScheduleStep full();

        /** Schedule differential backups. */
        ScheduleStep differential();

        /** Schedule incremental backups (for PostgreSQL: shipping WAL). */
        ScheduleStep incremental();

        /** Schedule the restore test (restore the latest backup somewhere isolated and validate it). */
        ScheduleStep restoreTest();

        /** Schedule the retention cleanup. */
        ScheduleStep cleanup();

        /** Time zone of cron schedules given without one (default UTC). */
        Spec zone(String zoneId);

        /** Grandfather-father-son retention rules; unnamed periods keep 0. Without rules everything is kept. */
        Spec retention(Retention.Rule... rules);

        /** Compression (default zstd level 3). */
        Spec compress(Compression compression);

        /** Encryption (default none). */
        Spec encrypt(Encryption encryption);

        /** Where backups go. */
        Spec storeIn(ObjectStore store);
    }

    /** Gives a job its schedule. */
    interface ScheduleStep {
        /** A five-field cron expression in the strategy's zone. */
        Spec cron(String expression);

        /** A five-field cron expression in the given zone. */
        Spec cron(String expression, String zoneId);

        /** A fixed interval. */
        Spec every(Duration interval);
    }
}

package com.trackingbms.dr.runbook;

/** What a runbook step does; {@link RecoveryRunbook.Builder#build()} checks each disaster type's required order. */
public enum StepKind {
    /** Create or update the infrastructure. */
    PROVISION,
    /** Restore configuration files. */
    RESTORE_CONFIGURATION,
    /** Restore the database. */
    RESTORE_DATABASE,
    /** Restore the application's files. */
    RESTORE_APPLICATION_FILES,
    /** Restore the cache. */
    RESTORE_CACHE,
    /** Check the BMS integrations connect. */
    CHECK_BMS_CONNECTIVITY,
    /** Turn monitoring and alerting back on. */
    ENABLE_MONITORING,
    /** Restore to just before a known corruption. */
    POINT_IN_TIME_RESTORE,
    /** Rotate the backup encryption key. */
    ROTATE_BACKUP_KEY,
    /** Rotate credentials (database passwords, API tokens). */
    ROTATE_CREDENTIALS,
    /** Restore the last verified pre-breach backup into an isolated environment. */
    ISOLATED_RESTORE,
    /** Run the recovery validator; the recovery is accepted only if it passes. */
    VALIDATE,
    /** Move production to the restored environment. */
    PROMOTE,
    /** Anything else a user adds. */
    CUSTOM
}

package com.trackingbms.dr.backup;

/**
 * The scheduled restore test: proves the latest backup can really be restored. The default only verifies hash and
 * tags; a provider supplies a real one (PostgreSQL restores into a scratch instance and runs the validation checks).
 */
@FunctionalInterface
public interface RestoreTest {

    /** Tests {@code latest} using {@code runner}; throws to report a failed test. */
    void run(BackupManifest latest, BackupRunner runner) throws Exception;

    /** Verifies the latest backup's SHA-256 and authentication tags without restoring it anywhere. */
    static RestoreTest verifyLatest() {
        return (latest, runner) -> runner.verify(latest.id());
    }
}

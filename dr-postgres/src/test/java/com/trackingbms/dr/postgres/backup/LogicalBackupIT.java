package com.trackingbms.dr.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.ChecksumMismatchException;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.crypto.CryptoException;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logical backups of a real server through the pipeline (zstd + AES-256-GCM) and their restores. */
@DrillTest
@PostgresCluster(standbys = 0)
class LogicalBackupIT {

    private static PgTools source;
    private static BackupRunner runner;
    private static FileSystemObjectStore store;
    private static Map<String, String> original;

    @BeforeAll
    static void data(PostgresTopology pg, @TempDir Path dir) throws Exception {
        source = PgFixtures.tools(pg.primary());
        PgFixtures.telemetry(source, "postgres", 50_000);
        PgFixtures.execute(source, "postgres", "create role reporter login", "create database fleet");
        PgFixtures.execute(source, "fleet", "create table vehicles(id serial primary key, plate text)",
                "insert into vehicles(plate) select 'QC-' || g from generate_series(1, 300) g");
        original = PgFixtures.checksums(source, "postgres");
        store = FileSystemObjectStore.of(dir.resolve("store"));
        runner = BackupRunner.builder(store).encryption(Encryption.aes256Gcm(KeyProviders.key("k1",
                Secret.of("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")))).build();
    }

    @Test
    void dumpAllRestoresEveryDatabaseAndRoleIntoAnEmptyCluster(@PostgresCluster(standbys = 0, name = "empty") PostgresTopology empty)
            throws Exception {
        BackupManifest m = runner.backup(PostgresBackups.dumpAll(source), BackupKind.FULL);
        assertThat(m.positions()).containsEntry("format", "dumpall");
        assertThat(m.storedBytes()).isLessThan(m.rawBytes());
        Map<String, String> fleet = PgFixtures.checksums(source, "fleet");

        PgTools target = PgFixtures.tools(empty.primary());
        runner.restore(RestoreRequest.byId(m.id()), PostgresBackups.psql(target));

        // The restoring superuser keeps the target's password; every other role and all data come from the dump.
        PgTools restored = target;
        assertThat(PgFixtures.checksums(restored, "postgres")).isEqualTo(original).hasSize(3);
        assertThat(PgFixtures.checksums(restored, "fleet")).isEqualTo(fleet);
        assertThat(PgFixtures.strings(restored, "postgres", "select rolname from pg_roles where rolname = 'reporter'")).containsExactly("reporter");
    }

    @Test
    void oneTableOfACustomDumpIsRestoredIntoAnotherDatabaseAfterABadDelete() throws Exception {
        BackupManifest m = runner.backup(PostgresBackups.dump(source, "postgres"), BackupKind.FULL);
        assertThat(m.positions()).containsEntry("format", "custom").containsEntry("database", "postgres");
        String before = original.get("public.battery_metrics");

        PgFixtures.execute(source, "postgres", "create table scratch_copy as select * from battery_metrics");
        PgFixtures.execute(source, "postgres", "delete from scratch_copy where battery_id < 100");
        PgFixtures.execute(source, "postgres", "create database recovery");
        runner.restore(RestoreRequest.byId(m.id()), PostgresBackups.pgRestore(source, "recovery", o -> o.table("public", "battery_metrics")));

        Map<String, String> recovered = PgFixtures.checksums(source, "recovery");
        assertThat(recovered).containsOnlyKeys("public.battery_metrics");
        assertThat(recovered.get("public.battery_metrics")).isEqualTo(before);
        PgFixtures.execute(source, "postgres", "drop table scratch_copy");
    }

    @Test
    void parallelDirectoryDumpRoundTrip() throws Exception {
        BackupManifest m = runner.backup(PostgresBackups.dump(source, "postgres", o -> o.jobs(2)), BackupKind.FULL);
        assertThat(m.positions()).containsEntry("format", "directory");
        PgFixtures.execute(source, "postgres", "create database copy2");
        runner.restore(RestoreRequest.byId(m.id()), PostgresBackups.pgRestore(source, "copy2", o -> o.jobs(2)));
        assertThat(PgFixtures.checksums(source, "copy2")).isEqualTo(original);
    }

    @Test
    void aTamperedBackupIsRefusedBeforeAnythingIsRestored() throws Exception {
        BackupManifest m = runner.backup(PostgresBackups.dump(source, "fleet"), BackupKind.FULL);
        try (RandomAccessFile f = new RandomAccessFile(store.root().resolve(m.objectKey()).toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x01);
        }
        PgFixtures.execute(source, "postgres", "create database tampered");
        assertThatThrownBy(() -> runner.restore(RestoreRequest.byId(m.id()), PostgresBackups.pgRestore(source, "tampered")))
                .isInstanceOfAny(ChecksumMismatchException.class, CryptoException.class).hasMessageContaining("altered");
        assertThat(PgFixtures.queryLong(source, "tampered",
                "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'")).isZero();
    }
}

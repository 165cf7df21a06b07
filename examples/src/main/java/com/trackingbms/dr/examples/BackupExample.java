package com.trackingbms.dr.examples;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.backup.FileTree;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.backup.RetentionPlan;
import com.trackingbms.dr.backup.RetentionPolicy;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** The README's backup snippet, compiled: back up a directory, verify, restore to a point in time, preview retention. */
public final class BackupExample {

    private BackupExample() {
    }

    /** Runs the snippet against the given directories; the passphrase comes from BACKUP_PASSPHRASE. */
    public static RetentionPlan run(Path store, Path app, Path restored, Path oldKeyFile, Clock clock) throws IOException {
        KeyProvider keys = KeyProviders.rotating(
                KeyProviders.passphrase("ops-2026", Secret.fromEnv("BACKUP_PASSPHRASE")),   // Argon2id, salt in each header
                KeyProviders.fromFile("ops-2025", oldKeyFile));                              // old backups still restore
        BackupRunner runner = BackupRunner.builder(FileSystemObjectStore.of(store))
                .compression(Compression.zstd(3)).encryption(Encryption.aes256Gcm(keys)).clock(clock).build();

        BackupManifest m = runner.backup(FileTree.source(app, "node_modules", "*.log", "tmp/*"), BackupKind.FULL);
        runner.verify(m.id());                                                   // hash and tags, without restoring
        runner.restore(RestoreRequest.at(Instant.parse("2026-11-25T23:00:00Z")),  // or byId(...), latest()
                FileTree.target(restored));
        return runner.catalog().cleanup(new RetentionPolicy(30, 12, 12, 7), ZoneId.of("America/Toronto"), clock).dryRun();
    }
}

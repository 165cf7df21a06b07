package com.trackingbms.dr.backup;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.LegacyOpenssl;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Backups made by the old runbook ({@code pg_dumpall | gzip | openssl enc -aes-256-cbc -salt -k KEY}): re-encrypt
 * them into the new format with {@link #source}, or restore one directly with {@link #restore}.
 */
public final class LegacyImport {

    private LegacyImport() {
    }

    /**
     * A backup source that streams the decrypted, decompressed content of a runbook file, so
     * {@code runner.backup(LegacyImport.source(...), FULL)} re-encrypts it with authenticated encryption.
     */
    public static BackupSource source(Path file, Secret password, LegacyOpenssl.KeyDerivation derivation) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(derivation, "derivation");
        return new BackupSource() {
            @Override
            public String describe() {
                return "runbook backup " + file + " (openssl enc -aes-256-cbc " + derivation.describe() + ", gzip)";
            }

            @Override
            public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
                try (InputStream in = LegacyOpenssl.decryptGzip(new BufferedInputStream(Files.newInputStream(file), 1 << 16), password,
                        derivation)) {
                    in.transferTo(out);
                }
                return Map.of("legacy_file", file.getFileName().toString());
            }
        };
    }

    /**
     * Restores a runbook file into {@code target}: decrypted and decompressed into a staging file first, so the
     * padding and gzip's CRC-32 and length are checked (the only integrity such files have) before the target gets
     * a byte.
     */
    public static void restore(Path file, Secret password, LegacyOpenssl.KeyDerivation derivation, RestoreTarget target,
                               Path stagingDirectory) throws IOException {
        Objects.requireNonNull(target, "target");
        Files.createDirectories(stagingDirectory);
        Path staged = Files.createTempFile(stagingDirectory, "legacy-", ".stage");
        try {
            long size;
            try (InputStream in = LegacyOpenssl.decryptGzip(new BufferedInputStream(Files.newInputStream(file), 1 << 16), password, derivation);
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(staged), 1 << 16)) {
                size = in.transferTo(out);
            }
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            BackupManifest manifest = new BackupManifest("legacy-" + file.getFileName(), BackupKind.FULL, null, modified, modified,
                    "runbook backup " + file, Map.of(), size, Files.size(file), "", Compression.gzip(6),
                    com.trackingbms.dr.crypto.Encryption.Algorithm.NONE, null, file.toString(), "runbook");
            try (InputStream in = new BufferedInputStream(Files.newInputStream(staged), 1 << 16)) {
                target.restore(manifest, in);
            }
        } finally {
            Files.deleteIfExists(staged);
        }
    }
}

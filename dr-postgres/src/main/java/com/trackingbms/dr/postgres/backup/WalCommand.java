package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.backup.NoSuchBackupException;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point PostgreSQL invokes as {@code archive_command} or {@code restore_command}, for installations that
 * archive instead of streaming:
 *
 * <pre>
 * archive_command = 'java -cp /opt/dr/lib/* com.trackingbms.dr.postgres.backup.WalCommand archive %p'
 * restore_command = 'java -cp /opt/dr/lib/* com.trackingbms.dr.postgres.backup.WalCommand restore %f %p'
 * </pre>
 *
 * The store and key come from the environment: {@code DR_WAL_STORE} (a directory), {@code DR_WAL_KEY_FILE} (a file
 * holding a 256-bit key, 64 hex digits; omit for no encryption), {@code DR_WAL_KEY_ID} (default "wal"), or the system
 * properties {@code dr.wal.store}, {@code dr.wal.key.file} and {@code dr.wal.key.id}. Applications
 * with another store (S3, Azure) call {@link #run(WalArchive, String[])} from their own three-line main.
 *
 * <p>Exit codes follow what PostgreSQL expects: 0 done; 1 for a segment that is not archived (recovery then
 * ends normally) or an archive attempt that failed (the server retries); 255 for a segment that exists but fails
 * verification, so recovery stops with an error instead of ending early as if the WAL had run out.
 */
public final class WalCommand {

    private static final Logger LOG = LoggerFactory.getLogger(WalCommand.class);

    /** Exit code for a missing segment or a failed archive attempt. */
    public static final int NOT_DONE = 1;
    /** Exit code that makes PostgreSQL abort recovery: the archived segment exists but cannot be trusted. */
    public static final int FATAL = 255;

    private WalCommand() {
    }

    /** Runs one command with the archive configured from the environment, and exits with its code. */
    public static void main(String[] args) {
        int code;
        try {
            Map<String, String> env = new java.util.HashMap<>(System.getenv());
            // System properties (-Ddr.wal.store=...) stand in for variables: a server's restore_command has no environment of its own.
            for (String name : new String[] {"DR_WAL_STORE", "DR_WAL_KEY_FILE", "DR_WAL_KEY_ID"}) {
                String property = System.getProperty(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
                if (property != null) {
                    env.put(name, property);
                }
            }
            code = run(fromEnvironment(env), args);
        } catch (RuntimeException | java.io.IOException e) {
            LOG.error("dr-wal: {}", e.getMessage());
            code = args.length > 0 && args[0].equals("restore") ? FATAL : NOT_DONE;
        }
        System.exit(code);
    }

    /** The archive the environment describes. */
    public static WalArchive fromEnvironment(Map<String, String> env) throws java.io.IOException {
        String store = env.get("DR_WAL_STORE");
        if (store == null || store.isBlank()) {
            throw new IllegalArgumentException("DR_WAL_STORE is not set: give the directory of the WAL archive");
        }
        WalArchive.Builder b = WalArchive.builder(FileSystemObjectStore.of(Path.of(store))).compression(Compression.zstd(3));
        String keyFile = env.get("DR_WAL_KEY_FILE");
        if (keyFile != null && !keyFile.isBlank()) {
            b.encryption(Encryption.aes256Gcm(KeyProviders.fromFile(env.getOrDefault("DR_WAL_KEY_ID", "wal"), Path.of(keyFile))));
        }
        return b.build();
    }

    /**
     * Runs {@code archive <path>} or {@code restore <name> <path>} against {@code archive}; messages are logged through SLF4J (stderr with a simple binding, where PostgreSQL's log picks them up).
     *
     * @return the exit code for PostgreSQL
     */
    public static int run(WalArchive archive, String[] args) {
        if (args.length == 2 && args[0].equals("archive")) {
            try {
                archive.push(Path.of(args[1]));
                return 0;
            } catch (java.io.IOException | RuntimeException e) {
                LOG.error("dr-wal: archiving {} failed: {}", args[1], e.getMessage());
                return NOT_DONE;
            }
        }
        if (args.length == 3 && args[0].equals("restore")) {
            try {
                if (!args[1].endsWith(".history") && !com.trackingbms.dr.postgres.backup.internal.Lsn.isSegmentName(args[1])) {
                    return NOT_DONE; // .partial and .backup files are never archived
                }
                if (archive.find(args[1]).isEmpty()) {
                    return NOT_DONE;
                }
                archive.fetch(args[1], Path.of(args[2]));
                return 0;
            } catch (NoSuchBackupException e) {
                return NOT_DONE;
            } catch (java.io.IOException | RuntimeException e) {
                LOG.error("dr-wal: {} is archived but cannot be restored: {}", args[1], e.getMessage());
                return FATAL;
            }
        }
        LOG.error("usage: WalCommand archive <path> | WalCommand restore <file name> <destination path>");
        return NOT_DONE;
    }
}

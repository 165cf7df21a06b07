package com.trackingbms.dr.postgres.backup.internal;

import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.FileTree;
import com.trackingbms.dr.backup.RestoreTarget;
import com.trackingbms.dr.exec.RunAs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Extracts a {@code pg_basebackup} tar into a fresh data directory (missing or empty; extracted beside it and renamed
 * into place only when complete), then hands it to the server user with mode 0700 as PostgreSQL demands.
 */
public final class DataDirectoryTarget implements RestoreTarget {

    private final Path dataDirectory;
    private final RunAs owner;

    /** Creates the target; {@code owner} may be null when the JVM already runs as the server user. */
    public DataDirectoryTarget(Path dataDirectory, RunAs owner) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        this.owner = owner;
    }

    @Override
    public String describe() {
        return "data directory " + dataDirectory;
    }

    @Override
    public void restore(BackupManifest manifest, InputStream data) throws IOException {
        String format = manifest.positions().getOrDefault("format", "");
        if (!format.equals("basebackup-tar")) {
            throw new IllegalArgumentException("backup " + manifest.id() + " is a '" + format + "' backup, not a pg_basebackup; "
                    + "restore logical dumps with PostgresBackups.psql(...) or pgRestore(...)");
        }
        FileTree.target(dataDirectory).restore(manifest, data);
        Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwx------"));
        if (owner != null && owner.needsSwitch()) {
            try (Stream<Path> walk = Files.walk(dataDirectory)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    owner.chown(p);
                }
            }
        }
    }
}

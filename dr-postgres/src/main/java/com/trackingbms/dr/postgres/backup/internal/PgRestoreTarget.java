package com.trackingbms.dr.postgres.backup.internal;

import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.FileTree;
import com.trackingbms.dr.backup.RestoreTarget;
import com.trackingbms.dr.exec.Command;
import com.trackingbms.dr.postgres.backup.PgTools;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Restores a {@code pg_dump} custom or directory dump with {@code pg_restore -j}: into an existing (empty) database,
 * or only one table of it. Parallel restore needs a seekable archive, so the verified stream is first written to
 * scratch space (custom format) or extracted there (directory format).
 */
public final class PgRestoreTarget implements RestoreTarget {

    private final PgTools tools;
    private final String database;
    private final int jobs;
    private final Path scratch;
    private final String schema;
    private final String table;
    private final List<String> extraArgs;

    /** Creates the target; {@code table} null restores everything. */
    public PgRestoreTarget(PgTools tools, String database, int jobs, Path scratch, String schema, String table, List<String> extraArgs) {
        this.tools = tools;
        this.database = database;
        this.jobs = jobs;
        this.scratch = scratch;
        this.schema = schema;
        this.table = table;
        this.extraArgs = List.copyOf(extraArgs);
    }

    @Override
    public String describe() {
        return "pg_restore -j " + jobs + " into database " + database + (table == null ? "" : " (table " + schema + "." + table + " only)")
                + " on " + tools.host() + ":" + tools.port();
    }

    @Override
    public void restore(BackupManifest manifest, InputStream data) throws IOException {
        String format = manifest.positions().getOrDefault("format", "");
        if (!format.equals("custom") && !format.equals("directory")) {
            throw new IllegalArgumentException("backup " + manifest.id() + " is a '" + format + "' backup, not a pg_dump custom or "
                    + "directory dump; restore pg_dumpall scripts with PostgresBackups.psql(...)");
        }
        Files.createDirectories(scratch);
        Path work = Files.createTempDirectory(scratch, "dr-pgrestore-");
        try {
            Path archive;
            if (format.equals("custom")) {
                archive = work.resolve("dump.custom");
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive), Run.BUFFER)) {
                    Run.copy(data, out);
                }
            } else {
                archive = work.resolve("dump");
                FileTree.target(archive).restore(manifest, data);
            }
            Command.Builder cmd = tools.client("pg_restore").args("-d", database, "-j", Integer.toString(table != null ? 1 : jobs),
                    "--exit-on-error");
            if (table != null) {
                cmd.args("-n", schema, "-t", table);
            }
            cmd.args(extraArgs).arg(archive.toString());
            Run.run(tools.runner(), cmd.build());
        } finally {
            Run.deleteTree(work);
        }
    }
}

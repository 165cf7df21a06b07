package com.trackingbms.dr.postgres.backup.internal;

import com.trackingbms.dr.backup.BackupContext;
import com.trackingbms.dr.backup.BackupSource;
import com.trackingbms.dr.backup.FileTree;
import com.trackingbms.dr.postgres.backup.PgTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code pg_dump} of one database: custom format streamed straight into the pipeline, or (with jobs above 1) a
 * parallel directory-format dump into scratch space that is then streamed as tar. pg_dump's own compression is off
 * ({@code -Z0}) because the pipeline compresses.
 */
public final class DumpSource implements BackupSource {

    private final PgTools tools;
    private final String database;
    private final int jobs;
    private final Path scratch;
    private final List<String> extraArgs;

    /** Creates the source; {@code scratch} is only used when {@code jobs > 1}. */
    public DumpSource(PgTools tools, String database, int jobs, Path scratch, List<String> extraArgs) {
        this.tools = tools;
        this.database = database;
        this.jobs = jobs;
        this.scratch = scratch;
        this.extraArgs = List.copyOf(extraArgs);
    }

    @Override
    public String describe() {
        return "pg_dump " + (jobs > 1 ? "-Fd -j " + jobs : "-Fc") + " of database " + database + " on " + tools.host() + ":" + tools.port();
    }

    @Override
    public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
        if (jobs <= 1) {
            Run.run(tools.runner(), tools.client("pg_dump").args("-Fc", "-Z0", "-d", database).args(extraArgs)
                    .stdout(in -> Run.copy(in, out)).build());
            return Map.of("format", "custom", "database", database);
        }
        Files.createDirectories(scratch);
        Path work = Files.createTempDirectory(scratch, "dr-pgdump-");
        try {
            Path dir = work.resolve("dump");
            Run.run(tools.runner(), tools.client("pg_dump").args("-Fd", "-Z0", "-j", Integer.toString(jobs), "-f", dir.toString(),
                    "-d", database).args(extraArgs).build());
            FileTree.source(dir).writeTo(context.kind() == com.trackingbms.dr.backup.BackupKind.FULL ? context
                    : new BackupContext(context.id(), com.trackingbms.dr.backup.BackupKind.FULL, java.util.Optional.empty(), context.startedAt()), out);
        } finally {
            Run.deleteTree(work);
        }
        return Map.of("format", "directory", "database", database);
    }
}

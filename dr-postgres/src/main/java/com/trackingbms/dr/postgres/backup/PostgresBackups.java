package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.backup.BackupSource;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.backup.Compression.ZstdParameter;
import com.trackingbms.dr.backup.RestoreTarget;
import com.trackingbms.dr.postgres.backup.internal.BaseBackupSource;
import com.trackingbms.dr.postgres.backup.internal.DataDirectoryTarget;
import com.trackingbms.dr.postgres.backup.internal.DumpAllSource;
import com.trackingbms.dr.postgres.backup.internal.DumpSource;
import com.trackingbms.dr.postgres.backup.internal.PgRestoreTarget;
import com.trackingbms.dr.postgres.backup.internal.PsqlTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * PostgreSQL backup sources and restore targets for the backup pipeline ({@code BackupRunner}): every program runs
 * through the tools' command runner with an argument array, the password in {@code PGPASSWORD}, stderr in the error,
 * exit codes checked and a timeout that ends the process.
 *
 * <pre>{@code
 * PgTools pg = PgTools.builder().binDirectory(bin).host("db").port(5432).password(pw).build();
 * runner.backup(PostgresBackups.dumpAll(pg), BackupKind.FULL);            // globals + every database
 * runner.backup(PostgresBackups.baseBackup(pg), BackupKind.FULL);         // physical, for PITR
 * runner.restore(RestoreRequest.latest(), PostgresBackups.psql(freshCluster));
 * }</pre>
 */
public final class PostgresBackups {

    private PostgresBackups() {
    }

    /**
     * zstd tuned for dump text ({@code COPY} rows of numbers and timestamps): level 5 with the greedy strategy, a minimum
     * match of 6, a 512 KiB window, a 16 Ki-entry hash table and 4 searches per position. On the pg-backup benchmark's
     * telemetry dump it writes 1.5% less than {@code gzip -6} for half the CPU of zstd level 6 (about 2.5x level 1's);
     * zstd levels 1-5 as they are write more than gzip -6 on such data, because short matches among random digits cost
     * more than the literals they replace. Any zstd decoder reads the result.
     */
    public static Compression dumpCompression() {
        return Compression.zstd(5).with(ZstdParameter.STRATEGY, 3).with(ZstdParameter.WINDOW_LOG, 19).with(ZstdParameter.HASH_LOG, 14)
                .with(ZstdParameter.SEARCH_LOG, 2).with(ZstdParameter.MIN_MATCH, 6);
    }

    /** {@code pg_dumpall}: roles, tablespaces and every database as one SQL script (full backups). */
    public static BackupSource dumpAll(PgTools tools) {
        return new DumpAllSource(Objects.requireNonNull(tools, "tools"));
    }

    /**
     * {@code pg_dump --format=custom} of one database, streamed (no temporary file). A dump is self-contained: take it
     * as a FULL backup. Taken as DIFFERENTIAL (the runbook's word for it), the catalog chains it to the latest full
     * backup of another format, and {@link #pgRestore} refuses that parent when the chain is restored.
     */
    public static BackupSource dump(PgTools tools, String database) {
        return dump(tools, database, o -> { });
    }

    /** {@code pg_dump} of one database with options: parallel directory dumps, extra pg_dump arguments. */
    public static BackupSource dump(PgTools tools, String database, Consumer<DumpOptions> options) {
        Objects.requireNonNull(tools, "tools");
        checkName(database, "database");
        DumpOptions o = new DumpOptions();
        options.accept(o);
        return new DumpSource(tools, database, o.jobs, o.scratch, o.args);
    }

    /** {@code pg_basebackup -Ft -D - -X fetch}: a physical base backup holding the WAL it needs, with its LSNs and timeline. */
    public static BackupSource baseBackup(PgTools tools) {
        return new BaseBackupSource(Objects.requireNonNull(tools, "tools"), "dr-postgres");
    }

    /** Replays a {@code pg_dumpall} backup into the (empty) cluster the tools point at, with {@code psql}. */
    public static RestoreTarget psql(PgTools tools) {
        return new PsqlTarget(Objects.requireNonNull(tools, "tools"));
    }

    /** Restores a custom or directory dump into an existing, empty database with {@code pg_restore}. */
    public static RestoreTarget pgRestore(PgTools tools, String database) {
        return pgRestore(tools, database, o -> { });
    }

    /** Restores a custom or directory dump with options: parallel jobs, a single table, extra pg_restore arguments. */
    public static RestoreTarget pgRestore(PgTools tools, String database, Consumer<RestoreOptions> options) {
        Objects.requireNonNull(tools, "tools");
        checkName(database, "database");
        RestoreOptions o = new RestoreOptions();
        options.accept(o);
        return new PgRestoreTarget(tools, database, o.jobs, o.scratch, o.schema, o.table, o.args);
    }

    /**
     * Extracts a base backup into a fresh data directory owned by the tools' server user (mode 0700). Starting it
     * recovers from the WAL inside the backup; for point-in-time restores use {@link PointInTimeRestore}.
     */
    public static RestoreTarget dataDirectory(PgTools tools, Path dataDirectory) {
        return new DataDirectoryTarget(Objects.requireNonNull(dataDirectory, "dataDirectory"), tools.serverUser().orElse(null));
    }

    private static void checkName(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " is blank; give the name as PostgreSQL knows it");
        }
    }

    private static int checkJobs(int jobs) {
        if (jobs < 1 || jobs > 64) {
            throw new IllegalArgumentException("jobs " + jobs + " is outside 1-64");
        }
        return jobs;
    }

    /** Knobs of {@code pg_dump}. */
    public static final class DumpOptions {
        private int jobs = 1;
        private Path scratch = Path.of(System.getProperty("java.io.tmpdir"));
        private final List<String> args = new ArrayList<>();

        private DumpOptions() {
        }

        /** Parallel dump with this many jobs (above 1 switches to directory format, dumped to scratch space and streamed as tar). */
        public DumpOptions jobs(int value) {
            this.jobs = checkJobs(value);
            return this;
        }

        /** Scratch space for parallel dumps (default java.io.tmpdir); needs room for the uncompressed dump. */
        public DumpOptions scratchDirectory(Path value) {
            this.scratch = Objects.requireNonNull(value, "scratchDirectory");
            return this;
        }

        /** Extra pg_dump arguments (e.g. "--exclude-table=audit_log"); never a password. */
        public DumpOptions arg(String value) {
            args.add(Objects.requireNonNull(value, "arg"));
            return this;
        }
    }

    /** Knobs of {@code pg_restore}. */
    public static final class RestoreOptions {
        private int jobs = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private Path scratch = Path.of(System.getProperty("java.io.tmpdir"));
        private String schema;
        private String table;
        private final List<String> args = new ArrayList<>();

        private RestoreOptions() {
        }

        /** Parallel restore jobs (default: cores, at most 4). */
        public RestoreOptions jobs(int value) {
            this.jobs = checkJobs(value);
            return this;
        }

        /** Scratch space for the archive pg_restore -j needs to seek in (default java.io.tmpdir). */
        public RestoreOptions scratchDirectory(Path value) {
            this.scratch = Objects.requireNonNull(value, "scratchDirectory");
            return this;
        }

        /** Restores only this table (definition and rows): the recovery from one bad DELETE. */
        public RestoreOptions table(String schemaName, String tableName) {
            checkName(schemaName, "schema");
            checkName(tableName, "table");
            this.schema = schemaName;
            this.table = tableName;
            return this;
        }

        /** Extra pg_restore arguments (e.g. "--no-owner", "--data-only"). */
        public RestoreOptions arg(String value) {
            args.add(Objects.requireNonNull(value, "arg"));
            return this;
        }
    }
}

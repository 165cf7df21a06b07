package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Ports;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.NoSuchBackupException;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.exec.RunAs;
import com.trackingbms.dr.postgres.backup.internal.DataDirectoryTarget;
import com.trackingbms.dr.postgres.backup.internal.Lsn;
import com.trackingbms.dr.postgres.backup.internal.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a base backup plus archived WAL into a fresh data directory, replays to a {@link RecoveryTarget}, starts
 * the server and waits until recovery has completed. Every WAL file the recovery may need is fetched and verified
 * into a staging directory before the data directory is created, so a tampered segment stops the restore before
 * anything is written; the server's {@code restore_command} then only copies verified files from there.
 */
public final class PointInTimeRestore {

    private static final Logger LOG = LoggerFactory.getLogger(PointInTimeRestore.class);

    private final BackupRunner backups;
    private final WalArchive archive;
    private final PgTools tools;
    private final Path dataDirectory;
    private final Path walStaging;
    private final int port;
    private final RecoveryTarget target;
    private final Duration timeout;
    private final Map<String, String> settings;
    private final boolean standby;
    private final String restoreCommand;

    private PointInTimeRestore(Builder b) {
        this.backups = b.backups;
        this.archive = b.archive;
        this.tools = b.tools;
        this.dataDirectory = b.dataDirectory.toAbsolutePath().normalize();
        this.walStaging = b.walStaging != null ? b.walStaging : dataDirectory.resolveSibling(dataDirectory.getFileName() + ".wal");
        this.port = b.port;
        this.target = b.target;
        this.timeout = b.timeout;
        this.settings = Map.copyOf(b.settings);
        this.standby = b.standby;
        this.restoreCommand = b.restoreCommand;
    }

    /**
     * A builder: base backups come from {@code backups}' catalog, WAL from {@code archive}; {@code tools} gives the
     * bin directory, the server user and the credentials to check the restored server with.
     */
    public static Builder builder(BackupRunner backups, WalArchive archive, PgTools tools) {
        return new Builder(backups, archive, tools);
    }

    /** The base backup this restore would use: the latest one that starts before the target. */
    public BackupManifest chooseBaseBackup() throws IOException {
        List<BackupManifest> bases = backups.catalog().list().stream()
                .filter(m -> "basebackup-tar".equals(m.positions().get("format"))).toList();
        Comparator<BackupManifest> order = Comparator.comparing(BackupManifest::finishedAt);
        if (target instanceof RecoveryTarget.Time t) {
            return bases.stream().filter(m -> !m.finishedAt().isAfter(t.time())).max(order)
                    .orElseThrow(() -> new NoSuchBackupException("no base backup finished at or before " + t.time() + " in "
                            + backups.catalog().store().describe() + "; a point-in-time restore needs one taken before the target"));
        }
        if (target instanceof RecoveryTarget.Position p) {
            Lsn wanted = Lsn.parse(p.lsn().toUpperCase(java.util.Locale.ROOT));
            return bases.stream().filter(m -> Lsn.parse(m.positions().get("stop_lsn")).compareTo(wanted) <= 0).max(order)
                    .orElseThrow(() -> new NoSuchBackupException("no base backup ends at or before " + p.lsn()));
        }
        return bases.stream().max(order).orElseThrow(() -> new NoSuchBackupException("no base backup in "
                + backups.catalog().store().describe() + "; take one with PostgresBackups.baseBackup(...)"));
    }

    /**
     * Runs the restore: stage and verify WAL, restore and verify the base backup, write the recovery settings, start
     * the server, wait for recovery to complete (for a standby: for the server to accept read-only connections).
     *
     * @return the running server; the caller stops or deletes it
     */
    public RestoredServer execute() throws IOException {
        return executeFrom(chooseBaseBackup());
    }

    /** Like {@link #execute()}, from a given base backup (the restore test restores exactly the backup it tests). */
    public RestoredServer executeFrom(BackupManifest base) throws IOException {
        if (!"basebackup-tar".equals(base.positions().get("format"))) {
            throw new IllegalArgumentException("backup " + base.id() + " is not a base backup; a point-in-time restore starts from one");
        }
        Lsn start = Lsn.parse(base.positions().get("start_lsn"));
        LOG.info("point-in-time restore to {} from base backup {} (start {}) into {}", target.describe(), base.id(), start, dataDirectory);
        Run.deleteTree(walStaging);
        RunAs owner = tools.serverUser().orElse(null);
        try {
            int staged = restoreCommand != null ? 0 : archive.stage(start, walStaging);
            LOG.info("staged and verified {} WAL files into {}", staged, walStaging);
            if (restoreCommand == null && owner != null && owner.needsSwitch()) {
                try (var walk = Files.walk(walStaging)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        owner.chown(p);
                    }
                }
            }
            backups.restore(RestoreRequest.byId(base.id()), new DataDirectoryTarget(dataDirectory, owner));
        } catch (IOException | RuntimeException e) {
            Run.deleteTree(walStaging);
            throw e;
        }
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("port", Integer.toString(port));
        conf.put("listen_addresses", "127.0.0.1");
        conf.put("unix_socket_directories", dataDirectory.toString());
        // A restored copy must never archive into, or wait for standbys of, the production cluster it came from.
        conf.put("archive_mode", "off");
        conf.put("synchronous_standby_names", "");
        conf.put("restore_command", restoreCommand != null ? restoreCommand : "cp '" + walStaging + "/%f' '%p'");
        conf.putAll(target.settings());
        conf.putAll(settings);
        writeSettings(dataDirectory, conf, "point-in-time restore of " + base.id() + " to " + target.describe());
        Path signal = dataDirectory.resolve(standby ? "standby.signal" : "recovery.signal");
        Files.writeString(signal, "");
        if (owner != null && owner.needsSwitch()) {
            owner.chown(signal);
        }
        RestoredServer server = new RestoredServer(tools.withPort(port), dataDirectory);
        server.start(timeout);
        if (!standby) {
            try {
                server.awaitRecoveryEnd(timeout);
            } catch (IOException e) {
                try {
                    server.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        LOG.info("restored server {} is up ({})", server, standby ? "standby, replaying from the archive" : "recovery complete");
        return server;
    }

    /** Appends settings to the data directory's postgresql.auto.conf (read last, so they win). */
    static void writeSettings(Path dataDirectory, Map<String, String> settings, String comment) throws IOException {
        StringBuilder sb = new StringBuilder("\n# dr-postgres: ").append(comment.replace('\n', ' ')).append('\n');
        settings.forEach((k, v) -> sb.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        Files.writeString(dataDirectory.resolve("postgresql.auto.conf"), sb.toString(), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    }

    /** Where WAL is staged for the server's restore_command. */
    public Path walStaging() {
        return walStaging;
    }

    /** Configures a {@link PointInTimeRestore}. */
    public static final class Builder {
        private final BackupRunner backups;
        private final WalArchive archive;
        private final PgTools tools;
        private Path dataDirectory;
        private Path walStaging;
        private int port;
        private RecoveryTarget target = RecoveryTarget.latest();
        private Duration timeout = Duration.ofMinutes(30);
        private final Map<String, String> settings = new LinkedHashMap<>();
        private boolean standby;
        private String restoreCommand;

        private Builder(BackupRunner backups, WalArchive archive, PgTools tools) {
            this.backups = Objects.requireNonNull(backups, "backups");
            this.archive = Objects.requireNonNull(archive, "archive");
            this.tools = Objects.requireNonNull(tools, "tools");
        }

        /** The fresh data directory (missing or empty); its parents must be traversable by the server user. */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
            return this;
        }

        /** Where verified WAL is staged (default: a sibling of the data directory named {@code <name>.wal}). */
        public Builder walStaging(Path value) {
            this.walStaging = Objects.requireNonNull(value, "walStaging");
            return this;
        }

        /** The port the restored server listens on (127.0.0.1). */
        public Builder port(int value) {
            this.port = Ports.require(value, "port", "a free port for the restored server");
            return this;
        }

        /** How far to replay (default: all archived WAL). */
        public Builder target(RecoveryTarget value) {
            this.target = Objects.requireNonNull(value, "target");
            return this;
        }

        /** How long start-up and recovery may take (default 30 min). */
        public Builder timeout(Duration value) {
            this.timeout = Durations.requirePositive(value, "timeout", "Duration.ofMinutes(30)");
            return this;
        }

        /** An extra server setting for the restored server (e.g. shared_buffers). */
        public Builder setting(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!name.matches("[a-z_.]+")) {
                throw new IllegalArgumentException("setting name '" + name + "' is not a PostgreSQL parameter name");
            }
            settings.put(name, value);
            return this;
        }

        /**
         * The server fetches WAL itself through this {@code restore_command} (typically {@link WalCommand}: {@code java
         * -cp ... WalCommand restore %f %p}) instead of from files the library verified in advance; each segment is then
         * verified when the server asks for it, and a tampered one aborts recovery.
         */
        public Builder restoreCommand(String value) {
            Objects.requireNonNull(value, "restoreCommand");
            if (!value.contains("%f") || !value.contains("%p")) {
                throw new IllegalArgumentException("restoreCommand must contain %f (the file name) and %p (the destination path)");
            }
            this.restoreCommand = value;
            return this;
        }

        /** Leaves the server in standby (standby.signal) replaying from the archive, instead of completing recovery. */
        Builder standby(boolean value) {
            this.standby = value;
            return this;
        }

        /** The restore, ready to execute. */
        public PointInTimeRestore build() {
            if (dataDirectory == null) {
                throw new IllegalStateException("dataDirectory is required: a fresh directory for the restored cluster");
            }
            if (port == 0) {
                throw new IllegalStateException("port is required: a free port for the restored server");
            }
            return new PointInTimeRestore(this);
        }
    }
}

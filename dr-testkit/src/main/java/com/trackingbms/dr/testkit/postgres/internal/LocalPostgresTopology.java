package com.trackingbms.dr.testkit.postgres.internal;

import com.trackingbms.dr.exec.Command;
import com.trackingbms.dr.exec.CommandException;
import com.trackingbms.dr.exec.CommandRunner;
import com.trackingbms.dr.exec.RunAs;
import com.trackingbms.dr.testkit.postgres.PostgresBackend;
import com.trackingbms.dr.testkit.postgres.PostgresBinaries;
import com.trackingbms.dr.testkit.postgres.PostgresStartException;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.testkit.postgres.PostgresTopologyBuilder;
import com.trackingbms.dr.testkit.process.JvmExitCleanup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;

/** {@link PostgresTopology} from the local binaries, each server a direct child process of this JVM. */
public final class LocalPostgresTopology extends BasePostgresTopology<LocalPostgresServer> {

    private final PostgresBinaries binaries;
    private final Optional<RunAs> runAs;
    private final Path baseDir;
    private final JvmExitCleanup.Registration dirCleanup;
    private boolean closed;

    private LocalPostgresTopology(PostgresTopologyBuilder.Config config, PostgresBinaries binaries,
                                  Optional<RunAs> runAs, Path baseDir) {
        super(config, PostgresBackend.LOCAL);
        this.binaries = binaries;
        this.runAs = runAs;
        this.baseDir = baseDir;
        // Registered before any server, so that at JVM exit the servers are killed first and the files go last.
        this.dirCleanup = JvmExitCleanup.register(() -> {
            try {
                Files2.deleteTree(baseDir);
            } catch (IOException e) {
                // Best effort at JVM exit.
            }
        });
    }

    /** Creates and starts a topology as described. */
    public static LocalPostgresTopology start(PostgresTopologyBuilder.Config config) {
        PostgresBinaries bin = config.binDirectory().map(PostgresBinaries::in).orElseGet(PostgresBinaries::locate);
        Optional<RunAs> runAs = RunAs.currentUserIsRoot() ? Optional.of(RunAs.user(config.serverUser()))
                : Optional.empty();
        Path base;
        try {
            Path parent = config.baseDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir")));
            Files.createDirectories(parent);
            base = Files.createTempDirectory(parent, "dr-pg-");
            Files.setPosixFilePermissions(base, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            Files2.ensureTraversable(base, runAs);
        } catch (IOException e) {
            throw new PostgresStartException("cannot create the topology directory: " + e.getMessage(), e);
        }
        LocalPostgresTopology t = new LocalPostgresTopology(config, bin, runAs, base);
        try {
            t.createPrimary();
            for (PostgresTopology.StandbySpec s : config.standbys()) {
                t.createStandby(s);
            }
            t.awaitStreaming(config.startupTimeout());
            return t;
        } catch (RuntimeException e) {
            String diag = t.diagnostics(30);
            t.close();
            if (e instanceof PostgresStartException) {
                e.addSuppressed(new ServerLogs(diag));
                throw e;
            }
            PostgresStartException pse = new PostgresStartException("topology did not start: " + e.getMessage(), e);
            pse.addSuppressed(new ServerLogs(diag));
            throw pse;
        }
    }

    /** Carries server log tails as a suppressed exception. */
    static final class ServerLogs extends Exception {
        private static final long serialVersionUID = 1L;

        ServerLogs(String text) {
            super("server logs:\n" + text, null, false, false);
        }
    }

    Optional<RunAs> runAs() {
        return runAs;
    }

    PostgresBinaries binaries() {
        return binaries;
    }

    PostgresTopologyBuilder.Config config() {
        return config;
    }

    private void createPrimary() {
        String name = config.primaryName();
        Path nodeDir = baseDir.resolve(name);
        PgTemplate template = PgTemplate.get(binaries, runAs, config.user(), config.startupTimeout());
        try {
            Files2.mkdir(nodeDir, runAs, "rwx------");
            Path data = nodeDir.resolve("data");
            run(Command.builder("cp").args("-a", template.dataDir().toString(), data.toString())
                    .timeout(config.startupTimeout()), "copy of the template data directory");
            Files2.append(data.resolve("postgresql.conf"), serverSettings());
        } catch (IOException e) {
            throw new PostgresStartException("cannot prepare " + name + " in " + nodeDir + ": " + e.getMessage(), e);
        }
        LocalPostgresServer primary = new LocalPostgresServer(this, name, Optional.empty(), nodeDir);
        nodes.add(primary);
        primary.startFirstTime(template.password());
        try (Connection c = primary.connect(template.password())) {
            try (var st = c.createStatement()) {
                // No standby exists yet: setup commits must not wait for the synchronous ones.
                st.execute("set synchronous_commit = local");
            }
            // Hashed on the client side (SCRAM verifier), so the clear password never reaches the server log.
            c.unwrap(PGConnection.class).alterUserPassword(config.user(), password.reveal(), "scram-sha-256");
            if (!config.database().equals("postgres")) {
                try (var st = c.createStatement()) {
                    st.execute("create database " + config.database());
                }
            }
        } catch (SQLException e) {
            throw new PostgresStartException("cannot set up " + name + ": " + e.getMessage(), e);
        }
    }

    private String serverSettings() {
        StringBuilder sb = new StringBuilder("\n# dr-testkit settings (copied to standbys by pg_basebackup)\n");
        setting(sb, "wal_level", "replica");
        setting(sb, "max_wal_senders", "16");
        setting(sb, "max_replication_slots", "16");
        setting(sb, "wal_log_hints", "on");
        setting(sb, "hot_standby", "on");
        setting(sb, "hot_standby_feedback", "on");
        setting(sb, "wal_keep_size", "128MB");
        setting(sb, "wal_receiver_status_interval", "1s");
        // A standby retries a lost primary every 5 s by default; tests restart primaries and want it back at once.
        setting(sb, "wal_retrieve_retry_interval", "200ms");
        setting(sb, "fsync", config.fsync() ? "on" : "off");
        setting(sb, "synchronous_commit", "on");
        setting(sb, "shared_buffers", "16MB");
        setting(sb, "max_connections", "60");
        setting(sb, "password_encryption", "scram-sha-256");
        setting(sb, "log_line_prefix", "%m [%p] %q%a ");
        setting(sb, "synchronous_standby_names", config.synchronousStandbyNames());
        for (Map.Entry<String, String> e : config.settings().entrySet()) {
            setting(sb, e.getKey(), e.getValue());
        }
        return sb.toString();
    }

    private static void setting(StringBuilder sb, String name, String value) {
        sb.append(name).append(" = '").append(value.replace("'", "''")).append("'\n");
    }

    private void createStandby(PostgresTopology.StandbySpec spec) {
        LocalPostgresServer primary = nodes.get(0);
        Path nodeDir = baseDir.resolve(spec.name());
        Path data = nodeDir.resolve("data");
        try {
            Files2.mkdir(nodeDir, runAs, "rwx------");
            Path pgpass = nodeDir.resolve("pgpass");
            // Any host and port: after a failover test the standby may follow another node of this topology.
            Files2.write(pgpass, "*:*:*:" + config.user() + ":" + password.revealString() + "\n", runAs);
            run(Command.builder(binaries.tool("pg_basebackup").toString())
                    .args("-h", primary.host(), "-p", Integer.toString(primary.port()), "-U", config.user(), "-w",
                            "-D", data.toString(), "-X", "stream", "-c", "fast", "--no-sync",
                            "--create-slot", "--slot=" + spec.name())
                    .secretEnv("PGPASSWORD", password)
                    .timeout(config.startupTimeout().multipliedBy(2)), "pg_basebackup of " + spec.name());
            Files2.write(data.resolve("standby.signal"), "", runAs);
            String conninfo = "host=" + primary.host() + " port=" + primary.port() + " user=" + config.user()
                    + " passfile=" + pgpass + " application_name=" + spec.name() + " connect_timeout=2";
            StringBuilder auto = new StringBuilder("\n# dr-testkit standby of " + primary.name() + "\n");
            setting(auto, "primary_conninfo", conninfo);
            setting(auto, "primary_slot_name", spec.name());
            Files2.append(data.resolve("postgresql.auto.conf"), auto.toString());
        } catch (IOException e) {
            throw new PostgresStartException("cannot prepare standby " + spec.name() + " in " + nodeDir + ": "
                    + e.getMessage(), e);
        }
        LocalPostgresServer standby = new LocalPostgresServer(this, spec.name(), Optional.of(spec.mode()), nodeDir);
        nodes.add(standby);
        standby.startFirstTime(password);
    }

    void run(Command.Builder command, String what) {
        runAs.ifPresent(command::runAs);
        try {
            CommandRunner.local().run(command.build());
        } catch (CommandException e) {
            throw new PostgresStartException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresStartException(what + " was interrupted", e);
        }
    }

    @Override
    Connection connectForReplicationStatus(LocalPostgresServer primary) throws SQLException {
        return primary.connect(password);
    }

    @Override
    String describe(LocalPostgresServer node, int lines) {
        return node.describe(lines);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Immediate shutdown of every node at once: the data is discarded, and unlike kill -9 it still removes the
        // servers' shared memory.
        for (LocalPostgresServer n : nodes) {
            n.beginQuit();
        }
        for (LocalPostgresServer n : nodes) {
            n.finishQuit();
        }
        try {
            Files2.deleteTree(baseDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + baseDir + ": " + e.getMessage(), e);
        } finally {
            dirCleanup.close();
        }
    }
}

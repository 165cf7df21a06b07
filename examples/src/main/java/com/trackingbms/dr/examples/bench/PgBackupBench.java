package com.trackingbms.dr.examples.bench;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.backup.ProgressListener;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.exec.RunAs;
import com.trackingbms.dr.postgres.backup.PgTools;
import com.trackingbms.dr.postgres.backup.PointInTimeRestore;
import com.trackingbms.dr.postgres.backup.PostgresBackups;
import com.trackingbms.dr.postgres.backup.RecoveryTarget;
import com.trackingbms.dr.postgres.backup.RestoredServer;
import com.trackingbms.dr.postgres.backup.WalArchive;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import com.trackingbms.dr.testkit.postgres.PostgresBinaries;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The runbook's PostgreSQL backups against the library's, on a TrackingBMS-like telemetry database of about 1 GB
 * generated server-side (battery_metrics with random voltage, current, temperature and state of charge, compressing
 * about 3x), all in one run: the runbook's {@code pg_dumpall | gzip | openssl enc -aes-256-cbc -pbkdf2} and its
 * restore, {@code pg_dumpall > /dev/null} and {@code pg_basebackup -Ft -D - > /dev/null} as floors, the library's
 * logical and physical backups (zstd + AES-256-GCM into a filesystem store) and their restores. The shell pipelines
 * run as ProcessBuilder argument arrays connected by OS pipes ({@link ProcessBuilder#startPipeline}), no shell.
 *
 * <p>Usage: {@code examples/bench/run pg-backup [SIZE_MIB]} (default 1024). System properties:
 * {@code bench.logicalLevel} (a plain zstd level for the logical backup instead of
 * {@link PostgresBackups#dumpCompression()}), {@code bench.physicalLevel} (default 1), {@code bench.zstdWorkers} (default 2),
 * {@code bench.rounds} (default 3: the backups and their floors are each measured this many times, interleaved, and
 * reported as medians).
 */
public final class PgBackupBench {

    private static final String PASS_VAR = "BENCH_PG_PASSPHRASE";
    private static final Integer LOGICAL_LEVEL = Integer.getInteger("bench.logicalLevel");
    private static final int PHYSICAL_LEVEL = Integer.getInteger("bench.physicalLevel", 1);
    private static final int WORKERS = Integer.getInteger("bench.zstdWorkers", 2);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private PgBackupBench() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        long sizeMib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        Path bin = PostgresBinaries.locate().directory();
        Path work = Files.createTempDirectory("pg-backup-bench-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        String passphrase = "bench-" + Long.toHexString(System.nanoTime());
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %.2f at start%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (PostgresTopology source = topology(work.resolve("source"))) {
            PgTools tools = tools(source.primary(), bin);
            generate(tools, sizeMib);
            long dbBytes = queryLong(tools, "select sum(pg_database_size(datname)) from pg_database");
            System.out.printf(Locale.ROOT, "database: %d MiB on disk (%d rows in battery_metrics)%n", dbBytes >> 20,
                    queryLong(tools, "select count(*) from battery_metrics"));
            long rows = queryLong(tools, "select count(*) from battery_metrics");

            time("warm-up pg_dumpall > /dev/null", () -> pipeline(List.of(dumpAll(tools)), null, new File("/dev/null")));
            Path shellFile = work.resolve("runbook.sql.gz.enc");
            double shellLogical = time("pg_dumpall | gzip | openssl enc -aes-256-cbc -pbkdf2", () -> pipeline(List.of(dumpAll(tools),
                    new ProcessBuilder("gzip"), withPass(new ProcessBuilder("openssl", "enc", "-aes-256-cbc", "-salt", "-pbkdf2",
                            "-pass", "env:" + PASS_VAR), passphrase)), null, shellFile.toFile()));
            long shellBytes = Files.size(shellFile);

            FileSystemObjectStore store = FileSystemObjectStore.of(work.resolve("store"));
            // A 256-bit key as the library recommends (from a file, the environment or a KMS); a passphrase provider would add
            // one Argon2 derivation per backup, which costs about a second by design.
            byte[] raw = new byte[32];
            new java.security.SecureRandom().nextBytes(raw);
            Encryption enc = Encryption.aes256Gcm(KeyProviders.key("bench", Secret.of(java.util.HexFormat.of().formatHex(raw))));
            Compression logicalCompression = LOGICAL_LEVEL == null ? PostgresBackups.dumpCompression() : Compression.zstd(LOGICAL_LEVEL);
            Compression physicalCompression = Compression.zstd(PHYSICAL_LEVEL);
            BackupRunner logicalRunner = BackupRunner.builder(store).compression(logicalCompression).encryption(enc)
                    .zstdWorkers(WORKERS).onProgress(ProgressListener.none()).stagingDirectory(work.resolve("staging")).build();
            BackupRunner physicalRunner = BackupRunner.builder(store).compression(physicalCompression).encryption(enc)
                    .zstdWorkers(WORKERS).onProgress(ProgressListener.none()).stagingDirectory(work.resolve("staging")).build();
            List<String> baseBackupArgs = List.of(bin.resolve("pg_basebackup").toString(), "-h", tools.host(), "-p",
                    Integer.toString(tools.port()), "-U", tools.user(), "-w", "-Ft", "-D", "-", "-X", "fetch", "-c", "fast");

            // The machine is shared: each figure is the median of ROUNDS, and every round runs a floor next to the library's
            // run, so a noisy minute slows both. The zstd tool's runs are references, not targets: the same compression
            // without the library, to tell pipeline overhead from compression cost.
            List<Double> floors = new ArrayList<>();
            List<Double> libLogicals = new ArrayList<>();
            List<Double> baseFloors = new ArrayList<>();
            List<Double> libPhysicals = new ArrayList<>();
            BackupManifest[] logical = new BackupManifest[1];
            BackupManifest[] physical = new BackupManifest[1];
            for (int round = 1; round <= ROUNDS; round++) {
                System.out.printf(Locale.ROOT, "round %d of %d%n", round, ROUNDS);
                floors.add(time("pg_dumpall > /dev/null", () -> pipeline(List.of(dumpAll(tools)), null, new File("/dev/null"))));
                libLogicals.add(time("library pg_dumpall -> " + logicalCompression.describe() + " -> AES-256-GCM -> store",
                        () -> logical[0] = logicalRunner.backup(PostgresBackups.dumpAll(tools), BackupKind.FULL)));
                time("reference: pg_dumpall | zstd " + String.join(" ", zstdArgs(logicalCompression)) + " -T" + WORKERS + " > /dev/null",
                        () -> pipeline(List.of(dumpAll(tools), new ProcessBuilder(cat(List.of("zstd", "-q"), zstdArgs(logicalCompression),
                                List.of("-T" + WORKERS, "-c")))), null, new File("/dev/null")));
                baseFloors.add(time("pg_basebackup -Ft -D - -X fetch > /dev/null",
                        () -> pipeline(List.of(new ProcessBuilder(baseBackupArgs)), tools, new File("/dev/null"))));
                libPhysicals.add(time("library pg_basebackup -> " + physicalCompression.describe() + " -> AES-256-GCM -> store",
                        () -> physical[0] = physicalRunner.backup(PostgresBackups.baseBackup(tools), BackupKind.FULL)));
                time("reference: pg_basebackup -Ft -D - -X fetch | zstd " + String.join(" ", zstdArgs(physicalCompression)) + " -T"
                                + WORKERS + " > /dev/null",
                        () -> pipeline(List.of(new ProcessBuilder(baseBackupArgs), new ProcessBuilder(cat(List.of("zstd", "-q"),
                                zstdArgs(physicalCompression), List.of("-T" + WORKERS, "-c")))), tools, new File("/dev/null")));
            }
            double floor = median(floors);
            double libLogical = median(libLogicals);
            double baseFloor = median(baseFloors);
            double libPhysical = median(libPhysicals);
            long libBytes = logical[0].storedBytes();
            System.out.printf(Locale.ROOT, "medians of %d rounds: dump floor %.2f s, library logical %.2f s (%.2fx), base backup floor %.2f s, "
                    + "library physical %.2f s (%.2fx)%n", ROUNDS, floor, libLogical, libLogical / floor, baseFloor, libPhysical, libPhysical / baseFloor);
            System.out.printf(Locale.ROOT, "sizes: runbook %d bytes, library logical %d bytes (raw %d), library physical %d bytes (raw %d)%n",
                    shellBytes, libBytes, logical[0].rawBytes(), physical[0].storedBytes(), physical[0].rawBytes());

            double shellRestore;
            try (PostgresTopology target = topology(work.resolve("shell-target"))) {
                PgTools t = samePassword(tools(target.primary(), bin), tools);
                ProcessBuilder psql = new ProcessBuilder(bin.resolve("psql").toString(), "-X", "-q", "-h", t.host(), "-p",
                        Integer.toString(t.port()), "-U", t.user(), "-w", "-d", "postgres");
                psql.environment().put("PGPASSWORD", t.password().orElseThrow().revealString());
                shellRestore = time("openssl enc -d | gunzip | psql", () -> pipeline(List.of(
                        withPass(new ProcessBuilder("openssl", "enc", "-d", "-aes-256-cbc", "-pbkdf2", "-pass", "env:" + PASS_VAR,
                                "-in", shellFile.toString()), passphrase), new ProcessBuilder("gunzip"), psql), null, new File("/dev/null")));
                check("runbook restore", t, rows);
            }
            double libLogicalRestore;
            try (PostgresTopology target = topology(work.resolve("lib-target"))) {
                PgTools t = samePassword(tools(target.primary(), bin), tools);
                libLogicalRestore = time("library restore of the logical backup (verify, decrypt, psql)",
                        () -> logicalRunner.restore(RestoreRequest.byId(logical[0].id()), PostgresBackups.psql(t)));
                check("library logical restore", t, rows);
            }
            double libRestore;
            WalArchive archive = WalArchive.builder(store).encryption(enc).build();
            Path data = work.resolve("restored");
            RestoredServer[] server = new RestoredServer[1];
            libRestore = time("library restore of the base backup until the server accepts connections",
                    () -> server[0] = PointInTimeRestore.builder(physicalRunner, archive, tools).dataDirectory(data)
                            .port(LoopbackPorts.free()).target(RecoveryTarget.latest()).build().execute());
            try {
                check("library physical restore", server[0].tools(), rows);
            } finally {
                server[0].delete();
            }

            System.out.printf(Locale.ROOT, "targets: lib_logical <= shell/3 (%.2f <= %.2f) %s; lib_logical <= 1.3 x floor (%.2f <= %.2f) %s; "
                            + "lib_bytes <= shell_bytes %s; lib_physical <= 1.5 x floor (%.2f <= %.2f) %s; lib_restore <= shell_restore/2 "
                            + "(%.2f <= %.2f) %s%n",
                    libLogical, shellLogical / 3, ok(libLogical <= shellLogical / 3), libLogical, 1.3 * floor, ok(libLogical <= 1.3 * floor),
                    ok(libBytes <= shellBytes), libPhysical, 1.5 * baseFloor, ok(libPhysical <= 1.5 * baseFloor), libRestore,
                    shellRestore / 2, ok(libRestore <= shellRestore / 2));
            System.out.printf(Locale.ROOT, "BENCH name=pg-backup shell_logical_s=%.2f dump_floor_s=%.2f lib_logical_s=%.2f basebackup_floor_s=%.2f "
                            + "lib_physical_s=%.2f shell_restore_s=%.2f lib_restore_s=%.2f lib_logical_restore_s=%.2f lib_bytes=%d shell_bytes=%d%n",
                    shellLogical, floor, libLogical, baseFloor, libPhysical, shellRestore, libRestore, libLogicalRestore, libBytes, shellBytes);
        } finally {
            deleteTree(work);
        }
    }

    /** The zstd tool's arguments for the same compression (--zstd= names the tool's advanced parameters). */
    private static List<String> zstdArgs(Compression c) {
        List<String> args = new ArrayList<>(List.of(c.level() < 0 ? "--fast=" + -c.level() : "-" + c.level()));
        if (!c.zstdParameters().isEmpty()) {
            List<String> kv = new ArrayList<>();
            c.zstdParameters().forEach((p, v) -> kv.add(switch (p) {
                case STRATEGY -> "strategy";
                case WINDOW_LOG -> "wlog";
                case HASH_LOG -> "hlog";
                case CHAIN_LOG -> "clog";
                case SEARCH_LOG -> "slog";
                case MIN_MATCH -> "mml";
                case TARGET_LENGTH -> "tlen";
            } + "=" + v));
            args.add("--zstd=" + String.join(",", kv));
        }
        return args;
    }

    private static List<String> cat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String ok(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static PostgresTopology topology(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return PostgresTopology.builder().baseDirectory(dir).setting("shared_buffers", "256MB").setting("max_wal_size", "4GB")
                .setting("checkpoint_timeout", "30min").setting("maintenance_work_mem", "256MB").setting("wal_keep_size", "1GB")
                .startupTimeout(Duration.ofMinutes(2)).start();
    }

    private static PgTools tools(PostgresServer server, Path bin) {
        PgTools.Builder b = PgTools.builder().binDirectory(bin).host(server.host()).port(server.port()).user(server.user())
                .password(server.password()).timeout(Duration.ofHours(1));
        if (RunAs.currentUserIsRoot()) {
            b.serverUser(RunAs.user("postgres"));
        }
        return b.build();
    }

    /** The dump carries the source superuser's password; give the target the same one so the script's \connects work. */
    private static PgTools samePassword(PgTools target, PgTools source) throws SQLException {
        try (Connection c = connect(target)) {
            // Hashed on the client (SCRAM verifier): the clear password never travels in SQL text or a server log.
            c.unwrap(org.postgresql.PGConnection.class).alterUserPassword(target.user(), source.password().orElseThrow().reveal(),
                    "scram-sha-256");
        }
        return target.toBuilder().password(source.password().orElseThrow()).build();
    }

    private static void generate(PgTools tools, long sizeMib) throws SQLException {
        // About 94 bytes per row on disk: the heap row and its (battery_id, ts) index entry (measured here).
        long rows = sizeMib * 1024 * 1024 / 94;
        long t0 = System.nanoTime();
        try (Connection c = connect(tools); Statement st = c.createStatement()) {
            st.execute("create table clients(id int primary key, name text)");
            st.execute("create table batteries(id int primary key, client_id int references clients(id), serial text)");
            st.execute("insert into clients select g, 'fleet-' || g from generate_series(1, 50) g");
            st.execute("insert into batteries select g, 1 + g % 50, 'BMS-' || md5(g::text) from generate_series(1, 5000) g");
            st.execute("create table battery_metrics(battery_id int not null, ts timestamptz not null, voltage real, current real, "
                    + "temperature real, soc smallint)");
            long chunk = 2_000_000;
            for (long from = 0; from < rows; from += chunk) {
                long to = Math.min(rows, from + chunk);
                st.execute("insert into battery_metrics select 1 + g % 5000, timestamptz '2026-01-01' + (g / 5000) * interval '10 seconds' "
                        + "+ random() * interval '2 seconds', round((3.0 + random() * 1.2)::numeric, 4), round((-30 + random() * 60)::numeric, 3), "
                        + "round((15 + random() * 25)::numeric, 2), (random() * 100)::smallint from generate_series(" + (from + 1) + ", " + to + ") g");
            }
            st.execute("create index battery_metrics_battery_ts on battery_metrics(battery_id, ts)");
            st.execute("vacuum analyze");
            st.execute("checkpoint");
        }
        System.out.printf(Locale.ROOT, "generated %d rows server-side in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
    }

    private static void check(String what, PgTools t, long rows) throws SQLException {
        long restored = queryLong(t, "select count(*) from battery_metrics");
        if (restored != rows) {
            throw new IllegalStateException(what + " has " + restored + " rows in battery_metrics, the source " + rows);
        }
    }

    private static Connection connect(PgTools t) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", t.user());
        p.setProperty("password", t.password().orElseThrow().revealString());
        return DriverManager.getConnection(t.jdbcUrl("postgres"), p);
    }

    private static long queryLong(PgTools t, String sql) throws SQLException {
        try (Connection c = connect(t); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ProcessBuilder dumpAll(PgTools t) {
        ProcessBuilder b = new ProcessBuilder(t.tool("pg_dumpall").toString(), "-h", t.host(), "-p", Integer.toString(t.port()), "-U", t.user(), "-w");
        b.environment().put("PGPASSWORD", t.password().orElseThrow().revealString());
        return b;
    }

    private static ProcessBuilder withPass(ProcessBuilder b, String passphrase) {
        b.environment().put(PASS_VAR, passphrase);
        return b;
    }

    /** Runs processes connected by OS pipes, the last one's stdout into {@code out}; every exit code must be 0. */
    private static void pipeline(List<ProcessBuilder> stages, PgTools passwordOf, File out) throws IOException, InterruptedException {
        List<ProcessBuilder> builders = new ArrayList<>(stages);
        for (ProcessBuilder b : builders) {
            b.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        if (passwordOf != null) {
            builders.get(0).environment().put("PGPASSWORD", passwordOf.password().orElseThrow().revealString());
        }
        builders.get(0).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builders.get(builders.size() - 1).redirectOutput(ProcessBuilder.Redirect.to(out));
        List<Process> processes = ProcessBuilder.startPipeline(builders);
        for (int i = 0; i < processes.size(); i++) {
            int code = processes.get(i).waitFor();
            if (code != 0) {
                throw new IOException(builders.get(i).command().get(0) + " exited with " + code);
            }
        }
    }

    /** A measured step. */
    private interface Step {
        void run() throws Exception;
    }

    private static double time(String what, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%-80s %7.2f s%n", what, s);
        return s;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}

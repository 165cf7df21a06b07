package com.trackingbms.dr.examples.bench;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.backup.BackupContext;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.BackupSource;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.backup.ProgressListener;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.backup.RestoreTarget;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Backup and restore throughput of the library's pipeline (zstd, level 1 by default, + chunked AES-256-GCM + SHA-256, in a child
 * JVM with {@code -Xmx64m}) against the runbook's {@code gzip | openssl enc -aes-256-cbc -salt} on the same
 * generated battery telemetry, in the same run; median of 3 runs each.
 *
 * <p>Usage: {@code examples/bench/run backup-pipeline [SIZE_MIB] [RUNS]} (defaults 1024 and 3).
 */
public final class BackupPipelineBench {

    private static final String PASS_VAR = "BENCH_BACKUP_PASSPHRASE";
    private static final int HEAP_MB = 64;
    private static final int ZSTD_LEVEL = Integer.getInteger("bench.zstdLevel", 1);
    private static final int ZSTD_WORKERS = Integer.getInteger("bench.zstdWorkers", 2);

    private BackupPipelineBench() {
    }

    /** Runs the benchmark, or one library operation when called with {@code --child}. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args);
            return;
        }
        long sizeMib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("backup-pipeline-bench-");
        try {
            run(work, sizeMib << 20, runs);
        } finally {
            deleteTree(work);
        }
    }

    private static void run(Path work, long size, int runs) throws Exception {
        Path data = work.resolve("telemetry.csv");
        long t0 = System.nanoTime();
        generate(data, size);
        System.out.printf(Locale.ROOT, "generated %d bytes of battery telemetry in %.1f s%n", size, (System.nanoTime() - t0) / 1e9);
        String passphrase = randomPassphrase();
        List<Double> libBackup = new ArrayList<>();
        List<Double> libRestore = new ArrayList<>();
        List<Double> shellBackup = new ArrayList<>();
        List<Double> shellRestore = new ArrayList<>();
        long libBytes = 0;
        long shellBytes = 0;
        String heapSeen = "";
        for (int run = 1; run <= runs; run++) {
            // Library: a fresh child JVM per operation, so the heap limit is real and nothing is shared.
            Path store = work.resolve("store-" + run);
            Path libOut = work.resolve("lib-restored");
            Map<String, String> b = child(passphrase, "backup", data, store, null);
            Map<String, String> r = child(passphrase, "restore", data, store, libOut);
            checkSame(data, libOut, "library restore");
            Files.delete(libOut);
            libBackup.add(size / Double.parseDouble(b.get("seconds")) / (1 << 20));
            libRestore.add(size / Double.parseDouble(r.get("seconds")) / (1 << 20));
            libBytes = Long.parseLong(b.get("stored"));
            heapSeen = "-Xmx" + HEAP_MB + "m (max " + b.get("heap_max_mb") + " MiB usable), highest heap in use sampled every 5 ms: backup "
                    + b.get("heap_peak_mb") + " MiB, restore " + r.get("heap_peak_mb") + " MiB";
            deleteTree(store);

            Path enc = work.resolve("shell.gz.enc");
            Path shellOut = work.resolve("shell-restored");
            double sb = shellBackup(passphrase, data, enc);
            shellBytes = Files.size(enc);
            double sr = shellRestore(passphrase, enc, shellOut);
            checkSame(data, shellOut, "shell restore");
            Files.delete(shellOut);
            Files.delete(enc);
            shellBackup.add(size / sb / (1 << 20));
            shellRestore.add(size / sr / (1 << 20));
            System.out.printf(Locale.ROOT, "run %d: library backup %.1f MiB/s restore %.1f MiB/s (%d bytes); shell backup %.1f MiB/s restore %.1f MiB/s (%d bytes)%n",
                    run, libBackup.get(run - 1), libRestore.get(run - 1), libBytes, shellBackup.get(run - 1), shellRestore.get(run - 1), shellBytes);
        }
        System.out.println("library JVM heap: " + heapSeen);
        System.out.printf(Locale.ROOT, "median of %d: library backup %.1f MiB/s, shell backup %.1f MiB/s (x%.2f); library restore %.1f MiB/s, shell restore %.1f MiB/s (x%.2f)%n",
                runs, median(libBackup), median(shellBackup), median(libBackup) / median(shellBackup), median(libRestore), median(shellRestore),
                median(libRestore) / median(shellRestore));
        System.out.printf(Locale.ROOT, "BENCH name=backup-pipeline lib_backup_mb_s=%.1f shell_backup_mb_s=%.1f lib_restore_mb_s=%.1f shell_restore_mb_s=%.1f lib_bytes=%d shell_bytes=%d heap_max_mb=%d%n",
                median(libBackup), median(shellBackup), median(libRestore), median(shellRestore), libBytes, shellBytes, HEAP_MB);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Battery telemetry rows with random readings: compresses about 3x (gzip -6), like the real table dumps. */
    static void generate(Path file, long size) throws IOException {
        SplittableRandom r = new SplittableRandom(20261126);
        String[] sites = {"montreal", "toronto", "vancouver", "frankfurt"};
        String[] states = {"OK", "OK", "OK", "OK", "CHARGING", "DISCHARGING", "WARN_TEMP"};
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
        long millis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long second = -1;
        String secondText = "";
        StringBuilder row = new StringBuilder(160);
        byte[] bytes = new byte[256];
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            while (written < size) {
                millis += r.nextInt(50);
                if (millis / 1000 != second) {
                    second = millis / 1000;
                    secondText = iso.format(Instant.ofEpochSecond(second));
                }
                row.setLength(0);
                row.append(secondText).append('.');
                pad(row, millis % 1000, 3);
                row.append("Z,battery-");
                pad(row, r.nextInt(20000), 5);
                row.append(',').append(sites[r.nextInt(sites.length)]).append(',');
                fixed(row, 30000 + r.nextInt(12000), 4); // voltage 3.0000-4.2000
                row.append(',');
                fixed(row, r.nextInt(100000) - 50000, 3); // current -50.000-50.000 A
                row.append(',');
                fixed(row, 1000 + r.nextInt(3500), 2); // temperature 10.00-45.00
                row.append(',');
                fixed(row, r.nextInt(10000), 2); // state of charge %
                row.append(',');
                fixed(row, 800 + r.nextInt(200), 1); // state of health %
                row.append(',').append(r.nextInt(3000)).append(',').append(states[r.nextInt(states.length)]).append(',');
                String hex = Integer.toHexString(r.nextInt());
                for (int i = hex.length(); i < 8; i++) {
                    row.append('0');
                }
                row.append(hex).append('\n');
                int n = row.length();
                for (int i = 0; i < n; i++) {
                    bytes[i] = (byte) row.charAt(i);
                }
                int k = (int) Math.min(n, size - written);
                out.write(bytes, 0, k);
                written += k;
            }
        }
    }

    private static void pad(StringBuilder b, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }

    private static void fixed(StringBuilder b, long scaled, int decimals) {
        if (scaled < 0) {
            b.append('-');
            scaled = -scaled;
        }
        long unit = 1;
        for (int i = 0; i < decimals; i++) {
            unit *= 10;
        }
        b.append(scaled / unit).append('.');
        pad(b, scaled % unit, decimals);
    }

    private static String randomPassphrase() {
        SplittableRandom r = new SplittableRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    private static double shellBackup(String passphrase, Path data, Path out) throws Exception {
        ProcessBuilder gzip = new ProcessBuilder(List.of("gzip", "-c")).redirectInput(data.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        ProcessBuilder openssl = new ProcessBuilder(List.of("openssl", "enc", "-aes-256-cbc", "-salt", "-pass", "env:" + PASS_VAR))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        openssl.environment().put(PASS_VAR, passphrase);
        return pipeline(List.of(gzip, openssl));
    }

    private static double shellRestore(String passphrase, Path in, Path out) throws Exception {
        ProcessBuilder openssl = new ProcessBuilder(List.of("openssl", "enc", "-d", "-aes-256-cbc", "-pass", "env:" + PASS_VAR))
                .redirectInput(in.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        openssl.environment().put(PASS_VAR, passphrase);
        ProcessBuilder gunzip = new ProcessBuilder(List.of("gzip", "-dc")).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        return pipeline(List.of(openssl, gunzip));
    }

    private static double pipeline(List<ProcessBuilder> stages) throws Exception {
        long start = System.nanoTime();
        List<Process> processes = ProcessBuilder.startPipeline(stages);
        for (Process p : processes) {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("shell pipeline stage " + p.info().command().orElse("?") + " exited with " + p.exitValue());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Map<String, String> child(String passphrase, String op, Path data, Path store, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + HEAP_MB + "m", "-Dbench.zstdLevel=" + ZSTD_LEVEL,
                "-Dbench.zstdWorkers=" + ZSTD_WORKERS, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), BackupPipelineBench.class.getName(), "--child", op, data.toString(),
                store.toString(), out == null ? "-" : out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(PASS_VAR, passphrase);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("library " + op + " child failed with exit " + p.exitValue() + ": " + output);
        }
        Map<String, String> result = new java.util.HashMap<>();
        for (String token : output.strip().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                result.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return result;
    }

    private static void child(String[] args) throws Exception {
        String op = args[1];
        Path data = Path.of(args[2]);
        Path storeDir = Path.of(args[3]);
        FileSystemObjectStore store = FileSystemObjectStore.of(storeDir);
        BackupRunner runner = BackupRunner.builder(store).compression(Compression.zstd(ZSTD_LEVEL)).zstdWorkers(ZSTD_WORKERS)
                .encryption(Encryption.aes256Gcm(KeyProviders.passphrase("bench", Secret.fromEnv(PASS_VAR))))
                .stagingDirectory(storeDir.resolveSibling(storeDir.getFileName() + "-staging"))
                .onProgress(ProgressListener.none()).build();
        // Samples the heap in use at one instant (per-pool peaks do not add up to a real peak).
        long[] peakUsed = new long[1];
        Thread sampler = new Thread(() -> {
            Runtime rt = Runtime.getRuntime();
            while (!Thread.currentThread().isInterrupted()) {
                peakUsed[0] = Math.max(peakUsed[0], rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        long stored;
        if (op.equals("backup")) {
            BackupManifest m = runner.backup(new FileSource(data), BackupKind.FULL);
            stored = m.storedBytes();
        } else {
            Path out = Path.of(args[4]);
            List<BackupManifest> restored = runner.restore(RestoreRequest.latest(), new FileTarget(out));
            stored = restored.get(0).storedBytes();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        long peak = peakUsed[0];
        System.out.printf(Locale.ROOT, "seconds=%.3f stored=%d heap_max_mb=%d heap_peak_mb=%d%n", seconds, stored,
                Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    }

    private static void checkSame(Path expected, Path actual, String what) throws IOException {
        long mismatch = Files.mismatch(expected, actual);
        if (mismatch != -1) {
            throw new IllegalStateException(what + " differs from the original at byte " + mismatch);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Streams a file into the pipeline. */
    private record FileSource(Path file) implements BackupSource {
        @Override
        public String describe() {
            return "file " + file;
        }

        @Override
        public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
            byte[] buffer = new byte[256 * 1024];
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            }
            return Map.of();
        }
    }

    /** Writes the restored stream to a file. */
    private record FileTarget(Path file) implements RestoreTarget {
        @Override
        public String describe() {
            return "file " + file;
        }

        @Override
        public void restore(BackupManifest manifest, InputStream data) throws IOException {
            byte[] buffer = new byte[256 * 1024];
            try (OutputStream out = Files.newOutputStream(file)) {
                int n;
                while ((n = data.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            }
        }
    }
}

package com.trackingbms.dr.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.exec.RunAs;
import com.trackingbms.dr.postgres.backup.internal.Lsn;
import com.trackingbms.dr.postgres.backup.internal.Run;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The server itself runs {@link WalCommand} as its restore_command: a JVM per WAL file, fed from the object store. */
@DrillTest
@PostgresCluster(standbys = 0)
class RestoreCommandIT {

    /** Copies the test class path where the server user can read it (the build's own is under /root). */
    private static String readableClassPath(Path dir) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = dir.resolve(i++ + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                try (Stream<Path> walk = Files.walk(from)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        Path target = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(from, to);
            }
            entries.add(to.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void pointInTimeRestoreThroughTheEntryPointAndATamperedSegmentAbortsRecovery(PostgresTopology pg) throws Exception {
        PgTools tools = PgFixtures.tools(pg.primary());
        Path work = PgFixtures.scratch("dr-restorecmd-");
        try {
            Path key = work.resolve("wal.key");
            Files.writeString(key, "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90\n");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            if (RunAs.currentUserIsRoot()) {
                RunAs.user("postgres").chown(key);
            }
            Encryption encryption = Encryption.aes256Gcm(KeyProviders.fromFile("wal", key));
            FileSystemObjectStore store = FileSystemObjectStore.of(work.resolve("store"));
            BackupRunner runner = BackupRunner.builder(store).encryption(encryption).build();
            WalArchive archive = WalArchive.builder(store).encryption(encryption).build();
            String last;
            try (WalReceiver receiver = WalReceiver.start(tools, archive, work.resolve("spool"), "dr_cmd", Duration.ofMillis(200))) {
                PgFixtures.execute(tools, "postgres", "create table events(id int primary key)",
                        "insert into events select generate_series(1, 100)");
                runner.backup(PostgresBackups.baseBackup(tools), BackupKind.FULL);
                PgFixtures.execute(tools, "postgres", "insert into events select generate_series(101, 300)");
                last = Lsn.parse(PgFixtures.strings(tools, "postgres", "select pg_current_wal_lsn()::text").get(0)).segmentName(1);
                PgFixtures.execute(tools, "postgres", "select pg_switch_wal()");
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                while (archive.find(last).isEmpty()) {
                    assertThat(Instant.now()).as("segment %s archived", last).isBefore(deadline);
                    Thread.sleep(100);
                }
            }
            Path cp = work.resolve("cp");
            Files.createDirectories(cp);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String command = "'" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Ddr.wal.store='" + work.resolve("store")
                    + "' -Ddr.wal.key.file='" + key + "' -cp '" + readableClassPath(cp) + "' " + WalCommand.class.getName() + " restore %f %p";

            Path data = work.resolve("restored");
            try (RestoredServer restored = PointInTimeRestore.builder(runner, archive, tools).dataDirectory(data).port(LoopbackPorts.free())
                    .restoreCommand(command).timeout(Duration.ofMinutes(3)).build().execute()) {
                assertThat(PgFixtures.queryLong(restored.tools(), "postgres", "select count(*) from events")).isEqualTo(300);
                assertThat(restored.logTail()).contains("restored log file \"" + last + "\" from archive");
            }

            WalSegment victim = archive.find(last).orElseThrow();
            Path object = store.root().resolve(WalArchive.PREFIX + victim.name() + "/" + victim.manifest().objectKey());
            try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
                f.seek(f.length() / 2);
                int b = f.read();
                f.seek(f.length() / 2);
                f.write(b ^ 0x40);
            }
            PointInTimeRestore again = PointInTimeRestore.builder(runner, archive, tools).dataDirectory(work.resolve("restored2"))
                    .port(LoopbackPorts.free()).restoreCommand(command).timeout(Duration.ofMinutes(3)).build();
            // WalCommand refuses the segment with exit code 255, which PostgreSQL treats as fatal instead of "end of WAL".
            assertThatThrownBy(again::execute).isInstanceOf(IOException.class)
                    .hasMessageContaining("could not restore file \"" + last + "\" from archive")
                    .hasMessageContaining("exit code 255");
        } finally {
            Run.deleteTree(work);
        }
    }
}

package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeTest {

    @TempDir
    Path dir;

    private BackupRunner runner() throws IOException {
        return BackupRunner.builder(FileSystemObjectStore.of(dir.resolve("store")))
                .encryption(Encryption.aes256Gcm(KeyProviders.key("k", Secret.of("ab".repeat(32)))))
                .stagingDirectory(dir.resolve("staging")).onProgress(ProgressListener.none()).build();
    }

    private static Path write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void roundTripsLongNamesPermissionsTimesAndLinksWithoutTheExcludedFiles() throws Exception {
        Path src = dir.resolve("app");
        String longDir = "a-very-long-directory-name-".repeat(4);
        Path deep = write(src.resolve(longDir).resolve(longDir).resolve("file-with-a-long-name-" + "x".repeat(120) + ".txt"), "deep");
        Path secret = write(src.resolve("config/secret.env"), "TOKEN=1");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path script = write(src.resolve("bin/run.sh"), "#!/bin/sh\necho ok\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(src.resolve("config"), PosixFilePermissions.fromString("rwx------"));
        write(src.resolve("empty.txt"), "");
        write(src.resolve("node_modules/left-pad/index.js"), "module.exports = 1");
        write(src.resolve("web/node_modules/x.js"), "x");
        write(src.resolve("logs/app.log"), "log");
        write(src.resolve("logs/keep.txt"), "keep");
        write(src.resolve("tmp/cache.bin"), "cache");
        write(src.resolve("tmp/sub/deeper.bin"), "deeper");
        write(src.resolve("unicode-é.txt"), "é");
        Files.createSymbolicLink(src.resolve("bin/current"), Path.of("run.sh"));
        FileTime old = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
        Files.setLastModifiedTime(deep, old);
        Files.setLastModifiedTime(src.resolve("logs"), old);

        BackupRunner runner = runner();
        BackupManifest m = runner.backup(FileTree.source(src, "node_modules", "*.log", "tmp/*"), BackupKind.FULL);
        Path restored = dir.resolve("restored/app");
        runner.restore(RestoreRequest.byId(m.id()), FileTree.target(restored));

        assertThat(tree(restored)).containsExactlyInAnyOrder(
                longDir + "/", longDir + "/" + longDir + "/", longDir + "/" + longDir + "/file-with-a-long-name-" + "x".repeat(120) + ".txt",
                "config/", "config/secret.env", "bin/", "bin/run.sh", "bin/current", "empty.txt", "web/", "logs/", "logs/keep.txt",
                "tmp/", "unicode-é.txt");
        Path deepCopy = restored.resolve(src.relativize(deep));
        assertThat(Files.readString(deepCopy)).isEqualTo("deep");
        assertThat(Files.getLastModifiedTime(deepCopy)).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(restored.resolve("logs"))).isEqualTo(old);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("config/secret.env")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("bin/run.sh")))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("config")))).isEqualTo("rwx------");
        assertThat(Files.readSymbolicLink(restored.resolve("bin/current"))).isEqualTo(Path.of("run.sh"));
        assertThat(m.positions()).containsEntry("files", "7");
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p).toString() + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : "")).toList();
        }
    }

    private static byte[] tar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String spec : entries) {
                String[] parts = spec.split(" -> ");
                TarArchiveEntry e;
                if (parts.length == 2) {
                    e = new TarArchiveEntry(parts[0], TarConstants.LF_SYMLINK);
                    e.setLinkName(parts[1]);
                    tar.putArchiveEntry(e);
                } else {
                    byte[] content = "pwned".getBytes(StandardCharsets.US_ASCII);
                    e = new TarArchiveEntry(spec, true);
                    e.setSize(content.length);
                    tar.putArchiveEntry(e);
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void entriesThatEscapeAreRefusedAndNothingIsLeftBehind() throws Exception {
        BackupManifest m = Manifests.of("x", BackupKind.FULL, null, Instant.now());
        List<byte[]> evil = List.of(
                tar("ok.txt", "../escaped.txt"),
                tar("/tmp/absolute.txt"),
                tar("a/../../escaped.txt"),
                tar("link -> /etc"),
                tar("link -> ../.."),
                tar("sub/link -> ..", "sub/link/escaped.txt"));
        for (byte[] archive : evil) {
            Path target = dir.resolve("restore-" + System.identityHashCode(archive));
            assertThatThrownBy(() -> FileTree.target(target).restore(m, new ByteArrayInputStream(archive)))
                    .isInstanceOf(UnsafeArchiveEntryException.class);
            assertThat(target).doesNotExist();
        }
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".restoring-"));
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedAndIncrementalsAreNotOffered() throws Exception {
        Path full = write(dir.resolve("full/x.txt"), "x").getParent();

        assertThatThrownBy(() -> FileTree.target(full).restore(Manifests.of("x", BackupKind.FULL, null, Instant.now()),
                new ByteArrayInputStream(tar("a.txt")))).isInstanceOf(IOException.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> FileTree.source(full).writeTo(new BackupContext("id", BackupKind.INCREMENTAL,
                java.util.Optional.of(Manifests.of("p", BackupKind.FULL, null, Instant.now())), Instant.now()), new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("full backups only");
    }
}

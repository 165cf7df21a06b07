package com.trackingbms.dr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.testkit.contract.ObjectStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store held to the shared contract, plus what only a directory can show. */
class FileSystemObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path dir;

    @Override
    protected ObjectStore createStore() throws IOException {
        return FileSystemObjectStore.of(dir.resolve("root"));
    }

    private Path root() {
        return ((FileSystemObjectStore) store).root();
    }

    @Test
    void uncommittedBytesLiveOnlyInTheTempDirectoryAndAreRemovedOnAbandon() throws IOException {
        try (ObjectWriter w = store.create("a/b")) {
            w.write(new byte[100]);
            w.flush();
            assertThat(Files.exists(root().resolve("a/b"))).isFalse();
            try (var temp = Files.list(root().resolve(".tmp"))) {
                assertThat(temp).hasSize(1);
            }
        }
        try (var temp = Files.list(root().resolve(".tmp"))) {
            assertThat(temp).isEmpty();
        }
    }

    @Test
    void largeObjectsSyncedAlongTheWayCommitIntactAndAbandonCleanly() throws Exception {
        // GIVEN 100 MiB in odd-sized writes, which crosses the early-sync threshold (32 MiB) several times
        byte[] block = new byte[1_000_003];
        new java.util.Random(5).nextBytes(block);
        java.security.MessageDigest written = java.security.MessageDigest.getInstance("SHA-256");
        try (ObjectWriter w = store.create("big/one")) {
            for (int i = 0; i < 100; i++) {
                block[i] ^= 1;
                w.write(block);
                written.update(block);
            }
            w.commit();
        }
        try (ObjectWriter w = store.create("big/abandoned")) {
            for (int i = 0; i < 40; i++) {
                w.write(block);
            }
        }

        // THEN the committed object reads back byte for byte, and the abandoned one left nothing behind
        java.security.MessageDigest read = java.security.MessageDigest.getInstance("SHA-256");
        try (var in = new java.security.DigestInputStream(store.open("big/one"), read)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(read.digest()).isEqualTo(written.digest());
        assertThat(store.stat("big/one")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(100L * block.length));
        assertThat(store.stat("big/abandoned")).isEmpty();
        try (var temp = Files.list(root().resolve(".tmp"))) {
            assertThat(temp).isEmpty();
        }
    }

    @Test
    void symlinkOutOfTheRootIsNotFollowedAsAnObject() throws IOException {
        Path outside = Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(root().resolve("link"), outside);

        assertThat(store.list("")).isEmpty();
        assertThat(store.stat("link")).isEmpty();
        assertThatThrownBy(() -> store.open("link")).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void deleteRemovesEmptyDirectories() throws IOException {
        put("x/y/z", new byte[] {1});
        store.delete("x/y/z");

        assertThat(Files.exists(root().resolve("x"))).isFalse();
    }
}

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

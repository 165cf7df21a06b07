package com.trackingbms.dr.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.store.NoSuchObjectException;
import com.trackingbms.dr.store.ObjectInfo;
import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.store.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ObjectStore} must have. A store's test extends this class and supplies an empty store;
 * the filesystem, S3 and Azure stores are all held to the same contract, so the backup pipeline can rely on it.
 */
public abstract class ObjectStoreContract {

    /** The store under test, fresh and empty for each test. */
    protected ObjectStore store;

    /** Returns a new, empty store; called before each test. */
    protected abstract ObjectStore createStore() throws Exception;

    /** Creates the store. */
    @BeforeEach
    void createEmptyStore() throws Exception {
        store = createStore();
        assertThat(store.list("")).as("a new store must be empty").isEmpty();
    }

    /** Writes and commits one object. */
    protected void put(String key, byte[] data) throws IOException {
        try (ObjectWriter w = store.create(key)) {
            w.write(data);
            w.commit();
        }
    }

    /** Reads a whole object. */
    protected byte[] get(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void committedObjectReadsBackWithItsSize() throws IOException {
        put("backups/a.bin", utf8("hello"));

        assertThat(get("backups/a.bin")).isEqualTo(utf8("hello"));
        assertThat(store.stat("backups/a.bin")).get().extracting(ObjectInfo::size).isEqualTo(5L);
    }

    @Test
    void emptyObjectIsAnObject() throws IOException {
        put("empty", new byte[0]);

        assertThat(get("empty")).isEmpty();
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("empty");
    }

    @Test
    void largeObjectStreamsThrough() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        try (ObjectWriter w = store.create("big/object")) {
            for (int i = 0; i < data.length; i += 10_000) {
                w.write(data, i, Math.min(10_000, data.length - i));
            }
            w.commit();
        }

        assertThat(get("big/object")).isEqualTo(data);
    }

    @Test
    void objectIsInvisibleUntilCommit() throws IOException {
        try (ObjectWriter w = store.create("pending/x")) {
            w.write(utf8("partial"));
            w.flush();

            assertThat(store.stat("pending/x")).isEmpty();
            assertThat(store.list("")).isEmpty();
            assertThatThrownBy(() -> store.open("pending/x")).isInstanceOf(NoSuchObjectException.class);

            w.commit();
        }
        assertThat(get("pending/x")).isEqualTo(utf8("partial"));
    }

    @Test
    void abandonedWriteLeavesNothing() throws IOException {
        try (ObjectWriter w = store.create("abandoned/x")) {
            w.write(utf8("never committed"));
        }

        assertThat(store.list("")).isEmpty();
        assertThat(store.stat("abandoned/x")).isEmpty();
    }

    @Test
    void abandonedRewriteKeepsThePreviousObject() throws IOException {
        put("k", utf8("v1"));
        try (ObjectWriter w = store.create("k")) {
            w.write(utf8("v2 never committed"));
        }

        assertThat(get("k")).isEqualTo(utf8("v1"));
    }

    @Test
    void commitReplacesAnExistingObject() throws IOException {
        put("k", utf8("v1"));
        put("k", utf8("version 2"));

        assertThat(get("k")).isEqualTo(utf8("version 2"));
        assertThat(store.list("")).hasSize(1);
    }

    @Test
    void writerRefusesWritesAfterCommitAndCloseIsIdempotent() throws IOException {
        ObjectWriter w = store.create("once");
        w.write(1);
        w.commit();

        assertThatThrownBy(() -> w.write(2)).isInstanceOf(IOException.class);
        w.close();
        w.close();
        assertThat(get("once")).containsExactly(1);
    }

    @Test
    void listIsSortedByKeyAndFilteredByPrefix() throws IOException {
        for (String key : List.of("manifests/b.json", "data/x.bin", "manifests/a.json", "manifests/sub/c.json", "manifestsX", "a")) {
            put(key, utf8(key));
        }

        assertThat(store.list("")).extracting(ObjectInfo::key)
                .containsExactly("a", "data/x.bin", "manifests/a.json", "manifests/b.json", "manifests/sub/c.json", "manifestsX");
        assertThat(store.list("manifests/")).extracting(ObjectInfo::key)
                .containsExactly("manifests/a.json", "manifests/b.json", "manifests/sub/c.json");
        assertThat(store.list("manifests")).extracting(ObjectInfo::key)
                .containsExactly("manifests/a.json", "manifests/b.json", "manifests/sub/c.json", "manifestsX");
        assertThat(store.list("manifests/a")).extracting(ObjectInfo::key).containsExactly("manifests/a.json");
        assertThat(store.list("nothing/")).isEmpty();
        assertThat(store.list("data/")).singleElement().satisfies(i -> assertThat(i.size()).isEqualTo(10));
    }

    @Test
    void keysThatCouldEscapeTheRootAreRejected() {
        for (String key : List.of("../x", "a/../../x", "a/..", "/etc/passwd", "", "a//b", "a/", "./a", "a\\b", "a/\u0000b")) {
            assertThatThrownBy(() -> store.create(key)).as("create(%s)", key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(key)).as("open(%s)", key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key)).as("delete(%s)", key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.stat(key)).as("stat(%s)", key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteIsIdempotent() throws IOException {
        put("d/x", utf8("x"));

        store.delete("d/x");
        store.delete("d/x");
        store.delete("never/existed");

        assertThat(store.stat("d/x")).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void missingObjectIsNoSuchObject() throws IOException {
        assertThatThrownBy(() -> store.open("missing/x")).isInstanceOf(NoSuchObjectException.class).hasMessageContaining("missing/x");
        assertThat(store.stat("missing/x")).isEmpty();
    }

    @Test
    void describeNamesTheStoreWithoutCredentials() {
        assertThat(store.describe()).isNotBlank();
    }
}

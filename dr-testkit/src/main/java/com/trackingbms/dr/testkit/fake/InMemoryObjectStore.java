package com.trackingbms.dr.testkit.fake;

import com.trackingbms.dr.store.NoSuchObjectException;
import com.trackingbms.dr.store.ObjectKeys;
import com.trackingbms.dr.store.ObjectInfo;
import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.store.ObjectWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An object store in memory, with the same visibility rules as a real one: an object appears only on commit. */
public final class InMemoryObjectStore implements ObjectStore {

    private record Entry(byte[] bytes, ObjectInfo info) {
    }

    private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>();
    private final Clock clock;

    /** A store whose objects are stamped with {@code clock}'s time. */
    public InMemoryObjectStore(Clock clock) {
        this.clock = clock;
    }

    /** A store stamped with the system clock. */
    public InMemoryObjectStore() {
        this(Clock.systemUTC());
    }

    @Override
    public ObjectWriter create(String key) throws IOException {
        ObjectKeys.check(key);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new ObjectWriter() {
            private boolean done;

            @Override
            public void write(int b) throws IOException {
                ensureOpen();
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ensureOpen();
                buffer.write(b, off, len);
            }

            @Override
            public void commit() throws IOException {
                ensureOpen();
                byte[] bytes = buffer.toByteArray();
                objects.put(key, new Entry(bytes, new ObjectInfo(key, bytes.length, clock.instant())));
                done = true;
            }

            @Override
            public void close() {
                done = true;
            }

            private void ensureOpen() throws IOException {
                if (done) {
                    throw new IOException("write to '" + key + "' is already committed or closed");
                }
            }
        };
    }

    @Override
    public InputStream open(String key) throws IOException {
        Entry e = objects.get(ObjectKeys.check(key));
        if (e == null) {
            throw new NoSuchObjectException(key, describe());
        }
        return new ByteArrayInputStream(e.bytes());
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return Optional.ofNullable(objects.get(ObjectKeys.check(key))).map(Entry::info);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        ObjectKeys.checkPrefix(prefix);
        return objects.tailMap(prefix, true).entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix))
                .map(e -> e.getValue().info()).toList();
    }

    @Override
    public void delete(String key) {
        objects.remove(ObjectKeys.check(key));
    }

    /** Overwrites one byte of a committed object, to test that tampering is detected. */
    public void corrupt(String key, long offset) throws IOException {
        Entry e = objects.get(key);
        if (e == null) {
            throw new NoSuchObjectException(key, describe());
        }
        byte[] copy = e.bytes().clone();
        copy[Math.toIntExact(offset)] ^= 0x5A;
        objects.put(key, new Entry(copy, e.info()));
    }

    @Override
    public String describe() {
        return "memory:";
    }
}

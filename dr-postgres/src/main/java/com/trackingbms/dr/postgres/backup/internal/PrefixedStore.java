package com.trackingbms.dr.postgres.backup.internal;

import com.trackingbms.dr.store.ObjectInfo;
import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.store.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** A view of a store under a key prefix, so each WAL segment has its own small backup catalog. */
public final class PrefixedStore implements ObjectStore {

    private final ObjectStore store;
    private final String prefix;

    /** Creates the view; {@code prefix} ends with '/'. */
    public PrefixedStore(ObjectStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    @Override
    public ObjectWriter create(String key) throws IOException {
        return store.create(prefix + key);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return store.open(prefix + key);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return store.stat(prefix + key).map(this::strip);
    }

    @Override
    public List<ObjectInfo> list(String p) throws IOException {
        return store.list(prefix + p).stream().map(this::strip).toList();
    }

    private ObjectInfo strip(ObjectInfo info) {
        return new ObjectInfo(info.key().substring(prefix.length()), info.size(), info.lastModified());
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(prefix + key);
    }

    @Override
    public String describe() {
        return store.describe() + " (" + prefix + ")";
    }
}

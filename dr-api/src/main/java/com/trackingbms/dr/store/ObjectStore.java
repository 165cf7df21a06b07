package com.trackingbms.dr.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where backups are kept: a directory, an S3 bucket, an Azure container. Keys are relative paths with {@code /}
 * separators; a store rejects keys that would escape its root.
 */
public interface ObjectStore {

    /** Starts a streaming write; the object appears only on {@link ObjectWriter#commit()}. */
    ObjectWriter create(String key) throws IOException;

    /**
     * Opens an object for reading.
     *
     * @throws NoSuchObjectException when there is no such object
     */
    InputStream open(String key) throws IOException;

    /** Information about one object, or empty when there is none. */
    Optional<ObjectInfo> stat(String key) throws IOException;

    /** Every committed object whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key) throws IOException;

    /** Where the store is, without credentials ("file:/var/backups", "s3://bucket/prefix"). */
    String describe();
}

package com.trackingbms.dr.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows about one object.
 *
 * @param key the object's key
 * @param size its size in bytes
 * @param lastModified when it was written
 */
public record ObjectInfo(String key, long size, Instant lastModified) {

    /** Checks the parts are present. */
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}

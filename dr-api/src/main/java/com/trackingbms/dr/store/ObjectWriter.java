package com.trackingbms.dr.store;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A streaming write to an object store. Nothing is visible under the key until {@link #commit()} returns; closing
 * without committing abandons the write, so an interrupted backup leaves no object behind.
 */
public abstract class ObjectWriter extends OutputStream {

    /** Makes the written bytes visible under the key, atomically. */
    public abstract void commit() throws IOException;

    /** Abandons the write if it was not committed; safe to call more than once. */
    @Override
    public abstract void close() throws IOException;
}

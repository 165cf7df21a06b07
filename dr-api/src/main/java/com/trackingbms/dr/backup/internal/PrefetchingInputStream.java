package com.trackingbms.dr.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source (decryption and decompression) on a helper thread, so that work overlaps whatever the reader does
 * with the bytes (a restore target writing files). This is the pipeline's one hand-off between threads: stages are
 * chained by wrapping one in another, each on its own thread. Memory is bounded: at most {@code DEPTH} blocks are in
 * flight, and blocks the reader has finished are reused rather than left to the collector (a restore moves gigabytes
 * through a 64 MiB heap). Exceptions of the source reach the reader unchanged, in order, after the bytes read before
 * them; closing the reader stops the helper, which closes the source, so a failure downstream stops the stages above.
 */
public final class PrefetchingInputStream extends InputStream {

    private static final int BLOCK = 256 * 1024;
    private static final int DEPTH = 8;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(2);
    private final Thread thread;
    private volatile boolean closed;
    private byte[] current;
    private int pos;
    private int limit;
    private boolean finished;

    /** Starts reading {@code source} on a daemon thread named {@code name}; closing this stream closes the source. */
    public PrefetchingInputStream(InputStream source, String name) {
        thread = new Thread(() -> pump(source), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(InputStream source) {
        try (source) {
            while (!closed) {
                byte[] recycled = free.poll();
                byte[] block = recycled != null ? recycled : new byte[BLOCK];
                int filled = 0;
                int n = 0;
                try {
                    while (filled < BLOCK && (n = source.read(block, filled, BLOCK - filled)) >= 0) {
                        filled += n;
                    }
                } finally {
                    // The bytes read before a failure go first, so the reader sees them before the exception.
                    if (filled > 0) {
                        put(new Block(block, filled));
                    }
                }
                if (n < 0) {
                    break;
                }
            }
            put(END);
        } catch (IOException | RuntimeException | Error e) {
            try {
                put(e);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Block(byte[] bytes, int length) {
    }

    private void put(Object item) throws InterruptedException {
        while (!closed) {
            if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private boolean next() throws IOException {
        if (finished) {
            return false;
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for restored data");
        }
        if (item instanceof Block b) {
            if (current != null) {
                // The reader has copied every byte of it out; if the pool is full the collector takes it.
                free.offer(current);
            }
            current = b.bytes();
            pos = 0;
            limit = b.length();
            return true;
        }
        finished = true;
        if (item instanceof IOException e) {
            throw e;
        }
        if (item instanceof RuntimeException e) {
            throw e;
        }
        if (item instanceof Error e) {
            throw e;
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || pos == limit) {
            if (!next()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Stops the helper thread (which closes the source) and waits briefly for it. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}

package com.trackingbms.dr.backup.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Small stream helpers of the pipeline. */
public final class Streams {

    private Streams() {
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Counts and hashes what passes; closing does not close the underlying stream (a writer must be committed). */
    public static final class HashingOutputStream extends FilterOutputStream {
        private final MessageDigest digest = sha256();
        private long count;

        /** Wraps {@code out}. */
        public HashingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }

        /** Bytes written. */
        public long count() {
            return count;
        }

        /** Hex SHA-256 of the bytes written. */
        public String sha256Hex() {
            return java.util.HexFormat.of().formatHex(digest.digest());
        }
    }

    /** Counts what passes and reports progress; closing does not close the underlying stream. */
    public static final class CountingOutputStream extends FilterOutputStream {
        private final ProgressTracker progress;
        private long count;

        /** Wraps {@code out}. */
        public CountingOutputStream(OutputStream out, ProgressTracker progress) {
            super(out);
            this.progress = progress;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
            progress.advance(count);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
            progress.advance(count);
        }

        @Override
        public void close() {
            // the pipeline closes the chain below itself; a source closing its stream must not end the backup
        }

        /** Bytes written. */
        public long count() {
            return count;
        }
    }

    /** Hashes and counts what is read, optionally copying it to {@code copy}. */
    public static final class HashingInputStream extends InputStream {
        private final InputStream in;
        private final OutputStream copy;
        private final MessageDigest digest = sha256();
        private final ProgressTracker progress;
        private long count;

        /** Wraps {@code in}; {@code copy} may be null. */
        public HashingInputStream(InputStream in, OutputStream copy, ProgressTracker progress) {
            this.in = in;
            this.copy = copy;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                if (copy != null) {
                    copy.write(b, off, n);
                }
                count += n;
                progress.advance(count);
            }
            return n;
        }

        /** Reads whatever is left (bytes after an end marker still count towards the hash). */
        public void drain() throws IOException {
            byte[] buffer = new byte[64 * 1024];
            while (read(buffer, 0, buffer.length) >= 0) {
                // reading is the point
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        /** Bytes read. */
        public long count() {
            return count;
        }

        /** Hex SHA-256 of the bytes read. */
        public String sha256Hex() {
            return java.util.HexFormat.of().formatHex(digest.digest());
        }
    }

    /** Reads a stream to its end, returning the byte count. */
    public static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
        }
        return total;
    }
}

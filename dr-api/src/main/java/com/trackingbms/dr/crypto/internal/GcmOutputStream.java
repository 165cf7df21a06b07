package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.crypto.DataKey;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/** Writes format version 1: see {@link com.trackingbms.dr.crypto.Aes256Gcm}. */
public final class GcmOutputStream extends OutputStream {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OutputStream out;
    private final DataKey key;
    private final Cipher cipher;
    private final byte[] header;
    private final byte[] prefix = new byte[GcmFormat.PREFIX];
    private final byte[] plain;
    private final byte[] sealed;
    private int filled;
    private long counter;
    private boolean closed;

    /** Writes the header to {@code out} at once. */
    public GcmOutputStream(OutputStream out, DataKey key, int chunkSize) throws IOException {
        GcmFormat.checkChunkSize(chunkSize);
        this.out = out;
        this.key = key;
        RANDOM.nextBytes(prefix);
        byte[] without = GcmFormat.headerWithoutCheck(chunkSize, key.keyId(), key.parameters(), prefix);
        byte[] check = GcmFormat.keyCheck(key.key(), without);
        header = new byte[without.length + check.length];
        System.arraycopy(without, 0, header, 0, without.length);
        System.arraycopy(check, 0, header, without.length, check.length);
        plain = new byte[chunkSize];
        sealed = new byte[chunkSize + GcmFormat.TAG];
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
        out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("encrypting stream is closed");
        }
        while (len > 0) {
            if (filled == plain.length) {
                // Only now is it known that this full chunk is not the last one.
                seal(false);
            }
            int n = Math.min(len, plain.length - filled);
            System.arraycopy(b, off, plain, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    private void seal(boolean last) throws IOException {
        if (counter > 0xffffffffL) {
            throw new IOException("stream exceeds 2^32 chunks; use a larger chunk size");
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(128, GcmFormat.nonce(prefix, counter, last)));
            cipher.updateAAD(header);
            // Small update() slices, not one doFinal(): HotSpot (17) compiles the GCM update path with its AES and
            // GHASH intrinsics after a few thousand calls, so slices reach GB/s within megabytes; one call per chunk
            // stays on the slow Java GHASH for gigabytes.
            int n = 0;
            for (int off = 0; off < filled; off += GcmFormat.SLICE) {
                n += cipher.update(plain, off, Math.min(GcmFormat.SLICE, filled - off), sealed, n);
            }
            n += cipher.doFinal(sealed, n);
            out.write(sealed, 0, n);
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM encryption failed", e);
        }
        counter++;
        filled = 0;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes the last chunk (the end marker) and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            seal(true);
        } finally {
            out.close();
        }
    }
}

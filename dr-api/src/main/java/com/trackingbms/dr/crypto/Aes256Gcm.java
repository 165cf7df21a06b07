package com.trackingbms.dr.crypto;

import com.trackingbms.dr.crypto.internal.GcmInputStream;
import com.trackingbms.dr.crypto.internal.GcmOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streaming AES-256-GCM in authenticated chunks (format version 1).
 *
 * <p>Layout: a header ({@code TBDRENC}, version, chunk size, key id, key parameters, a 7-byte random nonce prefix
 * and a 16-byte key check), then chunks of {@code chunkSize} plaintext bytes, each encrypted with nonce
 * {@code prefix || counter || last-flag} and the whole header as associated data. The last chunk (possibly empty)
 * carries the last-flag, so a stream cut at a chunk boundary fails as truncated, and reordered, dropped or altered
 * chunks fail authentication. Memory is two chunks, whatever the stream length.
 */
public final class Aes256Gcm {

    /** Default plaintext bytes per chunk (1 MiB). */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    private Aes256Gcm() {
    }

    /** Wraps {@code out}: bytes written are encrypted with {@code key}; {@code close()} writes the last chunk. */
    public static OutputStream encrypt(OutputStream out, DataKey key) throws IOException {
        return encrypt(out, key, DEFAULT_CHUNK_SIZE);
    }

    /** As {@link #encrypt(OutputStream, DataKey)} with a chosen chunk size (1 KiB - 16 MiB). */
    public static OutputStream encrypt(OutputStream out, DataKey key, int chunkSize) throws IOException {
        return new GcmOutputStream(out, key, chunkSize);
    }

    /**
     * Wraps {@code in}: reads the header, resolves its key id through {@code keys} and returns the plaintext, each
     * chunk verified before it is returned.
     *
     * @throws UnsupportedFormatException when the data is not this format or is a newer version
     * @throws UnknownKeyException when {@code keys} cannot resolve the key id
     * @throws WrongKeyException when the resolved key is not the one that encrypted the data
     */
    public static InputStream decrypt(InputStream in, KeyProvider keys) throws IOException {
        return new GcmInputStream(in, keys);
    }

    /** The key id in the header of encrypted data, without decrypting anything. */
    public static String keyId(InputStream in) throws IOException {
        return GcmInputStream.readHeader(in).keyId();
    }
}

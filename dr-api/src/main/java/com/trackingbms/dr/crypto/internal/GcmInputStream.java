package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.crypto.AuthenticationFailedException;
import com.trackingbms.dr.crypto.DataKey;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.TruncatedDataException;
import com.trackingbms.dr.crypto.WrongKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/** Reads format version 1: every chunk is authenticated before its bytes are returned. */
public final class GcmInputStream extends InputStream {

    private final InputStream in;
    private final boolean checkTags;
    private final GcmFormat.Header header;
    private final DataKey key;
    private final Cipher ctr;
    private Cipher verifier;
    private final byte[] scratch = new byte[GcmFormat.SLICE + 32];
    private final byte[] sealed;
    private final byte[] plain;
    private int pos;
    private int limit;
    private long counter;
    private boolean done;
    private int peeked = -1;

    /** Reads the header, resolves and checks the key; every chunk's tag is checked. */
    public GcmInputStream(InputStream in, KeyProvider keys) throws IOException {
        this(in, keys, true);
    }

    /**
     * As {@link #GcmInputStream(InputStream, KeyProvider)}; with {@code checkTags} false the chunks are only
     * decrypted. Only for bytes whose tags this process has just checked (a restore's private staging copy): it saves
     * the second AES pass there, and must never read data straight from a store.
     */
    public GcmInputStream(InputStream in, KeyProvider keys, boolean checkTags) throws IOException {
        this.checkTags = checkTags;
        this.in = in;
        this.header = GcmFormat.read(in);
        this.key = keys.resolve(header.keyId(), header.params());
        if (!GcmFormat.checkMatches(key.key(), header)) {
            throw new WrongKeyException(header.keyId());
        }
        this.sealed = new byte[header.chunkSize() + GcmFormat.TAG];
        this.plain = new byte[header.chunkSize()];
        try {
            ctr = Cipher.getInstance("AES/CTR/NoPadding");
            verifier = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR and AES/GCM are not available", e);
        }
    }

    /** Parses the header only. */
    public static HeaderInfo readHeader(InputStream in) throws IOException {
        GcmFormat.Header h = GcmFormat.read(in);
        return new HeaderInfo(h.keyId(), h.chunkSize());
    }

    /** The public part of a header. */
    public record HeaderInfo(String keyId, int chunkSize) {
    }

    /** The key id in the header. */
    public String keyId() {
        return header.keyId();
    }

    private boolean fill() throws IOException {
        if (done) {
            return false;
        }
        int n = 0;
        if (peeked >= 0) {
            sealed[0] = (byte) peeked;
            peeked = -1;
            n = 1;
        }
        n += in.readNBytes(sealed, n, sealed.length - n);
        boolean last;
        if (n < sealed.length) {
            last = true;
        } else {
            peeked = in.read();
            last = peeked < 0;
        }
        if (n < GcmFormat.TAG) {
            throw new TruncatedDataException("encrypted data ends inside chunk " + counter + " (" + n
                    + " bytes, less than a tag); the object is truncated");
        }
        try {
            limit = open(n, last);
        } catch (AEADBadTagException e) {
            if (last && opens(n, false)) {
                throw new TruncatedDataException("encrypted data ends after chunk " + counter
                        + " without the end marker; the object is truncated");
            }
            if (!last && opens(n, true)) {
                throw new AuthenticationFailedException("data follows the end marker in chunk " + counter
                        + "; bytes were appended to the object");
            }
            throw new AuthenticationFailedException("chunk " + counter + " failed AES-GCM authentication; the object was altered"
                    + " (or truncated inside a chunk) after it was written");
        }
        pos = 0;
        counter++;
        if (last) {
            done = true;
        }
        return true;
    }

    /**
     * Decrypts and authenticates one chunk into {@code plain}. GCM is CTR encryption plus a GHASH tag over the
     * ciphertext, so this decrypts with AES-CTR from GCM's first counter block, then recomputes the tag by GCM-encrypting
     * the plaintext under the same nonce (which reproduces the ciphertext exactly) and compares tags in constant time.
     * It is the standard check, done this way because HotSpot 17 only reaches intrinsic speed on the sliced
     * encrypt and CTR paths, not on GCM's buffering decrypt; the plaintext is wiped and never returned on a mismatch.
     */
    private int open(int n, boolean last) throws AEADBadTagException {
        int length = n - GcmFormat.TAG;
        byte[] nonce = GcmFormat.nonce(header.prefix(), counter, last);
        try {
            ctr.init(Cipher.DECRYPT_MODE, key.key(), new javax.crypto.spec.IvParameterSpec(GcmFormat.ctrStart(nonce)));
            int p = 0;
            for (int off = 0; off < length; off += GcmFormat.SLICE) {
                p += ctr.update(sealed, off, Math.min(GcmFormat.SLICE, length - off), plain, p);
            }
            p += ctr.doFinal(plain, p);
            if (!checkTags) {
                return p;
            }
            byte[] tag = tag(nonce, p);
            if (!java.security.MessageDigest.isEqual(tag, java.util.Arrays.copyOfRange(sealed, length, n))) {
                java.util.Arrays.fill(plain, 0, p, (byte) 0);
                throw new AEADBadTagException("tag mismatch");
            }
            return p;
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES decryption failed", e);
        }
    }

    private byte[] tag(byte[] nonce, int length) throws GeneralSecurityException {
        try {
            verifier.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(128, nonce));
        } catch (java.security.InvalidAlgorithmParameterException e) {
            // A Cipher refuses the same key and nonce twice in a row (a retry of one chunk): use a fresh one.
            verifier = Cipher.getInstance("AES/GCM/NoPadding");
            verifier.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(128, nonce));
        }
        verifier.updateAAD(header.bytes());
        int produced = 0;
        for (int off = 0; off < length; off += GcmFormat.SLICE) {
            produced = verifier.update(plain, off, Math.min(GcmFormat.SLICE, length - off), scratch, 0);
        }
        int last = verifier.doFinal(scratch, 0);
        if (last < GcmFormat.TAG) {
            throw new IllegalStateException("GCM produced no tag (" + produced + ", " + last + ")");
        }
        return java.util.Arrays.copyOfRange(scratch, last - GcmFormat.TAG, last);
    }

    private boolean opens(int n, boolean last) {
        try {
            open(n, last);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == limit) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

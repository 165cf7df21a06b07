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
    private final GcmFormat.Header header;
    private final DataKey key;
    private final Cipher cipher;
    private final byte[] sealed;
    private final byte[] plain;
    private int pos;
    private int limit;
    private long counter;
    private boolean done;
    private int peeked = -1;

    /** Reads the header, resolves and checks the key. */
    public GcmInputStream(InputStream in, KeyProvider keys) throws IOException {
        this.in = in;
        this.header = GcmFormat.read(in);
        this.key = keys.resolve(header.keyId(), header.params());
        if (!GcmFormat.checkMatches(key.key(), header)) {
            throw new WrongKeyException(header.keyId());
        }
        this.sealed = new byte[header.chunkSize() + GcmFormat.TAG];
        this.plain = new byte[header.chunkSize()];
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
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

    private int open(int n, boolean last) throws AEADBadTagException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(128, GcmFormat.nonce(header.prefix(), counter, last)));
            cipher.updateAAD(header.bytes());
            return cipher.doFinal(sealed, 0, n, plain, 0);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
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

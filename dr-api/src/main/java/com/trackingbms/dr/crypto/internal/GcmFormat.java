package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.crypto.UnsupportedFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The header of format version 1 and the nonce and key-check rules shared by the writer and the reader. */
final class GcmFormat {

    static final byte[] MAGIC = "TBDRENC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int TAG = 16;
    static final int PREFIX = 7;
    static final int CHECK = 16;
    static final int MIN_CHUNK = 1024;
    static final int MAX_CHUNK = 16 << 20;
    /** Bytes per Cipher call; see GcmOutputStream#seal for why the chunk is not handed over whole. */
    static final int SLICE = 2048;

    private GcmFormat() {
    }

    /** A parsed header; {@code bytes} is the exact header as stored, used as associated data. */
    record Header(int chunkSize, String keyId, byte[] params, byte[] prefix, byte[] check, byte[] bytes) {
    }

    static void checkChunkSize(int chunkSize) {
        if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is outside " + MIN_CHUNK + "-" + MAX_CHUNK + " bytes");
        }
    }

    static byte[] headerWithoutCheck(int chunkSize, String keyId, byte[] params, byte[] prefix) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            d.write(MAGIC);
            d.writeByte(VERSION);
            d.writeInt(chunkSize);
            byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
            d.writeShort(id.length);
            d.write(id);
            d.writeShort(params.length);
            d.write(params);
            d.write(prefix);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key commitment over the header, so a wrong key is told apart from altered data. */
    static byte[] keyCheck(SecretKey key, byte[] headerWithoutCheck) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            mac.update("trackingbms-dr key check v1".getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(mac.doFinal(headerWithoutCheck), CHECK);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static boolean checkMatches(SecretKey key, Header h) {
        byte[] without = Arrays.copyOf(h.bytes(), h.bytes().length - CHECK);
        return MessageDigest.isEqual(keyCheck(key, without), h.check());
    }

    static byte[] nonce(byte[] prefix, long counter, boolean last) {
        byte[] n = new byte[12];
        System.arraycopy(prefix, 0, n, 0, PREFIX);
        n[7] = (byte) (counter >>> 24);
        n[8] = (byte) (counter >>> 16);
        n[9] = (byte) (counter >>> 8);
        n[10] = (byte) counter;
        n[11] = (byte) (last ? 1 : 0);
        return n;
    }

    /** The initial CTR counter block of GCM's keystream for a 96-bit nonce: nonce || 00000002. */
    static byte[] ctrStart(byte[] nonce) {
        byte[] j = new byte[16];
        System.arraycopy(nonce, 0, j, 0, 12);
        j[15] = 2;
        return j;
    }

    static Header read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try {
            byte[] magic = new byte[MAGIC.length];
            d.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new UnsupportedFormatException("data does not start with the TBDRENC header: not encrypted by this library"
                        + " (an 'openssl enc' file starts with 'Salted__'; read it with LegacyOpenssl)");
            }
            copy.write(magic);
            int version = d.readUnsignedByte();
            if (version != VERSION) {
                throw new UnsupportedFormatException("encryption format version " + version + " is not supported (this library reads version "
                        + VERSION + "); restore it with the library version named in the backup's manifest or newer");
            }
            copy.write(version);
            int chunkSize = d.readInt();
            if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
                throw new UnsupportedFormatException("header chunk size " + chunkSize + " is outside " + MIN_CHUNK + "-" + MAX_CHUNK
                        + "; the header is damaged");
            }
            int idLength = d.readUnsignedShort();
            byte[] id = new byte[idLength];
            d.readFully(id);
            int paramsLength = d.readUnsignedShort();
            byte[] params = new byte[paramsLength];
            d.readFully(params);
            byte[] prefix = new byte[PREFIX];
            d.readFully(prefix);
            byte[] check = new byte[CHECK];
            d.readFully(check);
            DataOutputStream c = new DataOutputStream(copy);
            c.writeInt(chunkSize);
            c.writeShort(idLength);
            c.write(id);
            c.writeShort(paramsLength);
            c.write(params);
            c.write(prefix);
            c.write(check);
            return new Header(chunkSize, new String(id, StandardCharsets.UTF_8), params, prefix, check, copy.toByteArray());
        } catch (EOFException e) {
            throw new com.trackingbms.dr.crypto.TruncatedDataException("encrypted data ends inside its header ("
                    + copy.size() + " bytes read); the object is truncated or empty");
        }
    }
}

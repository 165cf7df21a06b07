package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.LegacyOpenssl;
import com.trackingbms.dr.crypto.TruncatedDataException;
import com.trackingbms.dr.crypto.UnsupportedFormatException;
import com.trackingbms.dr.crypto.WrongKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/** {@code openssl enc -d -aes-256-cbc}: {@code Salted__}, an 8-byte salt, then CBC with PKCS#7 padding. */
public final class OpensslCbcInputStream extends InputStream {

    private static final byte[] MAGIC = "Salted__".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final Cipher cipher;
    private final String derivation;
    private final byte[] input = new byte[64 * 1024];
    private byte[] output = new byte[0];
    private int pos;
    private boolean done;
    private boolean keyConfirmed;

    /** Reads the salt and derives key and IV. */
    public OpensslCbcInputStream(InputStream in, Secret password, LegacyOpenssl.KeyDerivation kdf) throws IOException {
        this.in = in;
        this.derivation = kdf.describe();
        byte[] head = in.readNBytes(16);
        if (head.length < 16 || !Arrays.equals(Arrays.copyOf(head, 8), MAGIC)) {
            throw new UnsupportedFormatException("data does not start with 'Salted__': not written by 'openssl enc -salt'"
                    + " (files without a salt are not supported)");
        }
        byte[] salt = Arrays.copyOfRange(head, 8, 16);
        byte[] pass = password.revealBytes();
        byte[] keyIv = null;
        try {
            keyIv = kdf.pbkdf2Iterations() > 0 ? pbkdf2(pass, salt, kdf.pbkdf2Iterations()) : bytesToKey(pass, salt, kdf.digest());
            cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyIv, 0, 32, "AES"), new IvParameterSpec(keyIv, 32, 16));
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-CBC is not available", e);
        } finally {
            Arrays.fill(pass, (byte) 0);
            if (keyIv != null) {
                Arrays.fill(keyIv, (byte) 0);
            }
        }
    }

    /**
     * Records that the caller recognised the decrypted start (a gzip header), so a bad padding at the end means a
     * truncated or damaged file rather than a wrong password.
     */
    public void confirmKey() {
        keyConfirmed = true;
    }

    private static byte[] bytesToKey(byte[] pass, byte[] salt, String digest) throws GeneralSecurityException {
        // EVP_BytesToKey with one round: D1 = H(pass || salt), Di = H(Di-1 || pass || salt).
        MessageDigest md = MessageDigest.getInstance(digest);
        byte[] out = new byte[48];
        byte[] previous = new byte[0];
        int filled = 0;
        while (filled < out.length) {
            md.update(previous);
            md.update(pass);
            md.update(salt);
            previous = md.digest();
            int n = Math.min(previous.length, out.length - filled);
            System.arraycopy(previous, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    private static byte[] pbkdf2(byte[] pass, byte[] salt, int iterations) {
        PBEParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
        gen.init(pass, salt, iterations);
        return ((KeyParameter) gen.generateDerivedParameters(48 * 8)).getKey();
    }

    private boolean fill() throws IOException {
        while (!done) {
            int n = in.read(input);
            if (n < 0) {
                done = true;
                try {
                    output = cipher.doFinal();
                } catch (BadPaddingException e) {
                    if (keyConfirmed) {
                        throw new TruncatedDataException("openssl data ends with a bad padding block although the password is right;"
                                + " the file is truncated or damaged");
                    }
                    throw new WrongKeyException("openssl password (" + derivation + ")");
                } catch (IllegalBlockSizeException e) {
                    throw new TruncatedDataException("openssl data is not a whole number of AES blocks; the file is truncated");
                }
            } else {
                byte[] o = cipher.update(input, 0, n);
                output = o == null ? new byte[0] : o;
            }
            pos = 0;
            if (output.length > 0) {
                return true;
            }
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
        while (pos >= output.length) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, output.length - pos);
        System.arraycopy(output, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

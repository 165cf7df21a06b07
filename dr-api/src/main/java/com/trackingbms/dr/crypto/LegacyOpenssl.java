package com.trackingbms.dr.crypto;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.internal.OpensslCbcInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads files written by the old runbook: {@code gzip | openssl enc -aes-256-cbc -salt -k KEY}. Such files have no
 * integrity protection: a wrong password is detected by the padding or the gzip header, and truncation by gzip's
 * trailer, but nothing else. Re-encrypt them into the new format after reading.
 */
public final class LegacyOpenssl {

    private LegacyOpenssl() {
    }

    /**
     * How {@code openssl enc} derived the key and IV from the password.
     *
     * @param digest {@code SHA-256} or {@code MD5} for EVP_BytesToKey, or the PBKDF2 HMAC digest
     * @param pbkdf2Iterations 0 for EVP_BytesToKey, else PBKDF2's iteration count ({@code -iter}, default 10000)
     */
    public record KeyDerivation(String digest, int pbkdf2Iterations) {

        /** Checks the digest and the iteration count. */
        public KeyDerivation {
            Objects.requireNonNull(digest, "digest");
            if (!digest.equals("SHA-256") && !digest.equals("MD5")) {
                throw new IllegalArgumentException("digest '" + digest + "' is not supported; use SHA-256 or MD5");
            }
            if (pbkdf2Iterations < 0) {
                throw new IllegalArgumentException("pbkdf2Iterations " + pbkdf2Iterations + " is negative");
            }
        }

        /** OpenSSL 1.1 and 3 defaults: EVP_BytesToKey with SHA-256, one round. */
        public static KeyDerivation opensslDefault() {
            return new KeyDerivation("SHA-256", 0);
        }

        /** {@code -md md5}: EVP_BytesToKey with MD5 (the OpenSSL 1.0 default). */
        public static KeyDerivation md5() {
            return new KeyDerivation("MD5", 0);
        }

        /** {@code -pbkdf2}: PBKDF2-HMAC-SHA256 with OpenSSL's default 10000 iterations. */
        public static KeyDerivation pbkdf2() {
            return new KeyDerivation("SHA-256", 10000);
        }

        /** {@code -pbkdf2 -iter N}. */
        public static KeyDerivation pbkdf2(int iterations) {
            if (iterations < 1) {
                throw new IllegalArgumentException("PBKDF2 iterations " + iterations + " must be at least 1");
            }
            return new KeyDerivation("SHA-256", iterations);
        }

        /** The openssl options that produce this derivation. */
        public String describe() {
            return pbkdf2Iterations > 0 ? "-pbkdf2 -iter " + pbkdf2Iterations : "-md " + digest.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Decrypts an {@code openssl enc -aes-256-cbc -salt} stream.
     *
     * @throws UnsupportedFormatException when the data does not start with {@code Salted__}
     * @throws WrongKeyException (while reading) when the padding shows the password or derivation is wrong
     */
    public static InputStream decrypt(InputStream in, Secret password, KeyDerivation derivation) throws IOException {
        return new OpensslCbcInputStream(in, password, derivation);
    }

    /**
     * Decrypts and gunzips a runbook backup ({@code gzip | openssl enc -aes-256-cbc -salt}).
     *
     * @throws WrongKeyException when the decrypted data is not gzip, which means the password or derivation is wrong
     */
    public static InputStream decryptGzip(InputStream in, Secret password, KeyDerivation derivation) throws IOException {
        OpensslCbcInputStream cbc = new OpensslCbcInputStream(in, password, derivation);
        BufferedInputStream plain = new BufferedInputStream(cbc, 64 * 1024);
        plain.mark(3);
        int b1 = plain.read();
        int b2 = plain.read();
        int b3 = plain.read();
        plain.reset();
        // gzip magic and the deflate method: 24 bits that a wrong key reproduces once in 16 million tries
        if (b1 != 0x1f || b2 != 0x8b || b3 != 8) {
            throw new WrongKeyException("openssl password (" + derivation.describe() + ")");
        }
        cbc.confirmKey();
        try {
            return new GZIPInputStream(plain, 64 * 1024);
        } catch (ZipException e) {
            throw new WrongKeyException("openssl password (" + derivation.describe() + ")");
        }
    }
}

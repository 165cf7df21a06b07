package com.trackingbms.dr.crypto;

import java.util.Objects;

/**
 * How backups are encrypted.
 *
 * @param algorithm AES-256-GCM or none
 * @param keys where keys come from; required for AES-256-GCM, checked when the plan is built
 */
public record Encryption(Algorithm algorithm, KeyProvider keys) {

    /** Encryption algorithms. */
    public enum Algorithm {
        /** AES-256-GCM in authenticated chunks. */
        AES_256_GCM,
        /** Not encrypted. */
        NONE
    }

    /** Checks the algorithm is present. */
    public Encryption {
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /** AES-256-GCM with keys from {@code keys}. */
    public static Encryption aes256Gcm(KeyProvider keys) {
        return new Encryption(Algorithm.AES_256_GCM, keys);
    }

    /** No encryption. */
    public static Encryption none() {
        return new Encryption(Algorithm.NONE, null);
    }

    /** This encryption, or an {@link IllegalArgumentException} naming {@code field} when AES has no key provider. */
    public Encryption requireValid(String field) {
        if (algorithm == Algorithm.AES_256_GCM && keys == null) {
            throw new IllegalArgumentException(field + ": AES-256-GCM needs a key provider, e.g. Encryption.aes256Gcm(KeyProviders.passphrase(...))");
        }
        return this;
    }

    /** "AES-256-GCM, keys from ...", never key material. */
    public String describe() {
        if (algorithm == Algorithm.NONE) {
            return "none";
        }
        return "AES-256-GCM, keys from " + (keys == null ? "(no key provider)" : keys.describe());
    }

    /** Same as {@link #describe()}: the key provider's own {@code toString()} is never used. */
    @Override
    public String toString() {
        return "Encryption[" + describe() + "]";
    }
}

package com.trackingbms.dr.spi;

/**
 * Replaces a secret after a breach: the backup encryption key, database passwords, API tokens. Implementations
 * write the new secret where its users read it (a KMS, a vault, a key file) and keep old backup keys resolvable.
 */
public interface Rotator {

    /** What is rotated, without the secret ("backup key in /etc/dr/keys", "postgres role app"). */
    String describe();

    /**
     * Makes a new version of the secret current and returns the new version's id (a key id, a version number), never
     * the secret itself.
     */
    String rotate() throws Exception;
}

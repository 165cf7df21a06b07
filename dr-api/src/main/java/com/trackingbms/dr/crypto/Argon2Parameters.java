package com.trackingbms.dr.crypto;

/**
 * Cost of the Argon2id passphrase derivation. Stored in each backup's header, so raising the cost later keeps old
 * backups readable.
 *
 * @param memoryKib memory in KiB (at least 8192)
 * @param iterations passes over the memory (at least 1)
 * @param parallelism lanes (1-16)
 */
public record Argon2Parameters(int memoryKib, int iterations, int parallelism) {

    /** OWASP's Argon2id recommendation (19 MiB, 2 passes, 1 lane): fits a 64 MiB heap next to the pipeline. */
    public static final Argon2Parameters DEFAULT = new Argon2Parameters(19 * 1024, 2, 1);

    /** Checks the ranges, naming the parameter that is out of range. */
    public Argon2Parameters {
        if (memoryKib < 8192 || memoryKib > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("Argon2 memoryKib " + memoryKib + " is outside 8192-4194304; use at least 19456 (19 MiB)");
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("Argon2 iterations " + iterations + " is outside 1-100; use 2 or more");
        }
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2 parallelism " + parallelism + " is outside 1-16");
        }
    }
}

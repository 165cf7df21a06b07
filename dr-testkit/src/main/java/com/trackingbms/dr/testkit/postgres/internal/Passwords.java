package com.trackingbms.dr.testkit.postgres.internal;

import com.trackingbms.dr.Secret;
import java.security.SecureRandom;

/** Random passwords for test servers. */
final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private Passwords() {
    }

    /** A 24-character password of letters and digits (no quoting needed in conninfo or pgpass). */
    static Secret random() {
        char[] c = new char[24];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return Secret.of(c);
    }
}

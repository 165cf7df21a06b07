package com.trackingbms.dr.crypto.internal;

import com.trackingbms.dr.Secret;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Decodes a 256-bit key written as hex or base64, with errors that never echo the key. */
final class KeyTexts {

    private KeyTexts() {
    }

    static byte[] decode(Secret text, String where) {
        char[] chars = text.reveal();
        try {
            String s = new String(chars).strip();
            byte[] key;
            if (s.length() == 64 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                key = HexFormat.of().parseHex(s);
            } else {
                try {
                    key = Base64.getDecoder().decode(s);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the key from " + where
                            + " is neither 64 hex digits nor base64; generate one with 'openssl rand -hex 32'");
                }
            }
            if (key.length != 32) {
                Arrays.fill(key, (byte) 0);
                throw new IllegalArgumentException("the key from " + where + " decodes to " + key.length
                        + " bytes, not 32; generate one with 'openssl rand -hex 32'");
            }
            return key;
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}

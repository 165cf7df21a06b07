package com.trackingbms.dr.store;

import java.util.Objects;

/** Checks object keys the same way in every store, so a key valid on the filesystem is valid on S3 and Azure. */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /**
     * Returns the key if it is a safe relative key, or throws naming what is wrong.
     *
     * @throws IllegalArgumentException when the key is empty, absolute, has empty, {@code .} or {@code ..} segments,
     *         segments starting with a dot, backslashes or control characters
     */
    public static String check(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty; give a relative key such as 'backups/2026/x.bin'");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key '" + key + "' is absolute; keys are relative to the store's root");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("object key '" + printable(key)
                        + "' contains a backslash or control character; use '/' separated printable segments");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("object key '" + key + "' has an empty segment (leading, trailing or double '/')");
            }
            if (segment.startsWith(".")) {
                throw new IllegalArgumentException("object key '" + key + "' has segment '" + segment
                        + "' starting with '.'; '.' and '..' could escape the store's root and dot names are reserved");
            }
        }
        return key;
    }

    /** Checks a listing prefix: empty, or a key prefix whose complete segments are valid. */
    public static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            return prefix;
        }
        // A trailing partial segment is allowed ("backups/2026-"), so check the prefix as if it ended in a name.
        check(prefix.endsWith("/") ? prefix + "x" : prefix);
        return prefix;
    }

    private static String printable(String key) {
        StringBuilder b = new StringBuilder();
        for (char c : key.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}

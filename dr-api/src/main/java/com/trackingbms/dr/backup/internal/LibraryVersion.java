package com.trackingbms.dr.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This library's version, stamped into manifests (filtered into library.properties by the build). */
public final class LibraryVersion {

    private static final String VERSION = load();

    private LibraryVersion() {
    }

    /** The version, or "unknown" when run from unfiltered sources. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = LibraryVersion.class.getResourceAsStream("library.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}

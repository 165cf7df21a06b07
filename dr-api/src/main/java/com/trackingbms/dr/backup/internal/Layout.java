package com.trackingbms.dr.backup.internal;

/** Where backups live in a store: data objects and manifests under separate prefixes, so listing reads manifests only. */
public final class Layout {

    /** Prefix of manifests. */
    public static final String MANIFESTS = "manifests/";
    /** Prefix of data objects. */
    public static final String DATA = "data/";

    private Layout() {
    }

    /** The manifest key of a backup id. */
    public static String manifestKey(String id) {
        return MANIFESTS + id + ".json";
    }

    /** The data key of a backup id. */
    public static String dataKey(String id) {
        return DATA + id + ".bin";
    }

    /** The id in a manifest key, or null when the key is not a manifest's. */
    public static String idOfManifest(String key) {
        if (!key.startsWith(MANIFESTS) || !key.endsWith(".json")) {
            return null;
        }
        String id = key.substring(MANIFESTS.length(), key.length() - ".json".length());
        return id.contains("/") ? null : id;
    }

    /** The id in a data key, or null. */
    public static String idOfData(String key) {
        if (!key.startsWith(DATA) || !key.endsWith(".bin")) {
            return null;
        }
        String id = key.substring(DATA.length(), key.length() - ".bin".length());
        return id.contains("/") ? null : id;
    }
}

package com.trackingbms.dr.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives {@link Progress} reports, at most once per the runner's progress interval plus a final one. */
@FunctionalInterface
public interface ProgressListener {

    /** Called with the latest progress; must return quickly (it runs on the pipeline's thread). */
    void onProgress(Progress progress);

    /** Logs each report at INFO on logger {@code com.trackingbms.dr.backup.progress}. */
    static ProgressListener logging() {
        Logger log = LoggerFactory.getLogger("com.trackingbms.dr.backup.progress");
        return p -> log.info("{}", p.describe());
    }

    /** Ignores reports. */
    static ProgressListener none() {
        return p -> {
        };
    }
}

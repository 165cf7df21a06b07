package com.trackingbms.dr.failover;

import com.trackingbms.dr.failover.internal.LoggingRecoveryListener;

/** Receives the controller's events. A listener that throws is logged and ignored: it never stops a failover. */
@FunctionalInterface
public interface RecoveryListener {

    /** Called on the controller's thread; keep it quick. */
    void onEvent(RecoveryEvent event);

    /**
     * Logs every event through SLF4J (logger {@code com.trackingbms.dr.failover.events}; destructive steps also to
     * {@code com.trackingbms.dr.audit}) with the MDC keys {@code dr.run}, {@code dr.plan}, {@code dr.site} and
     * {@code dr.step}.
     */
    static RecoveryListener logging() {
        return new LoggingRecoveryListener();
    }
}

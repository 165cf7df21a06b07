package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Hands alerts to the sinks on their own executor, so a slow or failing sink (a webhook that is down) never delays
 * or stops a failover; each failure is reported to {@code onFailure}, which puts it on the timeline.
 */
final class AlertDispatcher {

    private final List<AlertSink> sinks;
    private final Executor executor;
    private final BiConsumer<AlertSink, Throwable> onFailure;

    AlertDispatcher(List<AlertSink> sinks, Executor executor, BiConsumer<AlertSink, Throwable> onFailure) {
        this.sinks = List.copyOf(sinks);
        this.executor = executor;
        this.onFailure = onFailure;
    }

    void send(Alert alert) {
        for (AlertSink sink : sinks) {
            try {
                executor.execute(() -> {
                    try {
                        sink.send(alert);
                    } catch (Exception e) {
                        onFailure.accept(sink, e);
                    }
                });
            } catch (RejectedExecutionException e) {
                onFailure.accept(sink, e);
            }
        }
    }
}

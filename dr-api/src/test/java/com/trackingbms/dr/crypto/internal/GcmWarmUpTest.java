package com.trackingbms.dr.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GcmWarmUpTest {

    @Test
    void closingStopsTheWarmUpThread() throws Exception {
        GcmWarmUp warmUp = GcmWarmUp.start(() -> { });
        Thread thread = warmUp.thread();
        warmUp.close();

        if (thread != null) {
            // A bounded wait, not a timing assertion: the thread checks the flag at least once per 64 KiB.
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).as("warm-up thread after close").isFalse();
        }
    }
}

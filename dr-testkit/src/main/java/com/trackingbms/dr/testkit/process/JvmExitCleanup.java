package com.trackingbms.dr.testkit.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs cleanup actions when the JVM exits without the test having closed its resources (a crashed test run, Ctrl-C),
 * newest first, so servers registered after their directories are ended before the directories are deleted.
 */
public final class JvmExitCleanup {

    /** A registered action; close it once the resource was cleaned up normally. */
    public interface Registration extends AutoCloseable {
        /** Removes the action from the exit list. */
        @Override
        void close();
    }

    private static final Map<Long, Runnable> ACTIONS = new LinkedHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static boolean hooked;

    private JvmExitCleanup() {
    }

    /** Registers an action to run at JVM exit unless the returned registration is closed first. */
    public static Registration register(Runnable action) {
        long id = IDS.incrementAndGet();
        synchronized (ACTIONS) {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(JvmExitCleanup::runAll, "dr-testkit-exit-cleanup"));
                hooked = true;
            }
            ACTIONS.put(id, action);
        }
        return () -> {
            synchronized (ACTIONS) {
                ACTIONS.remove(id);
            }
        };
    }

    private static void runAll() {
        List<Runnable> all;
        synchronized (ACTIONS) {
            all = new ArrayList<>(ACTIONS.values());
            ACTIONS.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).run();
            } catch (RuntimeException e) {
                // Best effort at exit: one failed cleanup must not keep the others from running.
            }
        }
    }
}

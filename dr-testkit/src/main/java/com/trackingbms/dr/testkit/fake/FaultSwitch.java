package com.trackingbms.dr.testkit.fake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Makes named operations of a fake fail, once or until cleared; shared by the fakes. */
final class FaultSwitch {

    private final String owner;
    private final Map<String, Integer> remaining = new ConcurrentHashMap<>();
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();

    FaultSwitch(String owner) {
        this.owner = owner;
    }

    /** Fails the next {@code times} calls of {@code operation}; {@link Integer#MAX_VALUE} means until cleared. */
    void fail(String operation, int times) {
        remaining.put(operation, times);
    }

    void clear(String operation) {
        remaining.remove(operation);
    }

    void clearAll() {
        remaining.clear();
        hooks.clear();
    }

    /** Runs {@code action} on every call of {@code operation}, before the call takes effect; null removes it. */
    void onCall(String operation, Runnable action) {
        if (action == null) {
            hooks.remove(operation);
        } else {
            hooks.put(operation, action);
        }
    }

    /**
     * Runs the hook of {@code operation}. Fakes call this before taking their own monitor, so a hook may call into
     * the engine (which may call the fake from another thread) without deadlocking.
     */
    void hook(String operation) {
        Runnable hook = hooks.get(operation);
        if (hook != null) {
            hook.run();
        }
    }

    /** Throws the injected failure if one is pending for {@code operation}. */
    void check(String operation) throws InjectedFaultException {
        Integer left = remaining.computeIfPresent(operation, (k, v) -> v == Integer.MAX_VALUE ? v : v - 1);
        if (left != null) {
            if (left <= 0) {
                remaining.remove(operation);
            }
            if (left >= 0) {
                throw new InjectedFaultException(owner + ": injected failure of " + operation);
            }
        }
    }
}

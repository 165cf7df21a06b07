package com.trackingbms.dr.exec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Signals or ends a process together with its descendants. Descendants are collected <em>before</em> the parent is
 * signalled: once a parent dies its children are re-parented to init and can no longer be found from it.
 */
public final class ProcessTree {

    /** Signals this class can send with {@link #signal(ProcessHandle, Signal)}. */
    public enum Signal {
        /** Suspends the processes (cannot be caught): a hung server. */
        STOP,
        /** Resumes suspended processes. */
        CONT,
        /** Asks the processes to end. */
        TERM,
        /** Ends the processes at once (cannot be caught). */
        KILL,
        /** Asks a server to reload its configuration. */
        HUP,
        /** Asks a server to shut down fast (PostgreSQL: fast shutdown). */
        INT,
        /** Asks a server to quit at once (PostgreSQL: immediate shutdown, shared memory still cleaned up). */
        QUIT
    }

    private ProcessTree() {
    }

    /** The process and all its living descendants, parent first. */
    public static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /** Ends the tree: SIGTERM to every process, then SIGKILL to what is left after {@code grace}. Waits for the root. */
    public static void destroy(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = snapshot(root);
        if (!grace.isZero()) {
            tree.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + grace.toNanos();
            for (ProcessHandle p : tree) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // Timed out or interrupted: the SIGKILL below ends it regardless.
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Kills the whole tree with SIGKILL at once and returns the processes that were killed (the root first), so the
     * caller can wait for all of them: a child that has not finished exiting may still hold resources (a PostgreSQL
     * backend still attached to shared memory blocks a restart).
     */
    public static List<ProcessHandle> kill(ProcessHandle root) {
        // Collected before the root dies: afterwards its children are re-parented and cannot be found from it.
        List<ProcessHandle> tree = snapshot(root);
        root.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        return tree;
    }

    /** Waits until every given process has exited; returns false when some are still alive after the timeout. */
    public static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0) {
                    return processes.stream().noneMatch(ProcessHandle::isAlive);
                }
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends a signal to the given processes with {@code kill(1)} (the JDK can only send TERM and KILL).
     *
     * @throws IOException when kill fails (for example the processes are gone or belong to another user)
     */
    public static void signal(List<ProcessHandle> processes, Signal signal) throws IOException {
        if (processes.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>();
        argv.add("kill");
        argv.add("-" + signal.name());
        processes.forEach(p -> argv.add(Long.toString(p.pid())));
        Command kill = Command.builder("kill").args(argv.subList(1, argv.size()))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            CommandRunner.local().run(kill);
        } catch (CommandException e) {
            throw new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending " + signal, e);
        }
    }

    /** Sends a signal to a process and all its descendants (parent first for STOP, children first otherwise). */
    public static void signal(ProcessHandle root, Signal signal) throws IOException {
        List<ProcessHandle> tree = snapshot(root);
        if (signal != Signal.STOP) {
            List<ProcessHandle> reversed = new ArrayList<>(tree);
            java.util.Collections.reverse(reversed);
            tree = reversed;
        }
        try {
            signal(tree, signal);
        } catch (IOException e) {
            // A descendant that exits between the snapshot and kill(1) makes kill fail for it alone ("No such
            // process"), after it signalled the others: send once more to the root and the descendants still alive.
            List<ProcessHandle> alive = tree.stream().filter(p -> p.equals(root) || p.isAlive()).toList();
            if (alive.size() == tree.size()) {
                throw e;
            }
            signal(alive, signal);
        }
    }
}

package com.trackingbms.dr.exec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

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

    /** How many times {@link #signal(ProcessHandle, Signal)} lists a tree again for STOP before it gives up. */
    static final int MAX_STOP_ROUNDS = 50;

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
        // Stopped first, the tree cannot grow: a child forked between the listing and the root's death would otherwise
        // be re-parented to init and survive, out of reach. When stopping fails (a process of another user, no kill(1)),
        // what can be listed is still killed.
        try {
            signal(root, Signal.STOP);
        } catch (IOException e) {
            // fall through: kill what the listing finds
        }
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

    /**
     * Sends a signal to a process and all its descendants (parent first for STOP, children first otherwise).
     *
     * <p>For STOP the tree is listed again after signalling, and every process that appeared meanwhile is stopped
     * too, until a listing finds nothing new: a child forked between the listing and the parent's stop (a PostgreSQL
     * backend for a connection accepted just then) would otherwise keep running on a server that is meant to hang.
     * A stopped process cannot fork, so this ends once the whole tree is stopped.
     *
     * @throws IOException when kill fails, or when the tree still grows after 50 rounds
     */
    public static void signal(ProcessHandle root, Signal signal) throws IOException {
        signalTree(root, signal, ProcessTree::snapshot, ProcessHandle::isAlive, ProcessTree::signal);
    }

    /** Sends signals to processes; the seam that lets the tree walk be tested without real processes. */
    @FunctionalInterface
    interface Sender<P> {
        /** Sends {@code signal} to every process in {@code processes}. */
        void send(List<P> processes, Signal signal) throws IOException;
    }

    /** The tree walk of {@link #signal(ProcessHandle, Signal)}, over any process type. */
    static <P> void signalTree(P root, Signal signal, Function<P, List<P>> lister, Predicate<P> alive, Sender<P> sender)
            throws IOException {
        List<P> tree = lister.apply(root);
        if (signal != Signal.STOP) {
            List<P> reversed = new ArrayList<>(tree);
            Collections.reverse(reversed);
            tree = reversed;
        }
        sendTolerant(root, tree, signal, alive, sender);
        if (signal != Signal.STOP) {
            return;
        }
        Set<P> stopped = new HashSet<>(tree);
        for (int round = 1; ; round++) {
            List<P> fresh = lister.apply(root).stream().filter(p -> !stopped.contains(p)).toList();
            if (fresh.isEmpty()) {
                return;
            }
            if (round > MAX_STOP_ROUNDS) {
                throw new IOException("the process tree of " + root + " still had new processes after " + MAX_STOP_ROUNDS
                        + " rounds of SIGSTOP (" + fresh + "); it is not fully stopped");
            }
            // The parent of a fresh process is stopped already; only a fresh one that exited meanwhile is tolerated.
            sendTolerant(null, fresh, signal, alive, sender);
            stopped.addAll(fresh);
        }
    }

    private static <P> void sendTolerant(P root, List<P> processes, Signal signal, Predicate<P> alive, Sender<P> sender)
            throws IOException {
        if (processes.isEmpty()) {
            return;
        }
        try {
            sender.send(processes, signal);
        } catch (IOException e) {
            // A descendant that exits between the listing and kill(1) makes kill fail for it alone ("No such
            // process"), after it signalled the others: send once more to the root and the descendants still alive.
            List<P> living = processes.stream().filter(p -> p.equals(root) || alive.test(p)).toList();
            if (living.size() == processes.size()) {
                throw e;
            }
            if (!living.isEmpty()) {
                sender.send(living, signal);
            }
        }
    }
}

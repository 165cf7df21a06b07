package com.trackingbms.dr.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.trackingbms.dr.exec.ProcessTree.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    /** A process tree in memory: parent to children, and a hook that runs when a batch of signals is sent. */
    private static final class FakeTree {
        final Map<String, List<String>> children = new LinkedHashMap<>();
        final Set<String> exited = new HashSet<>();
        final List<String> sent = new ArrayList<>();
        BiConsumer<List<String>, Signal> onSend = (p, s) -> { };

        FakeTree add(String parent, String child) {
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(child);
            return this;
        }

        List<String> list(String root) {
            List<String> all = new ArrayList<>();
            all.add(root);
            for (int i = 0; i < all.size(); i++) {
                children.getOrDefault(all.get(i), List.of()).stream().filter(c -> !exited.contains(c)).forEach(all::add);
            }
            return all;
        }

        void send(List<String> processes, Signal signal) throws IOException {
            List<String> gone = processes.stream().filter(exited::contains).toList();
            processes.stream().filter(p -> !exited.contains(p)).forEach(p -> sent.add(signal + " " + p));
            onSend.accept(processes, signal);
            if (!gone.isEmpty()) {
                throw new IOException("kill: (" + gone + ") - No such process");
            }
        }

        void signal(String root, Signal signal) throws IOException {
            ProcessTree.signalTree(root, signal, this::list, p -> !exited.contains(p), this::send);
        }
    }

    @Test
    void aChildForkedBetweenTheListingAndTheStopOfItsParentIsStoppedToo() throws Exception {
        // GIVEN a postmaster with a backend, which forks another backend after the tree was listed
        FakeTree tree = new FakeTree().add("postmaster", "walsender").add("postmaster", "backend-1");
        tree.onSend = (batch, signal) -> {
            if (batch.contains("postmaster") && !tree.list("postmaster").contains("backend-2")) {
                tree.add("postmaster", "backend-2");
            }
        };

        // WHEN the tree is stopped
        tree.signal("postmaster", Signal.STOP);

        // THEN the late backend is stopped as well, after the parent
        assertThat(tree.sent).containsExactly("STOP postmaster", "STOP walsender", "STOP backend-1", "STOP backend-2");
    }

    @Test
    void processesForkedByLateChildrenBeforeTheirStopAreStoppedInTheNextRound() throws Exception {
        FakeTree tree = new FakeTree().add("root", "a");
        tree.onSend = (batch, signal) -> {
            if (batch.contains("root")) {
                tree.add("root", "late");
            } else if (batch.contains("late")) {
                tree.add("late", "later");
            }
        };

        tree.signal("root", Signal.STOP);

        assertThat(tree.sent).containsExactly("STOP root", "STOP a", "STOP late", "STOP later");
    }

    @Test
    void aLateChildThatExitedBeforeItsStopIsTolerated() throws Exception {
        FakeTree tree = new FakeTree().add("root", "a");
        tree.onSend = (batch, signal) -> {
            if (batch.contains("root")) {
                tree.add("root", "short-lived").add("root", "late");
            }
        };
        // The short-lived child is listed in the second round but exits before kill(1) reaches it.
        ProcessTree.signalTree("root", Signal.STOP, root -> {
            List<String> all = tree.list(root);
            if (all.contains("short-lived")) {
                tree.exited.add("short-lived");
            }
            return all;
        }, p -> !tree.exited.contains(p), tree::send);

        assertThat(tree.sent).containsExactly("STOP root", "STOP a", "STOP late", "STOP late");
    }

    @Test
    void aTreeThatKeepsGrowingIsReportedInsteadOfLoopingForever() {
        FakeTree tree = new FakeTree();
        int[] next = {0};
        tree.onSend = (batch, signal) -> tree.add("root", "child-" + next[0]++);

        assertThatThrownBy(() -> tree.signal("root", Signal.STOP))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("still had new processes after " + ProcessTree.MAX_STOP_ROUNDS + " rounds")
                .hasMessageContaining("not fully stopped");
    }

    @Test
    void otherSignalsGoChildrenFirstInOneListing() throws Exception {
        FakeTree tree = new FakeTree().add("root", "a").add("a", "b");
        int[] listings = {0};

        ProcessTree.signalTree("root", Signal.CONT, r -> {
            listings[0]++;
            return tree.list(r);
        }, p -> true, tree::send);

        assertThat(tree.sent).containsExactly("CONT b", "CONT a", "CONT root");
        assertThat(listings[0]).isEqualTo(1);
    }

    @Test
    void stopsEveryChildOfAShellThatForksWhileItIsBeingStopped() throws Exception {
        assumeThat(Path.of("/proc/self/stat")).as("needs Linux /proc").exists();
        // A shell that forks a sleeper every few milliseconds for a few seconds: some are forked between the listing
        // and its SIGSTOP.
        Process shell = new ProcessBuilder("/bin/sh", "-c", "i=0; while [ $i -lt 300 ]; do sleep 30 & i=$((i+1)); j=0;"
                + " while [ $j -lt 300 ]; do j=$((j+1)); done; done; wait")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (shell.toHandle().children().findAny().isEmpty()) {
                assertThat(System.nanoTime() - deadline).as("the shell forked nothing within 30 s").isNegative();
                Thread.onSpinWait();
            }

            ProcessTree.signal(shell.toHandle(), Signal.STOP);

            Map<Long, String> states = ProcessTree.snapshot(shell.toHandle()).stream()
                    .collect(Collectors.toMap(ProcessHandle::pid, p -> state(p.pid()), (a, b) -> a, LinkedHashMap::new));
            assertThat(states).as("state of every process in the tree (T = stopped)").hasSizeGreaterThan(1)
                    .allSatisfy((pid, state) -> assertThat(state).as("process %d", pid).isIn("T", "gone"));
        } finally {
            List<ProcessHandle> killed = ProcessTree.kill(shell.toHandle());
            assertThat(ProcessTree.awaitExit(killed, Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void killLeavesNoChildOfAShellThatForksWhileItIsBeingKilled() throws Exception {
        assumeThat(Path.of("/proc/self/stat")).as("needs Linux /proc").exists();
        // Every sleeper carries a duration unique to this test, so survivors can be found after they are re-parented.
        String marker = "30." + System.nanoTime() % 1_000_000;
        Process shell = new ProcessBuilder("/bin/sh", "-c", "i=0; while [ $i -lt 300 ]; do sleep " + marker + " & i=$((i+1)); j=0;"
                + " while [ $j -lt 300 ]; do j=$((j+1)); done; done; wait")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> survivors = List.of();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (shell.toHandle().children().count() < 20) {
                assertThat(System.nanoTime() - deadline).as("the shell forked too little within 30 s").isNegative();
                Thread.onSpinWait();
            }

            List<ProcessHandle> killed = ProcessTree.kill(shell.toHandle());

            assertThat(ProcessTree.awaitExit(killed, Duration.ofSeconds(30))).isTrue();
            survivors = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                    .map(a -> java.util.Arrays.asList(a).contains(marker)).orElse(false)).toList();
            assertThat(survivors).as("sleepers forked during the kill and left running").isEmpty();
        } finally {
            survivors.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }
}

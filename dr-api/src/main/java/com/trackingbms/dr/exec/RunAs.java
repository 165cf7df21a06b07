package com.trackingbms.dr.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs a program as another (unprivileged) user, through {@code setpriv --reuid=U --regid=G --init-groups --}.
 * PostgreSQL's initdb and postgres refuse to run as root, so a JVM running as root (a CI container) starts them this
 * way. setpriv execs the program, so the JVM's child process <em>is</em> the program: its pid is the program's pid and
 * killing it is a real kill.
 *
 * <p>setpriv's own {@code --reset-env} would also drop the variables that carry secrets (PGPASSWORD), so instead the
 * runner resets the environment itself to what {@code --reset-env} gives (HOME, USER, LOGNAME, SHELL from the passwd
 * entry, a standard PATH, TERM) and then adds the command's own variables.
 *
 * <p>When the JVM already runs as the target user, no setpriv is used. When it runs as some other non-root user, the
 * switch is impossible and {@link #prefix()} fails with a message that says so.
 */
public final class RunAs {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?");
    private static final String USER_PATH = "/usr/local/bin:/bin:/usr/bin";

    private final String user;
    private final int uid;
    private final int gid;
    private final String home;
    private final String shell;

    private RunAs(String user, int uid, int gid, String home, String shell) {
        this.user = user;
        this.uid = uid;
        this.gid = gid;
        this.home = home;
        this.shell = shell;
    }

    /**
     * Looks up a local user in /etc/passwd.
     *
     * @throws IllegalArgumentException when the name is malformed or the user does not exist
     */
    public static RunAs user(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("runAs user '" + name + "' is not a valid user name");
        }
        return lookup(name).orElseThrow(() -> new IllegalArgumentException("runAs user '" + name
                + "' does not exist in /etc/passwd; create it (useradd --system " + name + ") or choose another user"));
    }

    /** Looks up a local user, or empty when there is none of that name. */
    public static Optional<RunAs> lookup(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 7 && f[0].equals(name)) {
                    return Optional.of(new RunAs(name, Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5], f[6]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether this JVM runs as root (uid 0), read from /proc/self/status, falling back to the user.name property. */
    public static boolean currentUserIsRoot() {
        return currentUid().map(u -> u == 0).orElse("root".equals(System.getProperty("user.name")));
    }

    private static Optional<Integer> currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    // Real, effective, saved, filesystem: the effective uid decides what we may do.
                    String[] f = line.substring(4).trim().split("\\s+");
                    return Optional.of(Integer.parseInt(f[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The user name. */
    public String userName() {
        return user;
    }

    /** The numeric user id. */
    public int uid() {
        return uid;
    }

    /** The numeric primary group id. */
    public int gid() {
        return gid;
    }

    /** The home directory from the passwd entry. */
    public String home() {
        return home;
    }

    /** Whether the switch is needed at all (false when the JVM already runs as this user). */
    public boolean needsSwitch() {
        return currentUid().map(u -> u != uid).orElse(!user.equals(System.getProperty("user.name")));
    }

    /**
     * The words to put before the program: setpriv and its options, or nothing when no switch is needed.
     *
     * @throws IllegalStateException when the JVM is neither root nor this user
     */
    public List<String> prefix() {
        if (!needsSwitch()) {
            return List.of();
        }
        if (!currentUserIsRoot()) {
            throw new IllegalStateException("cannot run as user '" + user + "': this JVM runs as '"
                    + System.getProperty("user.name") + "', not root; run the JVM as root or drop runAs");
        }
        List<String> words = new ArrayList<>();
        words.add("setpriv");
        words.add("--reuid=" + uid);
        words.add("--regid=" + gid);
        words.add("--init-groups");
        words.add("--");
        return words;
    }

    /** Puts the argument list behind {@link #prefix()}. */
    public List<String> wrap(List<String> argv) {
        List<String> out = new ArrayList<>(prefix());
        out.addAll(argv);
        return out;
    }

    /**
     * Resets a process environment to what a login as this user would see (what {@code setpriv --reset-env} does),
     * keeping TERM; the caller adds its own variables afterwards. Does nothing when no switch is needed.
     */
    public void resetEnvironment(Map<String, String> env) {
        if (!needsSwitch()) {
            return;
        }
        String term = env.get("TERM");
        env.clear();
        if (term != null) {
            env.put("TERM", term);
        }
        env.put("HOME", home);
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("SHELL", shell.isEmpty() ? "/bin/sh" : shell);
        env.put("PATH", uid == 0 ? "/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin" : USER_PATH);
    }

    /** Changes the owner of a file or directory to this user and its primary group (needs root). */
    public void chown(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", gid);
    }

    @Override
    public String toString() {
        return "RunAs[" + user + " uid=" + uid + " gid=" + gid + "]";
    }
}

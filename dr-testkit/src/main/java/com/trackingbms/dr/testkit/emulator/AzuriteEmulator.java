package com.trackingbms.dr.testkit.emulator;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.testkit.Diagnosable;
import com.trackingbms.dr.testkit.internal.BoundedWait;
import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import com.trackingbms.dr.testkit.process.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The Azure Blob service emulated by Azurite (npm {@code azurite} 3.37.0), run as a child process on a free
 * 127.0.0.1 port with a temporary workspace.
 *
 * <p>Azurite is found, in this order, through the system property {@value #HOME_PROPERTY}, the environment variable
 * {@value #HOME_ENV} (each naming a folder whose {@code node_modules/.bin/azurite-blob} exists), or a folder
 * {@code azurite/} or {@code dr-testkit/azurite/} in the working directory or one of its parents. Install it with
 * {@code npm ci} in {@code dr-testkit/azurite} (the repository's {@code .ci/run} does it); {@link #installHint()} says
 * the same for skipped tests. Node.js must be on the PATH.
 *
 * <p>The account is Azurite's well-known development account; its key is public, but it is still handed out as a
 * {@link Secret} so that code written against the emulator treats real keys the same way.
 */
public final class AzuriteEmulator implements AutoCloseable, Diagnosable {

    /** System property naming the folder that holds {@code node_modules/.bin/azurite-blob}. */
    public static final String HOME_PROPERTY = "dr.azurite.home";
    /** Environment variable naming the folder that holds {@code node_modules/.bin/azurite-blob}. */
    public static final String HOME_ENV = "DR_AZURITE_HOME";
    /** The development account name Azurite accepts. */
    public static final String ACCOUNT_NAME = "devstoreaccount1";

    private static final Secret ACCOUNT_KEY =
            Secret.of("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==");
    private static final Path RELATIVE_BIN = Paths.get("node_modules", ".bin", "azurite-blob");
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    private static final String API_VERSION = "2021-12-02";
    private static final int START_ATTEMPTS = 3;

    private final ServerProcess process;
    private final Path workDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SharedKeySigner signer = new SharedKeySigner(ACCOUNT_NAME, ACCOUNT_KEY);

    private AzuriteEmulator(ServerProcess process, Path workDir, int port) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
    }

    /**
     * Where Azurite is installed, if it is; see the class comment for the search order.
     *
     * @return where Azurite is installed, if it is
     */
    public static Optional<Path> installation() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(HOME_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            Path bin = Paths.get(configured).resolve(RELATIVE_BIN);
            return Files.isExecutable(bin) ? Optional.of(bin.toAbsolutePath()) : Optional.empty();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("azurite"), dir.resolve("dr-testkit").resolve("azurite"))) {
                Path bin = candidate.resolve(RELATIVE_BIN);
                if (Files.isExecutable(bin)) {
                    return Optional.of(bin);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * How to install Azurite, for a skipped test or a failed start.
     *
     * @return how to install Azurite, for a skipped test or a failed start
     */
    public static String installHint() {
        return "Azurite is not installed: run `npm ci` in dr-testkit/azurite (from the repository root:"
                + " `npm ci --prefix dr-testkit/azurite`; needs Node.js on the PATH), or point -D" + HOME_PROPERTY
                + " or " + HOME_ENV + " at a folder where `npm install azurite@3.37.0` was run";
    }

    /**
     * Starts Azurite's blob service, failing with {@link #installHint()} when it is not installed.
     *
     * @return the running emulator; close it to stop Azurite and delete its files
     */
    public static AzuriteEmulator start() {
        Path bin = installation().orElseThrow(() -> new EmulatorException(installHint()));
        Path workDir;
        try {
            workDir = Files.createTempDirectory("dr-azurite-");
        } catch (IOException e) {
            throw new EmulatorException("could not create a temporary workspace for Azurite", e);
        }
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = LoopbackPorts.free();
            ServerProcess process = launch(bin, workDir, workDir.resolve("azurite-" + attempt + ".log"), port);
            try {
                // Readiness is the listening socket; the process dying first means the port was taken or Node failed.
                BoundedWait.until("Azurite to listen on " + LoopbackPorts.HOST + ":" + port, Duration.ofSeconds(60),
                        Duration.ofMillis(50), () -> !process.isRunning() || LoopbackPorts.accepts(port, 200),
                        () -> "process running=" + process.isRunning());
            } catch (TimeoutException e) {
                String log = process.logTail(100);
                stopQuietly(process);
                S3Emulator.deleteTree(workDir);
                throw new EmulatorException(e.getMessage() + "; log:\n" + log, e);
            } catch (InterruptedException e) {
                stopQuietly(process);
                S3Emulator.deleteTree(workDir);
                Thread.currentThread().interrupt();
                throw new EmulatorException("interrupted while Azurite was starting", e);
            }
            if (process.isRunning()) {
                return new AzuriteEmulator(process, workDir, port);
            }
            failures.add("attempt " + attempt + " on port " + port + " exited with "
                    + process.exitCode().orElse(-1) + ":\n" + process.logTail(100));
            stopQuietly(process);
        }
        S3Emulator.deleteTree(workDir);
        throw new EmulatorException("Azurite (" + bin + ") did not start: " + String.join("\n", failures)
                + "\n(is `node` on the PATH? " + installHint() + ")");
    }

    private static ServerProcess launch(Path bin, Path workDir, Path log, int port) {
        List<String> command = List.of(bin.toString(),
                "--blobHost", LoopbackPorts.HOST, "--blobPort", Integer.toString(port),
                "--location", workDir.toString(),
                "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--disableProductStyleUrl");
        try {
            // The npm bin is a Node script with a shebang: run directly (no shell), the process is node itself.
            return ServerProcess.builder("azurite-blob").command(command).workingDirectory(workDir).logFile(log)
                    .start();
        } catch (IOException e) {
            throw new EmulatorException("could not run " + bin + " (is `node` on the PATH?): " + e.getMessage(), e);
        }
    }

    private static void stopQuietly(ServerProcess process) {
        try {
            process.close();
        } catch (IOException | RuntimeException e) {
            // Startup already failed; the original failure is the one to report, the JVM-exit hook kills leftovers.
        }
    }

    /**
     * The account name, {@value #ACCOUNT_NAME}.
     *
     * @return the account name, {@value #ACCOUNT_NAME}
     */
    public String accountName() {
        return ACCOUNT_NAME;
    }

    /**
     * The account key (Azurite's well-known development key).
     *
     * @return the account key (Azurite's well-known development key)
     */
    public Secret accountKey() {
        return ACCOUNT_KEY;
    }

    /**
     * The blob service endpoint, e.g. {@code http://127.0.0.1:41234/devstoreaccount1}.
     *
     * @return the blob service endpoint, ending in the account name
     */
    public URI blobEndpoint() {
        return URI.create("http://" + LoopbackPorts.HOST + ":" + port + "/" + ACCOUNT_NAME);
    }

    /**
     * The port the blob service listens on.
     *
     * @return the port the blob service listens on
     */
    public int port() {
        return port;
    }

    /**
     * A storage connection string for the Azure SDKs; a secret, since it carries the account key.
     *
     * @return a storage connection string for the Azure SDKs, carrying the account key
     */
    public Secret connectionString() {
        return Secret.of("DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT_NAME + ";AccountKey="
                + ACCOUNT_KEY.revealString() + ";BlobEndpoint=" + blobEndpoint() + ";");
    }

    /**
     * The operating-system process id of the Azurite (Node.js) process.
     *
     * @return the operating-system process id of the Azurite (Node.js) process
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The last lines of Azurite's console output (startup errors land here).
     *
     * @param lines how many lines at most
     * @return the last lines of Azurite's console output (startup errors land here)
     */
    public String logTail(int lines) {
        return process.logTail(lines);
    }

    @Override
    public String diagnostics(int linesPerServer) {
        return "--- azurite-blob (" + blobEndpoint() + ", " + (process.isRunning() ? "running" : "not running")
                + ", pid " + process.pid() + "), last " + linesPerServer + " log lines ---\n" + logTail(linesPerServer);
    }

    /**
     * Creates a blob container; returns false when it already existed.
     *
     * @param name the container name
     * @return true when the container was created, false when it existed
     */
    public boolean createContainer(String name) {
        Objects.requireNonNull(name, "container");
        if (!CONTAINER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("container '" + name + "' is not a valid name: use 3-63 lower-case letters,"
                    + " digits or single '-', starting and ending with a letter or digit");
        }
        HttpResponse<String> response = send("PUT", blobEndpoint() + "/" + name + "?restype=container", new byte[0],
                Map.of());
        if (response.statusCode() == 201) {
            return true;
        }
        if (response.statusCode() == 409) {
            return false;
        }
        throw new EmulatorException("Azurite answered " + response.statusCode() + " to creating container " + name
                + ": " + response.body());
    }

    /**
     * Sends a Shared Key signed request to the blob service (for tests that want raw REST calls).
     *
     * @param uri          the full URL, under {@link #blobEndpoint()}
     * @param extraHeaders further headers ({@code x-ms-*}, {@code Content-Type}, conditions); signed with the rest
     * @param method the HTTP method (GET, PUT ...)
     * @param body the request body (empty for none)
     * @return Azurite's answer
     */
    public HttpResponse<String> send(String method, String uri, byte[] body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("x-ms-date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        headers.put("x-ms-version", API_VERSION);
        Map<String, String> signed = new LinkedHashMap<>(headers);
        if (body.length > 0) {
            signed.put("Content-Length", Integer.toString(body.length));
        }
        URI target = URI.create(uri);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        request.header("Authorization", signer.authorization(method, target, signed));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EmulatorException(method + " " + uri + " to Azurite failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted during " + method + " " + uri, e);
        }
    }

    /** Stops Azurite and removes its workspace. */
    @Override
    public void close() {
        try {
            process.close();
        } catch (IOException e) {
            throw new EmulatorException("Azurite (pid " + process.pid() + ") did not stop cleanly", e);
        } finally {
            S3Emulator.deleteTree(workDir);
        }
    }

    @Override
    public String toString() {
        return "AzuriteEmulator[" + blobEndpoint() + ", pid=" + process.pid() + "]";
    }
}

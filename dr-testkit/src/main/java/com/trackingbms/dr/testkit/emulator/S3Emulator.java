package com.trackingbms.dr.testkit.emulator;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * An S3-compatible server (S3Proxy, in-process) on a free 127.0.0.1 port, with its buckets already created.
 *
 * <p>Clients must use path-style addressing and, with AWS SDK v2 2.30 or later, checksums only when required
 * ({@code requestChecksumCalculation(WHEN_REQUIRED)}, {@code responseChecksumValidation(WHEN_REQUIRED)}): S3Proxy
 * rejects the SDK's default trailing checksums. S3Proxy ignores conditional-write headers and answers SSE headers
 * with 501, so test those against {@link HttpSiteStub} instead.
 *
 * <pre>{@code
 * try (S3Emulator s3 = S3Emulator.builder().bucket("backups").start()) {
 *     S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true) ...
 * }
 * }</pre>
 */
public final class S3Emulator implements AutoCloseable {

    /** Where the emulator keeps objects. */
    public enum Storage {
        /** In memory; gone when the emulator stops. */
        TRANSIENT,
        /** Files in a temporary directory, removed when the emulator stops. */
        FILESYSTEM
    }

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path baseDir;
    private final URI endpoint;
    private final String accessKeyId;
    private final Secret secretAccessKey;
    private final List<String> buckets;

    private S3Emulator(S3Proxy proxy, BlobStoreContext context, Path baseDir, URI endpoint, String accessKeyId,
                       Secret secretAccessKey, List<String> buckets) {
        this.proxy = proxy;
        this.context = context;
        this.baseDir = baseDir;
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.buckets = List.copyOf(buckets);
    }

    /**
     * Starts configuring an emulator.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an in-memory emulator with one bucket.
     *
     * @param bucket the bucket to create
     * @return the running emulator; close it to stop it
     */
    public static S3Emulator start(String bucket) {
        return builder().bucket(bucket).start();
    }

    /**
     * The HTTP endpoint, e.g. {@code http://127.0.0.1:41234}; use it with path-style addressing.
     *
     * @return the HTTP endpoint, {@code http://127.0.0.1:PORT}
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * The TCP port the emulator listens on.
     *
     * @return the TCP port the emulator listens on
     */
    public int port() {
        return endpoint.getPort();
    }

    /**
     * The region to configure on clients (S3Proxy accepts any, signatures use this one).
     *
     * @return the region to configure on clients (S3Proxy accepts any, signatures use this one)
     */
    public String region() {
        return REGION;
    }

    /**
     * The access key id clients sign with.
     *
     * @return the access key id clients sign with
     */
    public String accessKeyId() {
        return accessKeyId;
    }

    /**
     * The secret access key clients sign with; random per emulator.
     *
     * @return the secret access key clients sign with
     */
    public Secret secretAccessKey() {
        return secretAccessKey;
    }

    /**
     * The first bucket created at start.
     *
     * @return the first bucket created at start
     */
    public String bucket() {
        return buckets.get(0);
    }

    /**
     * Every bucket created at start, in the order given.
     *
     * @return every bucket created at start, in the order given
     */
    public List<String> buckets() {
        return buckets;
    }

    /**
     * Creates another bucket; returns false when it already existed.
     *
     * @param name the bucket name
     * @return true when the bucket was created, false when it existed
     */
    public boolean createBucket(String name) {
        checkBucketName(name);
        return context.getBlobStore().createContainerInLocation(null, name);
    }

    /** Stops the server and removes everything it stored. */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new EmulatorException("S3Proxy on " + endpoint + " did not stop cleanly", e);
        } finally {
            context.close();
            if (baseDir != null) {
                deleteTree(baseDir);
            }
        }
    }

    @Override
    public String toString() {
        return "S3Emulator[endpoint=" + endpoint + ", buckets=" + buckets + "]";
    }

    private static void checkBucketName(String name) {
        Objects.requireNonNull(name, "bucket");
        if (!BUCKET_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("bucket '" + name + "' is not a valid S3 bucket name: use 3-63 lower-case"
                    + " letters, digits, '-' or '.', starting and ending with a letter or digit");
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + root, e);
        }
    }

    /** Configures and starts an {@link S3Emulator}. */
    public static final class Builder {

        private final Set<String> buckets = new LinkedHashSet<>();
        private Storage storage = Storage.TRANSIENT;
        private String accessKeyId = "dr-testkit";
        private Secret secretAccessKey;

        private Builder() {
        }

        /**
         * Adds a bucket to create at start (at least one is required).
         *
         * @param name the bucket name
         * @return this builder
         */
        public Builder bucket(String name) {
            checkBucketName(name);
            buckets.add(name);
            return this;
        }

        /**
         * Where objects are kept; {@link Storage#TRANSIENT} by default.
         *
         * @param storage where objects are kept
         * @return this builder
         */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * Overrides the generated credentials (the default secret is random per emulator).
         *
         * @param accessKeyId the access key id
         * @param secretAccessKey the secret access key
         * @return this builder
         */
        public Builder credentials(String accessKeyId, Secret secretAccessKey) {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            if (accessKeyId.isBlank()) {
                throw new IllegalArgumentException("accessKeyId is blank: give a non-blank access key id");
            }
            if (secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("secretAccessKey is empty: give a non-empty secret");
            }
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        /**
         * Starts the server on a free 127.0.0.1 port and creates the buckets.
         *
         * @return the running emulator; close it to stop it and delete what it stored
         */
        public S3Emulator start() {
            if (buckets.isEmpty()) {
                throw new IllegalStateException("no bucket: call bucket(\"name\") at least once before start()");
            }
            Secret secret = secretAccessKey != null ? secretAccessKey : randomSecret();
            Path baseDir = null;
            Properties overrides = new Properties();
            String provider = "transient";
            if (storage == Storage.FILESYSTEM) {
                try {
                    baseDir = Files.createTempDirectory("dr-s3emulator-");
                } catch (IOException e) {
                    throw new EmulatorException("could not create a temporary directory for S3Proxy's filesystem store", e);
                }
                overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, baseDir.toString());
                provider = "filesystem";
            }
            BlobStoreContext context = ContextBuilder.newBuilder(provider)
                    .credentials(accessKeyId, secret.revealString())
                    .overrides(overrides)
                    .buildView(BlobStoreContext.class);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://" + LoopbackPorts.HOST + ":0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secret.revealString())
                    // The SDK's multipart and transfer-manager paths send headers S3Proxy does not know.
                    .ignoreUnknownHeaders(true)
                    .build();
            try {
                proxy.start();
                for (String bucket : buckets) {
                    context.getBlobStore().createContainerInLocation(null, bucket);
                }
                URI endpoint = URI.create("http://" + LoopbackPorts.HOST + ":" + proxy.getPort());
                return new S3Emulator(proxy, context, baseDir, endpoint, accessKeyId, secret, new ArrayList<>(buckets));
            } catch (Exception e) {
                try {
                    proxy.stop();
                } catch (Exception stopFailure) {
                    e.addSuppressed(stopFailure);
                }
                context.close();
                if (baseDir != null) {
                    deleteTree(baseDir);
                }
                throw new EmulatorException("S3Proxy did not start on " + LoopbackPorts.HOST
                        + " (if the cause is a JAXB or Jetty linkage error, pin jakarta.xml.bind-api 4.x and one Jetty 11"
                        + " version in your build)", e);
            }
        }

        private static Secret randomSecret() {
            byte[] bytes = new byte[20];
            new SecureRandom().nextBytes(bytes);
            return Secret.of(HexFormat.of().formatHex(bytes));
        }
    }
}

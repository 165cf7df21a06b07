package com.trackingbms.dr.backup.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.backup.CorruptManifestException;
import com.trackingbms.dr.crypto.Encryption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Writes and reads manifests as JSON with explicit field names, so the format does not follow Java refactorings. */
public final class ManifestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    /** The manifest as UTF-8 JSON. */
    public static byte[] write(BackupManifest m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", "trackingbms-dr-backup-manifest");
        n.put("formatVersion", BackupManifest.FORMAT_VERSION);
        n.put("id", m.id());
        n.put("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (m.parentId() == null) {
            n.putNull("parent");
        } else {
            n.put("parent", m.parentId());
        }
        n.put("startedAt", m.startedAt().toString());
        n.put("finishedAt", m.finishedAt().toString());
        n.put("source", m.source());
        ObjectNode positions = n.putObject("positions");
        new TreeMap<>(m.positions()).forEach(positions::put);
        n.put("rawBytes", m.rawBytes());
        n.put("storedBytes", m.storedBytes());
        n.put("sha256", m.sha256());
        ObjectNode c = n.putObject("compression");
        c.put("algorithm", m.compression().algorithm().name().toLowerCase(java.util.Locale.ROOT));
        c.put("level", m.compression().level());
        if (!m.compression().zstdParameters().isEmpty()) {
            // Informational: any zstd decoder reads the data without them.
            ObjectNode zp = c.putObject("zstdParameters");
            m.compression().zstdParameters().forEach((k, v) -> zp.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        }
        ObjectNode e = n.putObject("encryption");
        e.put("algorithm", m.encryption() == Encryption.Algorithm.AES_256_GCM ? "aes-256-gcm" : "none");
        if (m.keyId() == null) {
            e.putNull("keyId");
        } else {
            e.put("keyId", m.keyId());
        }
        n.put("object", m.objectKey());
        n.put("libraryVersion", m.libraryVersion());
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Parses a manifest; {@code name} is used in error messages. */
    public static BackupManifest read(InputStream in, String name) throws IOException {
        JsonNode n;
        try {
            n = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new CorruptManifestException("manifest " + name + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            int version = required(n, "formatVersion").asInt();
            if (version > BackupManifest.FORMAT_VERSION) {
                throw new CorruptManifestException("manifest " + name + " has format version " + version
                        + ", newer than this library reads (" + BackupManifest.FORMAT_VERSION + "); upgrade to "
                        + text(n, "libraryVersion") + " or newer", null);
            }
            Map<String, String> positions = new TreeMap<>();
            JsonNode p = n.path("positions");
            for (Map.Entry<String, JsonNode> entry : p.properties()) {
                positions.put(entry.getKey(), entry.getValue().asText());
            }
            JsonNode c = required(n, "compression");
            JsonNode e = required(n, "encryption");
            String encryption = text(e, "algorithm");
            JsonNode parent = n.path("parent");
            JsonNode keyId = e.path("keyId");
            return new BackupManifest(text(n, "id"), BackupKind.valueOf(text(n, "kind").toUpperCase(java.util.Locale.ROOT)),
                    parent.isNull() || parent.isMissingNode() ? null : parent.asText(),
                    Instant.parse(text(n, "startedAt")), Instant.parse(text(n, "finishedAt")), text(n, "source"), positions,
                    required(n, "rawBytes").asLong(), required(n, "storedBytes").asLong(), text(n, "sha256"),
                    new Compression(Compression.Algorithm.valueOf(text(c, "algorithm").toUpperCase(java.util.Locale.ROOT)),
                            required(c, "level").asInt(), zstdParameters(c)),
                    switch (encryption) {
                        case "aes-256-gcm" -> Encryption.Algorithm.AES_256_GCM;
                        case "none" -> Encryption.Algorithm.NONE;
                        default -> throw new IllegalArgumentException("unknown encryption '" + encryption + "'");
                    },
                    keyId.isNull() || keyId.isMissingNode() ? null : keyId.asText(), text(n, "object"), text(n, "libraryVersion"));
        } catch (CorruptManifestException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new CorruptManifestException("manifest " + name + " is invalid: " + ex.getMessage(), ex);
        }
    }

    /** Parameters this library does not know (written by a newer one) are skipped: they never matter for reading. */
    private static Map<Compression.ZstdParameter, Integer> zstdParameters(JsonNode compression) {
        Map<Compression.ZstdParameter, Integer> out = new java.util.EnumMap<>(Compression.ZstdParameter.class);
        for (Map.Entry<String, JsonNode> e : compression.path("zstdParameters").properties()) {
            try {
                out.put(Compression.ZstdParameter.valueOf(e.getKey().toUpperCase(java.util.Locale.ROOT)), e.getValue().asInt());
            } catch (IllegalArgumentException unknown) {
                // a parameter of a newer library: not needed to read the data
            }
        }
        return out;
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        return required(n, field).asText();
    }

    /** The manifest as a string, for tests and reports. */
    public static String toString(BackupManifest m) {
        return new String(write(m), StandardCharsets.UTF_8);
    }
}

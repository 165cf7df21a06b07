package com.trackingbms.dr.testkit.emulator;

import com.trackingbms.dr.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Azure Blob requests with the storage account's Shared Key (the scheme Azurite checks), so the testkit can
 * talk to Azurite with the JDK HTTP client alone.
 */
final class SharedKeySigner {

    private final String account;
    private final Secret key;

    SharedKeySigner(String account, Secret key) {
        this.account = account;
        this.key = key;
    }

    /**
     * The {@code Authorization} header value for a request.
     *
     * @param headers every header that will be sent except {@code Authorization} (names in any case); include
     *                {@code Content-Length} when the body is not empty and {@code Content-Type} when one is sent
     */
    String authorization(String method, URI uri, Map<String, String> headers) {
        Map<String, String> h = new TreeMap<>();
        headers.forEach((name, value) -> h.put(name.toLowerCase(Locale.ROOT), value.trim()));
        String contentLength = h.getOrDefault("content-length", "");
        if ("0".equals(contentLength)) {
            contentLength = "";
        }
        StringBuilder s = new StringBuilder();
        s.append(method.toUpperCase(Locale.ROOT)).append('\n')
                .append(h.getOrDefault("content-encoding", "")).append('\n')
                .append(h.getOrDefault("content-language", "")).append('\n')
                .append(contentLength).append('\n')
                .append(h.getOrDefault("content-md5", "")).append('\n')
                .append(h.getOrDefault("content-type", "")).append('\n')
                .append(h.getOrDefault("date", "")).append('\n')
                .append(h.getOrDefault("if-modified-since", "")).append('\n')
                .append(h.getOrDefault("if-match", "")).append('\n')
                .append(h.getOrDefault("if-none-match", "")).append('\n')
                .append(h.getOrDefault("if-unmodified-since", "")).append('\n')
                .append(h.getOrDefault("range", "")).append('\n');
        h.forEach((name, value) -> {
            if (name.startsWith("x-ms-")) {
                s.append(name).append(':').append(value).append('\n');
            }
        });
        s.append('/').append(account).append(uri.getRawPath());
        canonicalQuery(uri).forEach((name, values) -> s.append('\n').append(name).append(':')
                .append(String.join(",", values)));
        return "SharedKey " + account + ":" + hmac(s.toString());
    }

    private static Map<String, List<String>> canonicalQuery(URI uri) {
        Map<String, List<String>> params = new TreeMap<>();
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        params.values().forEach(values -> values.sort(null));
        return params;
    }

    private String hmac(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key.revealString()), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}

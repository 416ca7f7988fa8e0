package io.prime.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.prime.core.codec.WireLimits;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.PublicKeyVerifier;
import io.prime.core.crypto.SignatureScheme;
import io.prime.kv.KvLimits;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The whole cluster as one YAML file ({@code cluster.yaml}): what an operator edits to deploy on several hosts. It
 * lists every replica (id, host, port, public key), the clients' public keys, the threshold public keys, and the
 * protocol ({@link PrimeConfig}), transport ({@link TransportConfig}) and application ({@link KvLimits}) settings.
 * Settings left out take their defaults, which live in exactly one place each ({@code PrimeConfig.Builder},
 * {@link TransportConfig#defaults()}, {@link KvLimits#defaults()}); unknown keys are refused, so a typo is an error,
 * not a silently ignored setting. Private keys never appear here: they are files under {@code keysDir}.
 */
public record ClusterConfig(
        int faults,
        String signatureScheme,
        List<ReplicaEndpoint> replicas,
        List<byte[]> clientPublicKeys,
        ThresholdPublicKeys threshold,
        PrimeConfig protocol,
        TransportConfig transport,
        KvLimits kv,
        Path keysDir) {

    /** Group public key and per-replica public shares of the BLS threshold scheme (raw compressed points). */
    public record ThresholdPublicKeys(int threshold, byte[] groupPublicKey, List<byte[]> publicShares) {
        public ThresholdPublicKeys {
            publicShares = List.copyOf(publicShares);
        }
    }

    public ClusterConfig {
        replicas = List.copyOf(replicas);
        clientPublicKeys = List.copyOf(clientPublicKeys);
        if (protocol.faults != faults) {
            throw new ConfigException("f is " + faults + " but the protocol settings are for f = " + protocol.faults);
        }
        if (replicas.size() != 3 * faults + 1) {
            throw new ConfigException("f = " + faults + " needs exactly " + (3 * faults + 1) + " replicas, the file lists "
                    + replicas.size());
        }
        for (int i = 0; i < replicas.size(); i++) {
            if (replicas.get(i).id() != i) {
                throw new ConfigException("replicas must be listed in id order 0.." + (replicas.size() - 1)
                        + "; entry " + i + " has id " + replicas.get(i).id());
            }
        }
        if (threshold != null && threshold.publicShares().size() != replicas.size()) {
            throw new ConfigException("threshold: " + threshold.publicShares().size() + " public shares for "
                    + replicas.size() + " replicas");
        }
    }

    public int replicaCount() {
        return replicas.size();
    }

    public int clientCount() {
        return clientPublicKeys.size();
    }

    public ReplicaEndpoint replica(int id) {
        if (id < 0 || id >= replicas.size()) {
            throw new ConfigException("no replica " + id + " in the cluster (ids 0.." + (replicas.size() - 1) + ")");
        }
        return replicas.get(id);
    }

    /** Verifiers for every replica's and client's public key. */
    public KeyDirectory keyDirectory(SignatureScheme scheme) {
        PublicKeyVerifier[] r = new PublicKeyVerifier[replicas.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = scheme.verifier(replicas.get(i).publicKey());
        }
        PublicKeyVerifier[] c = new PublicKeyVerifier[clientPublicKeys.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = scheme.verifier(clientPublicKeys.get(i));
        }
        return new KeyDirectory(r, c);
    }

    /** Decoder bounds for this cluster: N, the client count and the frame size from the transport settings. */
    public WireLimits wireLimits() {
        WireLimits d = WireLimits.defaults(replicas.size(), clientPublicKeys.size());
        int frame = Math.min(d.maxFrameBytes(), transport.maxFrameBytes());
        return new WireLimits(d.replicaCount(), d.clientCount(), frame,
                Math.min(d.maxUpdatePayloadBytes(), frame - 1), d.maxUpdatesPerPoRequest(), d.maxPoAckEntries(),
                Math.min(d.maxReplyBytes(), frame - 1), d.maxSignatureBytes(), d.maxListEntries(),
                Math.min(d.maxBlobBytes(), frame - 1));
    }

    public Path replicaKeyFile(int id) {
        return keysDir.resolve("replica-" + id + ".key");
    }

    public Path thresholdShareFile(int id) {
        return keysDir.resolve("replica-" + id + ".bls");
    }

    public Path clientKeyFile(long id) {
        return keysDir.resolve("client-" + id + ".key");
    }

    public Path tlsCertificateFile(int id) {
        return keysDir.resolve("tls").resolve("replica-" + id + ".crt");
    }

    public Path tlsPrivateKeyFile(int id) {
        return keysDir.resolve("tls").resolve("replica-" + id + ".pem");
    }

    public ClusterConfig withTransport(TransportConfig t) {
        return new ClusterConfig(faults, signatureScheme, replicas, clientPublicKeys, threshold, protocol, t, kv, keysDir);
    }

    public ClusterConfig withReplicas(List<ReplicaEndpoint> r) {
        return new ClusterConfig(faults, signatureScheme, r, clientPublicKeys, threshold, protocol, transport, kv, keysDir);
    }

    // ------------------------------------------------------------------ YAML

    private static ObjectMapper yaml() {
        ObjectMapper m = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        return m;
    }

    /** Reads and validates a cluster file; {@code keysDir} is resolved against the file's directory. */
    public static ClusterConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            Path base = file.toAbsolutePath().getParent();
            return parse(text, base);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    public static ClusterConfig parse(String text, Path baseDir) {
        ObjectMapper m = yaml();
        JsonNode root;
        try {
            root = m.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("expected a YAML mapping at the top level");
        }
        checkKeys(root, "", List.of("f", "signatureScheme", "keysDir", "replicas", "clientPublicKeys", "threshold",
                "protocol", "transport", "kv"));
        int f = requireInt(root, "f");
        String scheme = root.path("signatureScheme").asText("ed25519");
        Path keysDir = baseDir.resolve(root.path("keysDir").asText("keys")).normalize();
        List<ReplicaEndpoint> replicas = new ArrayList<>();
        JsonNode rs = root.path("replicas");
        if (!rs.isArray()) {
            throw new ConfigException("replicas: expected a list");
        }
        for (JsonNode r : rs) {
            checkKeys(r, "replicas[]", List.of("id", "host", "port", "metricsPort", "publicKey"));
            int id = requireInt(r, "id");
            replicas.add(new ReplicaEndpoint(id, requireText(r, "host"), requireInt(r, "port"),
                    r.path("metricsPort").asInt(0), base64(requireText(r, "publicKey"), "replica " + id + " publicKey")));
        }
        List<byte[]> clients = new ArrayList<>();
        JsonNode cs = root.path("clientPublicKeys");
        if (!cs.isMissingNode()) {
            if (!cs.isArray()) {
                throw new ConfigException("clientPublicKeys: expected a list");
            }
            for (JsonNode c : cs) {
                clients.add(base64(c.asText(), "client " + clients.size() + " public key"));
            }
        }
        ThresholdPublicKeys threshold = null;
        JsonNode t = root.path("threshold");
        if (!t.isMissingNode() && !t.isNull()) {
            checkKeys(t, "threshold", List.of("threshold", "groupPublicKey", "publicShares"));
            List<byte[]> shares = new ArrayList<>();
            for (JsonNode s : t.path("publicShares")) {
                shares.add(base64(s.asText(), "threshold public share"));
            }
            threshold = new ThresholdPublicKeys(requireInt(t, "threshold"), base64(requireText(t, "groupPublicKey"),
                    "threshold groupPublicKey"), shares);
        }
        PrimeConfig protocol = protocolFrom(f, root.path("protocol"));
        TransportConfig transport = overlay(m, TransportConfig.defaults(), root.path("transport"), TransportConfig.class, "transport");
        KvLimits kv = overlay(m, KvLimits.defaults(), root.path("kv"), KvLimits.class, "kv");
        try {
            return new ClusterConfig(f, scheme, replicas, clients, threshold, protocol, transport, kv, keysDir);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** Defaults overlaid with the keys present in {@code section}: unknown keys and bad values are errors. */
    private static <T> T overlay(ObjectMapper m, T defaults, JsonNode section, Class<T> type, String name) {
        if (section.isMissingNode() || section.isNull()) {
            return defaults;
        }
        if (!section.isObject()) {
            throw new ConfigException(name + ": expected a mapping");
        }
        ObjectNode merged = m.valueToTree(defaults);
        Iterator<Map.Entry<String, JsonNode>> it = section.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!merged.has(e.getKey())) {
                throw new ConfigException(name + ": unknown setting '" + e.getKey() + "'; known: " + fieldNames(merged));
            }
            merged.set(e.getKey(), e.getValue());
        }
        try {
            return m.treeToValue(merged, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            Throwable cause = e.getCause();
            while (cause != null && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new ConfigException(name + ": " + (cause instanceof IllegalArgumentException ? cause.getMessage() : msg));
        }
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    /** PrimeConfig has a builder, not a record: each key names a builder method taking one int, long or double. */
    private static PrimeConfig protocolFrom(int f, JsonNode section) {
        PrimeConfig.Builder b;
        try {
            b = PrimeConfig.builder(f);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (!section.isMissingNode() && !section.isNull()) {
            if (!section.isObject()) {
                throw new ConfigException("protocol: expected a mapping");
            }
            Iterator<Map.Entry<String, JsonNode>> it = section.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Method setter = protocolSetter(e.getKey());
                boolean real = setter != null && setter.getParameterTypes()[0] == double.class;
                if (setter == null || !(real ? e.getValue().isNumber() : e.getValue().canConvertToLong())) {
                    throw new ConfigException("protocol: " + (setter == null ? "unknown setting '" + e.getKey()
                            + "'; known: " + String.join(", ", protocolSettingNames())
                            : e.getKey() + (real ? " must be a number" : " must be an integer")));
                }
                try {
                    if (real) {
                        setter.invoke(b, e.getValue().asDouble());
                    } else if (setter.getParameterTypes()[0] == int.class) {
                        long v = e.getValue().asLong();
                        if (v != (int) v) {
                            throw new ConfigException("protocol: " + e.getKey() + " is out of range: " + v);
                        }
                        setter.invoke(b, (int) v);
                    } else {
                        setter.invoke(b, e.getValue().asLong());
                    }
                } catch (ReflectiveOperationException ex) {
                    throw new ConfigException("protocol: cannot set " + e.getKey() + ": " + ex, ex);
                }
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("protocol: " + e.getMessage(), e);
        }
    }

    private static Method protocolSetter(String name) {
        for (Method method : PrimeConfig.Builder.class.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 1
                    && (method.getParameterTypes()[0] == int.class || method.getParameterTypes()[0] == long.class
                        || method.getParameterTypes()[0] == double.class)) {
                return method;
            }
        }
        return null;
    }

    /** The protocol settings a cluster file may set (the PrimeConfig fields other than f and N). */
    public static List<String> protocolSettingNames() {
        List<String> names = new ArrayList<>();
        for (Field field : PrimeConfig.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !field.getName().equals("faults")
                    && !field.getName().equals("replicas") && protocolSetter(field.getName()) != null) {
                names.add(field.getName());
            }
        }
        return names;
    }

    /** Writes this configuration as YAML with every setting spelled out (so an operator sees what is in force). */
    public String toYaml(String headerComment) {
        ObjectMapper m = yaml();
        ObjectNode root = m.createObjectNode();
        root.put("f", faults);
        root.put("signatureScheme", signatureScheme);
        root.put("keysDir", "keys");
        ArrayNode rs = root.putArray("replicas");
        Base64.Encoder b64 = Base64.getEncoder();
        for (ReplicaEndpoint r : replicas) {
            ObjectNode n = rs.addObject();
            n.put("id", r.id());
            n.put("host", r.host());
            n.put("port", r.port());
            n.put("metricsPort", r.metricsPort());
            n.put("publicKey", b64.encodeToString(r.publicKey()));
        }
        ArrayNode cs = root.putArray("clientPublicKeys");
        clientPublicKeys.forEach(k -> cs.add(b64.encodeToString(k)));
        if (threshold != null) {
            ObjectNode t = root.putObject("threshold");
            t.put("threshold", threshold.threshold());
            t.put("groupPublicKey", b64.encodeToString(threshold.groupPublicKey()));
            ArrayNode ps = t.putArray("publicShares");
            threshold.publicShares().forEach(s -> ps.add(b64.encodeToString(s)));
        }
        ObjectNode p = root.putObject("protocol");
        for (String name : protocolSettingNames()) {
            try {
                Object v = PrimeConfig.class.getField(name).get(protocol);
                if (v instanceof Double d) {
                    p.put(name, d);
                } else {
                    p.put(name, ((Number) v).longValue());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        root.set("transport", m.valueToTree(transport));
        root.set("kv", m.valueToTree(kv));
        try {
            StringBuilder sb = new StringBuilder();
            for (String line : headerComment.split("\n")) {
                sb.append("# ").append(line).append('\n');
            }
            return sb + m.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkKeys(JsonNode node, String where, List<String> allowed) {
        if (!node.isObject()) {
            throw new ConfigException((where.isEmpty() ? "file" : where) + ": expected a mapping");
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new ConfigException((where.isEmpty() ? "" : where + ": ") + "unknown key '" + k + "'; known: "
                        + String.join(", ", allowed));
            }
        });
    }

    private static int requireInt(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.canConvertToInt()) {
            throw new ConfigException("'" + key + "' must be an integer");
        }
        return v.asInt();
    }

    private static String requireText(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new ConfigException("'" + key + "' is missing");
        }
        return v.asText();
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(what + " is not valid base64");
        }
    }
}

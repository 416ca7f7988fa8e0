package io.prime.crypto;

import io.prime.core.crypto.KeyDirectory;
import io.prime.core.crypto.PublicKeyVerifier;
import io.prime.core.crypto.SignatureScheme;
import io.prime.core.crypto.SignatureScheme.KeyPair;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Key pairs for N replicas and M clients, either fresh from a {@link SecureRandom} (deployments) or derived from a
 * seed (tests and the simulator, which must replay bit for bit). Returns plain objects; writing them to files is the
 * job of whoever defines the configuration format.
 *
 * <p>Deterministic derivation: the private seed of principal ({@code role}, {@code index}) under master seed
 * {@code s} is {@code SHA-256("prime/keygen/v1" || s || role || index)} with {@code s} as 8 bytes and
 * {@code index} as 4 bytes, big-endian, {@code role} as one byte (0 replica, 1 client). Longer private keys (other
 * schemes) append further blocks with a block counter. Such keys are only as secret as the seed: never deploy them.
 */
public final class KeyGeneration {
    /** Upper bound on replicas or clients per call; well above any deployment, keeps a typo from eating the heap. */
    public static final int MAX_PRINCIPALS = 1 << 20;

    private static final byte[] DERIVATION_LABEL = "prime/keygen/v1".getBytes(StandardCharsets.US_ASCII);

    public enum Role {
        REPLICA((byte) 0),
        CLIENT((byte) 1);

        private final byte code;

        Role(byte code) {
            this.code = code;
        }
    }

    private KeyGeneration() {
    }

    /** Key pairs for replicas {@code 0..N-1} and clients {@code 0..M-1}, indexed by id. */
    public record KeyMaterial(String schemeName, List<KeyPair> replicas, List<KeyPair> clients) {
        public KeyMaterial {
            Objects.requireNonNull(schemeName, "schemeName");
            replicas = List.copyOf(replicas);
            clients = List.copyOf(clients);
        }

        public KeyPair replica(int id) {
            return replicas.get(id);
        }

        public KeyPair client(int id) {
            return clients.get(id);
        }

        /** Verifiers for every public key, as the protocol core expects them. */
        public KeyDirectory keyDirectory(SignatureScheme scheme) {
            PublicKeyVerifier[] replicaVerifiers = new PublicKeyVerifier[replicas.size()];
            for (int i = 0; i < replicaVerifiers.length; i++) {
                replicaVerifiers[i] = scheme.verifier(replicas.get(i).publicKey());
            }
            PublicKeyVerifier[] clientVerifiers = new PublicKeyVerifier[clients.size()];
            for (int i = 0; i < clientVerifiers.length; i++) {
                clientVerifiers[i] = scheme.verifier(clients.get(i).publicKey());
            }
            return new KeyDirectory(replicaVerifiers, clientVerifiers);
        }

        @Override
        public String toString() {
            // Never print private keys, even by accident in a log line.
            return "KeyMaterial[" + schemeName + ", " + replicas.size() + " replicas, " + clients.size() + " clients]";
        }
    }

    /** Fresh keys for a real deployment. */
    public static KeyMaterial generate(SignatureScheme scheme, int replicas, int clients, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        checkCounts(replicas, clients);
        byte[] seed = new byte[scheme.privateKeyLength()];
        List<KeyPair> replicaKeys = new ArrayList<>(replicas);
        for (int i = 0; i < replicas; i++) {
            random.nextBytes(seed);
            replicaKeys.add(scheme.keyPairFromSeed(seed));
        }
        List<KeyPair> clientKeys = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            random.nextBytes(seed);
            clientKeys.add(scheme.keyPairFromSeed(seed));
        }
        Arrays.fill(seed, (byte) 0);
        return new KeyMaterial(scheme.name(), replicaKeys, clientKeys);
    }

    /** Reproducible keys for tests and the simulator: the same seed always gives the same keys. */
    public static KeyMaterial deterministic(SignatureScheme scheme, int replicas, int clients, long seed) {
        checkCounts(replicas, clients);
        List<KeyPair> replicaKeys = new ArrayList<>(replicas);
        for (int i = 0; i < replicas; i++) {
            replicaKeys.add(deterministicKeyPair(scheme, seed, Role.REPLICA, i));
        }
        List<KeyPair> clientKeys = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            clientKeys.add(deterministicKeyPair(scheme, seed, Role.CLIENT, i));
        }
        return new KeyMaterial(scheme.name(), replicaKeys, clientKeys);
    }

    /** The key pair of one principal, without generating everyone else's (a simulated replica needs only its own). */
    public static KeyPair deterministicKeyPair(SignatureScheme scheme, long seed, Role role, int index) {
        byte[] privateSeed = deterministicSeed(seed, role, index, scheme.privateKeyLength());
        try {
            return scheme.keyPairFromSeed(privateSeed);
        } finally {
            Arrays.fill(privateSeed, (byte) 0);
        }
    }

    /** The derivation described in the class comment, producing {@code length} bytes. */
    static byte[] deterministicSeed(long seed, Role role, int index, int length) {
        Objects.requireNonNull(role, "role");
        if (index < 0) {
            throw new IllegalArgumentException("index must be non-negative, got " + index);
        }
        if (length <= 0) {
            throw new IllegalArgumentException("key length must be positive, got " + length);
        }
        MessageDigest sha256 = sha256();
        byte[] out = new byte[length];
        ByteBuffer input = ByteBuffer.allocate(DERIVATION_LABEL.length + 8 + 1 + 4 + 4);
        for (int block = 0, written = 0; written < length; block++) {
            input.clear();
            input.put(DERIVATION_LABEL).putLong(seed).put(role.code).putInt(index);
            if (block > 0) {
                input.putInt(block); // block 0 is exactly SHA-256(label, seed, role, index), as documented
            }
            sha256.update(input.array(), 0, input.position());
            byte[] digest = sha256.digest();
            int n = Math.min(digest.length, length - written);
            System.arraycopy(digest, 0, out, written, n);
            written += n;
        }
        return out;
    }

    private static void checkCounts(int replicas, int clients) {
        if (replicas < 0 || replicas > MAX_PRINCIPALS || clients < 0 || clients > MAX_PRINCIPALS) {
            throw new IllegalArgumentException("replica and client counts must be in [0, " + MAX_PRINCIPALS
                    + "], got " + replicas + " replicas and " + clients + " clients");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

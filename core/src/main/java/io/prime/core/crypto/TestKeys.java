package io.prime.core.crypto;

/**
 * Deterministic key material for N replicas and M clients derived from one seed: what the simulator and tests use.
 * Real deployments generate keys from a SecureRandom (prime-crypto's key generation).
 */
public final class TestKeys {
    private final SignatureScheme scheme;
    private final SignatureScheme.KeyPair[] replicas;
    private final SignatureScheme.KeyPair[] clients;
    private final KeyDirectory directory;

    public TestKeys(SignatureScheme scheme, int replicaCount, int clientCount, long seed) {
        this.scheme = scheme;
        Hasher hasher = new Hasher();
        this.replicas = new SignatureScheme.KeyPair[replicaCount];
        this.clients = new SignatureScheme.KeyPair[clientCount];
        PublicKeyVerifier[] replicaVerifiers = new PublicKeyVerifier[replicaCount];
        PublicKeyVerifier[] clientVerifiers = new PublicKeyVerifier[clientCount];
        for (int i = 0; i < replicaCount; i++) {
            replicas[i] = scheme.keyPairFromSeed(seedFor(hasher, seed, 'r', i, scheme.privateKeyLength()));
            replicaVerifiers[i] = scheme.verifier(replicas[i].publicKey());
        }
        for (int c = 0; c < clientCount; c++) {
            clients[c] = scheme.keyPairFromSeed(seedFor(hasher, seed, 'c', c, scheme.privateKeyLength()));
            clientVerifiers[c] = scheme.verifier(clients[c].publicKey());
        }
        this.directory = new KeyDirectory(replicaVerifiers, clientVerifiers);
    }

    private static byte[] seedFor(Hasher hasher, long seed, char role, int index, int length) {
        byte[] input = new byte[8 + 1 + 4];
        for (int i = 0; i < 8; i++) {
            input[i] = (byte) (seed >>> (56 - 8 * i));
        }
        input[8] = (byte) role;
        for (int i = 0; i < 4; i++) {
            input[9 + i] = (byte) (index >>> (24 - 8 * i));
        }
        byte[] d = hasher.digest(input).toByteArray();
        if (length == d.length) {
            return d;
        }
        byte[] out = new byte[length];
        System.arraycopy(d, 0, out, 0, Math.min(length, d.length));
        return out;
    }

    public SignatureScheme scheme() {
        return scheme;
    }

    public Signer replicaSigner(int replica) {
        return scheme.signer(replicas[replica].privateKey());
    }

    public Signer clientSigner(int client) {
        return scheme.signer(clients[client].privateKey());
    }

    public KeyDirectory directory() {
        return directory;
    }
}

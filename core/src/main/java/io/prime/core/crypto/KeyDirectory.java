package io.prime.core.crypto;

import java.util.Objects;

/**
 * The public keys of every principal: replicas {@code 0..N-1} and clients {@code 0..M-1}. Verifying a signature by
 * an unknown principal fails (and the caller counts it as "not a member"), so an unknown sender never costs a
 * verification.
 */
public final class KeyDirectory {
    private final PublicKeyVerifier[] replicas;
    private final PublicKeyVerifier[] clients;

    public KeyDirectory(PublicKeyVerifier[] replicas, PublicKeyVerifier[] clients) {
        this.replicas = replicas.clone();
        this.clients = clients.clone();
        for (PublicKeyVerifier v : this.replicas) {
            Objects.requireNonNull(v, "every replica needs a public key");
        }
        for (PublicKeyVerifier v : this.clients) {
            Objects.requireNonNull(v, "every client needs a public key");
        }
    }

    public int replicaCount() {
        return replicas.length;
    }

    public int clientCount() {
        return clients.length;
    }

    public boolean isReplica(int id) {
        return id >= 0 && id < replicas.length;
    }

    public boolean isClient(long id) {
        return id >= 0 && id < clients.length;
    }

    public boolean verifyReplica(int replica, byte[] data, int offset, int length, byte[] signature) {
        return isReplica(replica) && replicas[replica].verify(data, offset, length, signature);
    }

    public boolean verifyClient(long client, byte[] data, int offset, int length, byte[] signature) {
        return isClient(client) && clients[(int) client].verify(data, offset, length, signature);
    }
}

package io.prime.core.app;

import io.prime.core.crypto.Digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A minimal deterministic application used by the simulator and tests: its state is a running digest of every update
 * applied (state = SHA-256(state, client, request, payload)), and each reply is the first 8 bytes of the new state.
 * Replicas that diverge in any way reply differently, so clients never collect f+1 matching replies for a diverged
 * history.
 */
public final class HashChainStateMachine implements StateMachine {
    private final MessageDigest sha256;
    private byte[] state = new byte[Digest.LENGTH];
    private final byte[] header = new byte[16];

    public HashChainStateMachine() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] execute(ExecutionContext context, byte[] payload) {
        long client = context.clientId();
        long request = context.requestNumber();
        for (int i = 0; i < 8; i++) {
            header[i] = (byte) (client >>> (56 - 8 * i));
            header[8 + i] = (byte) (request >>> (56 - 8 * i));
        }
        sha256.update(state);
        sha256.update(header);
        sha256.update(payload);
        state = sha256.digest();
        byte[] reply = new byte[8];
        System.arraycopy(state, 0, reply, 0, 8);
        return reply;
    }

    @Override
    public byte[] snapshot() {
        return state.clone();
    }

    @Override
    public void restore(byte[] snapshot) {
        if (snapshot.length != Digest.LENGTH) {
            throw new IllegalArgumentException("snapshot must be " + Digest.LENGTH + " bytes");
        }
        state = snapshot.clone();
    }

    public Digest state() {
        return Digest.of(state);
    }
}

package io.prime.core.app;

import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;

/**
 * A minimal deterministic application used by the simulator and tests: its state is a running digest of every update
 * applied, and each reply is the first 8 bytes of the new state. Replicas that diverge in any way reply differently,
 * so clients never collect f+1 matching replies for a diverged history.
 */
public final class HashChainStateMachine implements StateMachine {
    private final Hasher hasher = new Hasher();
    private byte[] state = new byte[Digest.LENGTH];

    @Override
    public byte[] execute(ExecutionContext context, byte[] payload) {
        byte[] input = new byte[state.length + 16 + payload.length];
        System.arraycopy(state, 0, input, 0, state.length);
        long client = context.clientId();
        long request = context.requestNumber();
        for (int i = 0; i < 8; i++) {
            input[state.length + i] = (byte) (client >>> (56 - 8 * i));
            input[state.length + 8 + i] = (byte) (request >>> (56 - 8 * i));
        }
        System.arraycopy(payload, 0, input, state.length + 16, payload.length);
        state = hasher.digest(input).toByteArray();
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

package io.prime.pbft.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;

/**
 * ⟨CHECKPOINT, n, D(state), i⟩σi: i executed everything up to n and its state has digest D. 2f+1 matching ones make
 * the checkpoint stable: the log up to n is garbage-collected and the window of sequence numbers moves (Castro-Liskov).
 */
public record Checkpoint(long seq, int sender, Digest state) implements Message {
    public Checkpoint {
        PbftMessages.check(seq >= 1, "seq must be >= 1: " + seq);
        PbftMessages.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PbftMessages.CHECKPOINT;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(seq).u16(sender).digest(state);
    }

    public static Checkpoint decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long seq = r.nonNegative("seq");
        int sender = r.replica("sender", limits.replicaCount());
        return new Checkpoint(seq, sender, r.digest("state digest"));
    }

    @Override
    public String toString() {
        return "PBFT-CHECKPOINT(seq " + seq + ", from " + sender + ")";
    }
}

package io.prime.pbft.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.crypto.Digest;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;

import java.util.List;

/** ⟨FETCH, D(u)..., i⟩σi: i holds a PRE-PREPARE naming these updates but not their bodies; whoever has them answers. */
public record Fetch(int sender, List<Digest> digests) implements Message {
    public Fetch {
        PbftMessages.replica(sender, "sender");
        digests = List.copyOf(digests);
    }

    @Override
    public MessageKind kind() {
        return PbftMessages.FETCH;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 8 + digests.size() * Digest.LENGTH;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender);
        PbftMessages.writeDigests(w, digests);
    }

    public static Fetch decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        return new Fetch(sender, PbftMessages.readDigests(r, limits, "digests"));
    }

    @Override
    public String toString() {
        return "PBFT-FETCH(from " + sender + ", " + digests.size() + " digests)";
    }
}

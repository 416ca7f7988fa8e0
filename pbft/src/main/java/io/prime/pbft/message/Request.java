package io.prime.pbft.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;

import java.util.List;

/**
 * ⟨REQUEST, updates, i⟩σi: server i passes client updates (each with its client's signature) to other servers. Used to
 * disseminate the bodies of updates i's clients submitted (so the PRE-PREPARE can carry digests only, §7), to forward
 * pending updates to the leader (§3.1), and to answer a {@link Fetch}.
 */
public record Request(int sender, List<ClientUpdate> updates) implements Message {
    public Request {
        PbftMessages.replica(sender, "sender");
        updates = List.copyOf(updates);
    }

    @Override
    public MessageKind kind() {
        return PbftMessages.REQUEST;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        int size = 6;
        for (ClientUpdate u : updates) {
            size += u.sizeHint();
        }
        return size;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender);
        PbftMessages.writeUpdates(w, updates);
    }

    public static Request decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        return new Request(sender, PbftMessages.readUpdates(r, limits));
    }

    @Override
    public String toString() {
        return "PBFT-REQUEST(from " + sender + ", " + updates.size() + " updates)";
    }
}

package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/**
 * CATCHUP-REQUEST (not in the paper; needed for liveness after message loss): a replica that has seen later global
 * sequence numbers than it could order asks its peers for the commit certificates above {@code orderedAru}. With
 * {@code needsView} it also asks for the proof and replay of {@code view}, which it knows of but has not installed
 * (it restarted in that view, or missed its view change).
 */
public record CatchupRequest(int sender, long view, long orderedAru, boolean needsView) implements Message {
    public CatchupRequest {
        Ids.replica(sender, "sender");
        Ids.nonNegative(view, "view");
        Ids.nonNegative(orderedAru, "ordered aru");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.CATCHUP_REQUEST;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(sender).i64(view).i64(orderedAru).bool(needsView);
    }

    public static CatchupRequest decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        int sender = r.replica("sender", limits.replicaCount());
        long view = r.nonNegative("view");
        long aru = r.nonNegative("ordered aru");
        return new CatchupRequest(sender, view, aru, r.bool("needs view"));
    }

    @Override
    public String toString() {
        return "CATCHUP-REQUEST(from " + sender + ", view " + view + ", aru " + orderedAru + (needsView ? ", needs view" : "") + ")";
    }
}

package io.prime.core.message;

import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.codec.WireReader;
import io.prime.core.codec.WireWriter;

/** NEW-LEADER (leader election, §4.2 / §5): server i suspects the leader of the view before {@code view} and asks to move to {@code view}. 2f+1 of them preinstall the view; f+1 make a correct server join. */
public record NewLeader(long view, int sender) implements Message {
    public NewLeader {
        Ids.nonNegative(view, "view");
        Ids.replica(sender, "sender");
    }

    @Override
    public MessageKind kind() {
        return PrimeMessages.NEW_LEADER;
    }

    @Override
    public int batchSigner() {
        return sender;
    }

    @Override
    public int sizeHint() {
        return 10;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.i64(view).u16(sender);
    }

    public static NewLeader decode(WireReader r, WireLimits limits) throws MalformedFrameException {
        long view = r.nonNegative("view");
        int sender = r.replica("sender", limits.replicaCount());
        return new NewLeader(view, sender);
    }

    @Override
    public String toString() {
        return "NEW-LEADER(" + "view=" + view + ", " + "sender=" + sender + ")";
    }
}

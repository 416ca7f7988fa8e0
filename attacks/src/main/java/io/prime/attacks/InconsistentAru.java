package io.prime.attacks;

import io.prime.core.codec.FrameCodec;
import io.prime.core.message.AruVector;
import io.prime.core.message.PoAru;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;

/**
 * {@code inconsistent-aru}: the faulty server sends PO-ARUs that are not consistent with each other to different
 * servers (§4.2, "Blacklisting Servers"). Each PO-ARU it broadcasts goes unchanged to the even-numbered servers; the
 * odd-numbered ones get a re-signed variant that claims one more update from one origin and one fewer from another,
 * so neither is at least as up-to-date as the other. A leader that received one and a server that received the
 * other disagree about its row; without blacklisting that could make a correct leader look as if it ignored a
 * PROOF-MATRIX. Defence: the first correct server to hold both (in Last_PO_Aru, or in a PRE-PREPARE against its
 * PROOF-MATRIX) blacklists the sender and broadcasts the pair; every correct server blacklists it and freezes its row.
 */
public final class InconsistentAru implements Behaviour {
    public static final String NAME = "inconsistent-aru";

    private final AttackContext ctx;

    public InconsistentAru(AttackContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * A vector inconsistent with {@code v}: one origin's entry raised by one, another's (with a positive entry)
     * lowered by one; null if every entry is zero (nothing to lower yet).
     */
    public static AruVector inconsistentWith(AruVector v) {
        long[] e = v.toArray();
        int lower = -1;
        for (int i = 0; i < e.length; i++) {
            if (e[i] > 0) {
                lower = i;
                break;
            }
        }
        if (lower < 0) {
            return null;
        }
        int raise = (lower + 1) % e.length;
        e[lower]--;
        e[raise]++;
        return AruVector.of(e);
    }

    private static long oddMask(int n) {
        long m = 0;
        for (int i = 1; i < n; i += 2) {
            m |= 1L << i;
        }
        return m;
    }

    @Override
    public void outputs(Outputs honest, long nowNanos, Emitter out) {
        long odd = oddMask(ctx.n());
        for (Outbound o : honest.messages()) {
            if (!o.toClient() && o.frame().message() instanceof PoAru a && a.sender() == ctx.self()) {
                AruVector other = inconsistentWith(a.vector());
                if (other != null && (o.replicaMask() & odd) != 0) {
                    PoAru forked = new PoAru(ctx.self(), other, ctx.signer().sign(PoAru.signedBytes(ctx.self(), other)));
                    long even = o.replicaMask() & ~odd;
                    if (even != 0) {
                        out.send(Outbound.toReplicas(o.frame(), even));
                    }
                    out.send(Outbound.toReplicas(FrameCodec.selfSigned(forked), o.replicaMask() & odd));
                    continue;
                }
            }
            out.send(o);
        }
    }
}

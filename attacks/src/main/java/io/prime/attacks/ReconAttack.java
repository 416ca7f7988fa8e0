package io.prime.attacks;

import io.prime.core.message.PoRequest;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code recon}: the paper's reconciliation attack (§7, "Attack Strategies"; defence §4.1, "Reconciliation").
 *
 * <ul>
 *   <li>As origin, the faulty server does not send its PO-REQUESTs to f of the correct servers (always the same f:
 *       the correct servers with the highest ids, e.g. 2 of 0..2 with N = 4, 3 and 4 of 0..4 with N = 7); the others
 *       still certify them (f+1 correct and the faulty ones give 2f acknowledgements) and they become eligible, so the
 *       deprived servers must rebuild every one from erasure-coded parts. (Depriving a different f servers for each
 *       request would also chain the requests: a request would become eligible only after the previous one was
 *       reconciled, since too few PO-ARUs would cover it — a latency attack on the faulty server's own clients that
 *       the paper's bandwidth attack does not use.)</li>
 *   <li>It acknowledges only PO-REQUESTs of faulty servers: PO-REQUESTs from correct origins are dropped on arrival,
 *       so its PO-ARUs never cover them (until reconciliation gives them to it) and the correct servers must send it
 *       parts of every update of a correct origin.</li>
 * </ul>
 * Every update thus needs a reconciliation step somewhere, which costs about as much outgoing bandwidth as its
 * dissemination: the paper reports roughly half the fault-free throughput.
 */
public final class ReconAttack implements Behaviour {
    public static final String NAME = "recon";

    private final AttackContext ctx;
    private final List<Integer> correct;

    public ReconAttack(AttackContext ctx) {
        this.ctx = ctx;
        this.correct = ctx.correctIds();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The correct servers denied PO-REQUEST (self, poSeq), as a mask: the f correct servers with the highest ids. */
    public long withheldFrom(long poSeq) {
        long mask = 0;
        int m = correct.size();
        for (int j = 0; j < Math.min(ctx.f(), m); j++) {
            mask |= 1L << correct.get(m - 1 - j);
        }
        return mask;
    }

    @Override
    public List<Input> inputs(List<Input> inputs, long nowNanos) {
        List<Input> out = new ArrayList<>(inputs.size());
        for (Input in : inputs) {
            if (in instanceof Input.FromReplica r && r.frame().message() instanceof PoRequest q && !ctx.isFaulty(q.origin())) {
                continue; // acknowledge only each other's PO-REQUESTs
            }
            out.add(in);
        }
        return out;
    }

    @Override
    public void outputs(Outputs honest, long nowNanos, Emitter out) {
        for (Outbound o : honest.messages()) {
            if (!o.toClient() && o.frame().message() instanceof PoRequest q && q.origin() == ctx.self()) {
                long mask = o.replicaMask() & ~withheldFrom(q.poSeq());
                if (mask != 0) {
                    out.send(Outbound.toReplicas(o.frame(), mask));
                }
                continue;
            }
            out.send(o);
        }
    }
}

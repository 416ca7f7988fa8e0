package io.prime.pbft.attack;

import io.prime.core.Rejections;
import io.prime.core.codec.Frame;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.UpdateId;
import io.prime.core.replica.Executed;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
import io.prime.pbft.PbftReplica;
import io.prime.pbft.message.Request;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Attack 1 of paper §3.1, "Pre-Prepare Delay", by a faulty leader wrapped around an honest {@link PbftReplica}. While
 * it leads, it (1) ignores updates its own clients send it and every update forwarded by servers outside a set S of
 * f+1 correct servers, (2) keeps, for each server r in S, a FIFO of the updates r forwarded, and (3) lets its honest
 * core PRE-PREPARE the first update of each such queue TO − ε after that update became the head of r's queue (as the
 * leader estimates it: when the previous head executed, or when r forwarded it to an empty queue, one link latency
 * earlier), where TO is the suspicion timeout in force. So each server of S executes its head just inside its
 * timeout and never votes against the leader; the f servers outside S may vote, which is not enough (f < f+1).
 * Throughput collapses to about f+1 updates per TO. When it is not the leader, the replica is honest.
 *
 * <p>With f >= 2 the leader also needs f−1 faulty {@link Accomplice}s, so that S, the leader and the accomplices make
 * the 2f+1 servers that keep ordering in its view.
 */
public final class PrePrepareDelayAttack implements ReplicaCore {
    private final PbftReplica honest;
    private final long targetsMask;
    private final long epsilonNanos;
    private final long latencyNanos;
    private final List<ArrayDeque<ClientUpdate>> queues = new ArrayList<>();
    private final long[] headSince;
    /** Per target, the head released to the honest core and not yet executed (null if none). */
    private final UpdateId[] released;
    private long releasedTotal;
    private boolean wasAttacking;
    private long attackStartNanos;
    /** Targets whose queue the attack has heard of since it took power. */
    private final boolean[] heardSinceStart;

    /**
     * @param honest       the faulty server's honest core (it signs and orders what the attack lets through)
     * @param targetsMask  S: the f+1 correct servers whose queues are kept moving
     * @param epsilonNanos ε: how long before a queue head's timeout the leader PRE-PREPAREs it; must cover the
     *                     ordering latency (PRE-PREPARE, PREPARE, COMMIT) plus one link latency
     * @param latencyNanos the leader's estimate of one link latency (when a forwarded update left its server)
     */
    public PrePrepareDelayAttack(PbftReplica honest, long targetsMask, long epsilonNanos, long latencyNanos) {
        this.honest = honest;
        this.targetsMask = targetsMask;
        this.epsilonNanos = epsilonNanos;
        this.latencyNanos = latencyNanos;
        int n = honest.config().replicas;
        for (int i = 0; i < n; i++) {
            queues.add(new ArrayDeque<>());
        }
        this.headSince = new long[n];
        this.released = new UpdateId[n];
        this.heardSinceStart = new boolean[n];
    }

    /** S by default: the first f+1 servers, in id order, that are neither the attacker nor in {@code faultyMask}. */
    public static long defaultTargets(int self, int replicas, int faults, long faultyMask) {
        long mask = 0;
        for (int r = 0; r < replicas && Long.bitCount(mask) < faults + 1; r++) {
            if (r != self && (faultyMask & (1L << r)) == 0) {
                mask |= 1L << r;
            }
        }
        return mask;
    }

    private boolean attacking() {
        return honest.active() && honest.isLeader();
    }

    @Override
    public int id() {
        return honest.id();
    }

    @Override
    public Outputs step(List<Input> inputs, long nowNanos) {
        if (!attacking()) {
            clearQueues();
            wasAttacking = false;
            Outputs out = honest.step(inputs, nowNanos);
            if (attacking()) {
                // just installed as leader: every server restarted its timer when it installed the view, after us
                wasAttacking = true;
                attackStartNanos = nowNanos;
                java.util.Arrays.fill(heardSinceStart, false);
            }
            return out;
        }
        if (!wasAttacking) {
            wasAttacking = true;
            attackStartNanos = nowNanos;
            java.util.Arrays.fill(heardSinceStart, false);
        }
        List<Input> passed = new ArrayList<>(inputs.size() + 4);
        for (Input in : inputs) {
            if (in instanceof Input.FromClient) {
                continue; // a malicious leader ignores updates sent directly by clients (§3.1)
            }
            if (in instanceof Input.FromReplica r && r.frame().message() instanceof Request req) {
                int from = req.sender();
                if ((targetsMask & (1L << from)) != 0) {
                    for (ClientUpdate u : req.updates()) {
                        track(from, u, nowNanos);
                    }
                }
                continue; // withheld: the honest core only learns of what the attack releases
            }
            passed.add(in);
        }
        long timeout = honest.timeoutNanos();
        for (int r = 0; r < queues.size(); r++) {
            ArrayDeque<ClientUpdate> q = queues.get(r);
            dropExecuted(r, q, nowNanos);
            if (!q.isEmpty() && released[r] == null && nowNanos >= headSince[r] + timeout - epsilonNanos) {
                released[r] = q.peekFirst().id();
                passed.add(new Input.FromClient(q.peekFirst()));
                releasedTotal++;
            }
        }
        Outputs out = honest.step(passed, nowNanos);
        Set<UpdateId> done = new HashSet<>();
        for (Executed e : out.executed()) {
            done.add(e.updateId());
        }
        for (int r = 0; r < queues.size(); r++) {
            ArrayDeque<ClientUpdate> q = queues.get(r);
            if (!q.isEmpty() && done.contains(q.peekFirst().id())) {
                q.pollFirst();
                released[r] = null;
                headSince[r] = nowNanos; // the server's own timer restarts about now
            }
            q.removeIf(u -> done.contains(u.id())); // a non-head execution does not touch the timer
            if (released[r] != null && done.contains(released[r])) {
                released[r] = null;
            }
        }
        return new Outputs(out.messages(), out.executed(), out.events(), Math.min(out.nextWakeupNanos(), nextRelease(timeout, nowNanos)));
    }

    private void track(int from, ClientUpdate u, long nowNanos) {
        if (honest.alreadyExecuted(u.id())) {
            return;
        }
        ArrayDeque<ClientUpdate> q = queues.get(from);
        for (ClientUpdate x : q) {
            if (x.id().equals(u.id())) {
                return;
            }
        }
        if (q.isEmpty()) {
            headSince[from] = nowNanos - latencyNanos;
            if (!heardSinceStart[from]) {
                // the server's timer may have run since it installed our view (it re-forwards its queue then)
                headSince[from] = Math.min(headSince[from], attackStartNanos);
            }
        }
        heardSinceStart[from] = true;
        q.addLast(u);
    }

    private void dropExecuted(int r, ArrayDeque<ClientUpdate> q, long nowNanos) {
        while (!q.isEmpty() && honest.alreadyExecuted(q.peekFirst().id())) {
            q.pollFirst();
            released[r] = null;
            headSince[r] = nowNanos;
        }
    }

    private long nextRelease(long timeout, long nowNanos) {
        long next = Long.MAX_VALUE;
        for (int r = 0; r < queues.size(); r++) {
            if (!queues.get(r).isEmpty() && released[r] == null) {
                next = Math.min(next, Math.max(nowNanos + 1, headSince[r] + timeout - epsilonNanos));
            }
        }
        return next;
    }

    private void clearQueues() {
        for (int r = 0; r < queues.size(); r++) {
            queues.get(r).clear();
            released[r] = null;
        }
    }

    /** The attack's view of each target's queue, for failure traces. */
    public String describe() {
        StringBuilder sb = new StringBuilder("delaying leader " + honest.id() + ", released " + releasedTotal);
        for (int r = 0; r < queues.size(); r++) {
            if ((targetsMask & (1L << r)) != 0) {
                sb.append("\n  target ").append(r).append(": head since ").append(headSince[r] / 1_000_000).append(" ms, released ")
                        .append(released[r]).append(", queue");
                queues.get(r).forEach(u -> sb.append(' ').append(u.id()));
            }
        }
        return sb.toString();
    }

    /** Updates the attack let the honest core order. */
    public long released() {
        return releasedTotal;
    }

    public PbftReplica honest() {
        return honest;
    }

    @Override
    public Rejections rejections() {
        return honest.rejections();
    }

    @Override
    public ReplicaStatus status() {
        return honest.status();
    }

    /** The frames a step sends (for tests). */
    static List<Frame> frames(Outputs out) {
        List<Frame> frames = new ArrayList<>();
        out.messages().forEach(o -> frames.add(o.frame()));
        return frames;
    }
}

package io.prime.attacks;

import io.prime.core.codec.Frame;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.ProofMatrix;
import io.prime.core.message.RttMeasure;
import io.prime.core.message.TatMeasure;
import io.prime.core.order.MatrixRules;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.PrimeReplica;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * {@code leader-delay}: the paper's attack on Prime (§7, "Attack Strategies"; Fig. 2B). While its replica leads the
 * current view, the faulty leader
 *
 * <ol>
 *   <li><b>ignores PO-ARUs</b>: they are dropped on input, so its Last_PO_Aru advances only from PROOF-MATRIX messages
 *       (one round later than from the PO-ARUs themselves);</li>
 *   <li><b>answers PROOF-MATRIX messages as late as it can without being suspected</b>: each PRE-PREPARE its honest core
 *       proposes is held, and released (with those before it) just before the oldest PROOF-MATRIX it must cover would
 *       reach a turnaround of TAT_acceptable at its sender, less a safety margin. TAT_acceptable is what the faulty
 *       leader's own core computes from the TAT-UB messages it receives ({@link PrimeReplica#tatAcceptableMicros()});
 *       the one-way latency to each server is half the round trip that server reported in its RTT-MEASURE;</li>
 *   <li><b>sends its PRE-PREPARE to one correct server only</b> (the correct server with the lowest id): PRE-PREPARE
 *       flooding (§4.2) brings it to the others one round later. Where that extra round does not fit in a server's
 *       budget (with K_Lat = 1 it usually does not: the budget is about 2L + Δpp, the flooded path 3L), that server
 *       gets the PRE-PREPARE directly too, so the leader stays in power.</li>
 * </ol>
 *
 * The margin starts at an eighth of TAT_acceptable plus 2 ms and grows by the excess whenever a server's TAT-MEASURE
 * (which every server broadcasts, so the attacker sees them too) shows a turnaround above the target.
 *
 * <p>Mode {@link Mode#GREEDY} ({@code leader-delay-greedy}) aims at twice TAT_acceptable and always sends to one
 * correct server only: every correct server measures turnarounds above what it accepts and the leader is replaced
 * (Property 4.1). {@code timeout-inflation} is {@link Mode#WITHIN_BOUND} on the leader of view 3, after instability
 * ended views 0-2 (§3.2).
 */
public final class LeaderDelay implements Behaviour {
    public static final String NAME = "leader-delay";
    public static final String GREEDY_NAME = "leader-delay-greedy";
    public static final String TIMEOUT_INFLATION_NAME = "timeout-inflation";
    /** The view whose leader {@code timeout-inflation} is: as many view changes as the PBFT scenario's inflations. */
    public static final long TIMEOUT_INFLATION_VIEW = 3;

    public enum Mode {
        /** As late as TAT_acceptable allows, less a margin: stays in power. */
        WITHIN_BOUND,
        /** Twice as late as TAT_acceptable allows: gets replaced. */
        GREEDY
    }

    private record Held(long seq, Frame frame, PoAruMatrix matrix) {
    }

    /** A PROOF-MATRIX its sender is waiting to see covered, with the time by which a covering PRE-PREPARE must leave. */
    private record Pending(int sender, long receivedNanos, long deadlineNanos, boolean direct, PoAruMatrix matrix) {
    }

    private static final int MAX_PENDING = 4096;

    private final AttackContext ctx;
    private final Mode mode;
    private final String name;
    /** The correct server that gets every PRE-PREPARE (and floods it). */
    private final int relay;
    /** Latest round trip each server reported for us (RTT-MEASURE), in nanoseconds; 0 if none yet. */
    private final long[] rttNanos;
    /** Largest TAT-MEASURE seen from each server this view, in nanoseconds. */
    private final long[] reportedTatNanos;

    private long view = -1;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final List<Pending> pending = new ArrayList<>();
    /** Sequence numbers up to here have been released, with these destinations (for retransmissions). */
    private long releasedUpTo;
    private long lastReleaseMask;
    private PoAruMatrix lastReleased;
    /** Extra margin learnt from the TAT-MEASURE reports, in nanoseconds, and when reports reflect it. */
    private long learntMarginNanos;
    private long marginSettledNanos;
    private long nextWakeupNanos = Long.MAX_VALUE;

    // counters, for tests and reports
    private long releases;
    private long directReleases;
    private long droppedPoArus;
    private long answered;
    private long answerDelayNanos;

    public LeaderDelay(AttackContext ctx, Mode mode, String name) {
        this.ctx = ctx;
        this.mode = mode;
        this.name = name;
        int r = -1;
        for (int id : ctx.correctIds()) {
            if (id != ctx.self()) {
                r = id;
                break;
            }
        }
        this.relay = r;
        this.rttNanos = new long[ctx.n()];
        this.reportedTatNanos = new long[ctx.n()];
    }

    @Override
    public String name() {
        return name;
    }

    /** The correct server that receives every PRE-PREPARE first. */
    public int relay() {
        return relay;
    }

    /** PRE-PREPARE batches released so far, and how many of them also went directly to servers besides the relay. */
    public long releases() {
        return releases;
    }

    public long directReleases() {
        return directReleases;
    }

    public long droppedPoArus() {
        return droppedPoArus;
    }

    /** PROOF-MATRIX messages answered (covered by a released PRE-PREPARE) and their mean delay at the leader. */
    public long answeredProofMatrices() {
        return answered;
    }

    public double meanAnswerDelayMillis() {
        return answered == 0 ? 0 : answerDelayNanos / 1e6 / answered;
    }

    /** The attacker's estimates, for traces: TAT_acceptable, margin, one-way latencies, reported TATs. */
    public String describe() {
        long acceptable = ctx.tatAcceptableNanos();
        StringBuilder sb = new StringBuilder("TAT_acceptable ")
                .append(acceptable == Long.MAX_VALUE ? "unknown" : acceptable / 1_000_000.0 + " ms")
                .append(", margin ").append(acceptable == Long.MAX_VALUE ? 0 : marginNanos(acceptable) / 1e6).append(" ms (learnt ")
                .append(learntMarginNanos / 1e6).append(" ms), relay ").append(relay).append(", one-way ms [");
        for (int i = 0; i < ctx.n(); i++) {
            sb.append(i == 0 ? "" : " ").append(oneWayNanos(i) / 1e6);
        }
        sb.append("], reported TATs ms [");
        for (int i = 0; i < ctx.n(); i++) {
            sb.append(i == 0 ? "" : " ").append(reportedTatNanos[i] / 1e6);
        }
        return sb.append(']').toString();
    }

    public int heldPrePrepares() {
        return held.size();
    }

    private void syncView() {
        long v = ctx.view();
        if (v != view) {
            view = v;
            held.clear();
            pending.clear();
            releasedUpTo = 0;
            lastReleaseMask = 0;
            lastReleased = null;
            Arrays.fill(reportedTatNanos, 0);
            nextWakeupNanos = Long.MAX_VALUE;
        }
    }

    // ------------------------------------------------------------------ inputs

    @Override
    public List<Input> inputs(List<Input> inputs, long nowNanos) {
        syncView();
        if (!ctx.isLeader()) {
            return inputs;
        }
        List<Input> out = new ArrayList<>(inputs.size());
        for (Input in : inputs) {
            if (in instanceof Input.FromReplica r) {
                Object m = r.frame().message();
                if (m instanceof PoAru a && a.sender() != ctx.self()) {
                    droppedPoArus++;
                    continue; // ignore PO-ARUs: Last_PO_Aru advances only from PROOF-MATRIX messages
                }
                if (m instanceof ProofMatrix pm && pm.view() == view && pm.sender() != ctx.self()) {
                    proofMatrix(pm, nowNanos);
                } else if (m instanceof RttMeasure x && x.target() == ctx.self() && x.view() == view) {
                    rttNanos[x.sender()] = Math.max(1, x.rttMicros() * 1_000);
                } else if (m instanceof TatMeasure x && x.view() == view && x.sender() != ctx.self()) {
                    tatReported(x.sender(), x.maxTatMicros() * 1_000, nowNanos);
                }
            }
            out.add(in);
        }
        return out;
    }

    private long blacklistMask() {
        PrimeReplica p = ctx.prime();
        return p == null ? 0 : p.blacklist().mask();
    }

    private long oneWayNanos(int server) {
        return rttNanos[server] / 2;
    }

    private long maxOneWayNanos() {
        long max = 0;
        for (int i = 0; i < ctx.n(); i++) {
            if (i != ctx.self()) {
                max = Math.max(max, oneWayNanos(i));
            }
        }
        return max;
    }

    private long marginNanos(long acceptable) {
        return acceptable / 8 + 2_000_000 + learntMarginNanos;
    }

    /**
     * A server's TAT-MEASURE grew. If the turnaround it reports passed the target (TAT_acceptable less the margin), the
     * estimates were too optimistic by that much: the margin grows by the excess. Reports are running maxima, so for a
     * while after a change they still show turnarounds produced under the old margin: those are ignored.
     */
    private void tatReported(int server, long tatNanos, long nowNanos) {
        if (tatNanos <= reportedTatNanos[server]) {
            return;
        }
        reportedTatNanos[server] = tatNanos;
        long acceptable = ctx.tatAcceptableNanos();
        if (mode == Mode.GREEDY || acceptable == Long.MAX_VALUE || nowNanos < marginSettledNanos) {
            return;
        }
        long target = acceptable - marginNanos(acceptable);
        if (tatNanos > target) {
            learntMarginNanos = Math.min(acceptable / 2, learntMarginNanos + (tatNanos - target) + 500_000);
            marginSettledNanos = nowNanos + acceptable + 2 * ctx.config().tatReportPeriodMicros * 1_000;
        }
    }

    /**
     * A PROOF-MATRIX arrived: its sender started a turnaround when it sent it, about one one-way latency ago, unless
     * what we already released covers it. The covering PRE-PREPARE must reach it within its budget: through the relay
     * (two hops) if that fits, else directly.
     */
    private void proofMatrix(ProofMatrix pm, long nowNanos) {
        if (lastReleased != null && MatrixRules.covers(lastReleased, pm.matrix(), blacklistMask())) {
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            pending.remove(0); // bounded memory; the oldest entries are long overdue anyway
        }
        long acceptable = ctx.tatAcceptableNanos();
        int j = pm.sender();
        if (acceptable == Long.MAX_VALUE || rttNanos[j] == 0 || relay < 0 || rttNanos[relay] == 0) {
            pending.add(new Pending(j, nowNanos, nowNanos, true, pm.matrix())); // nothing known: answer at once, directly
            return;
        }
        long sentAt = nowNanos - oneWayNanos(j);
        long budget = mode == Mode.GREEDY ? 2 * acceptable : acceptable - marginNanos(acceptable);
        long viaRelay = j == relay ? oneWayNanos(relay) : oneWayNanos(relay) + maxOneWayNanos();
        long relayDeadline = sentAt + budget - viaRelay;
        if (mode == Mode.GREEDY || relayDeadline >= nowNanos + ctx.config().prePreparePeriodMicros * 1_000) {
            pending.add(new Pending(j, nowNanos, relayDeadline, false, pm.matrix()));
        } else {
            pending.add(new Pending(j, nowNanos, sentAt + budget - oneWayNanos(j), true, pm.matrix()));
        }
    }

    // ------------------------------------------------------------------ outputs

    @Override
    public void outputs(Outputs honest, long nowNanos, Emitter out) {
        syncView();
        boolean leader = ctx.isLeader();
        for (Outbound o : honest.messages()) {
            if (leader && !o.toClient() && o.frame().message() instanceof PrePrepare pp && pp.leader() == ctx.self()
                    && pp.view() == view) {
                if (pp.seq() <= releasedUpTo) {
                    // The honest core retransmits a PRE-PREPARE it believes stuck: to the same servers as before.
                    long mask = o.replicaMask() & lastReleaseMask;
                    if (mask != 0) {
                        out.send(Outbound.toReplicas(o.frame(), mask));
                    }
                } else if (held.isEmpty() || held.peekLast().seq() < pp.seq()) {
                    held.add(new Held(pp.seq(), o.frame(), pp.matrix()));
                }
                continue;
            }
            out.send(o);
        }
        release(nowNanos, out);
    }

    /** Releases, in sequence order, the held PRE-PREPAREs whose time has come. */
    private void release(long nowNanos, Emitter out) {
        nextWakeupNanos = Long.MAX_VALUE;
        while (!held.isEmpty()) {
            Pending first = earliest();
            if (first == null) {
                return; // nobody is waiting: keep it for the next PROOF-MATRIX's deadline
            }
            if (first.deadlineNanos() > nowNanos) {
                nextWakeupNanos = first.deadlineNanos();
                return;
            }
            // Release up to the first held PRE-PREPARE that covers the most urgent PROOF-MATRIX (all if none does yet).
            List<Held> batch = new ArrayList<>();
            long blacklist = blacklistMask();
            while (!held.isEmpty()) {
                Held h = held.poll();
                batch.add(h);
                if (MatrixRules.covers(h.matrix(), first.matrix(), blacklist)) {
                    break;
                }
            }
            PoAruMatrix released = batch.get(batch.size() - 1).matrix();
            long mask = relay >= 0 ? 1L << relay : ctx.othersMask();
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (MatrixRules.covers(released, p.matrix(), blacklist)) {
                    if (p.direct()) {
                        mask |= 1L << p.sender();
                    }
                    answered++;
                    answerDelayNanos += nowNanos - p.receivedNanos();
                    it.remove();
                }
            }
            if (first.direct() && !MatrixRules.covers(released, first.matrix(), blacklist)) {
                mask |= 1L << first.sender(); // its covering PRE-PREPARE is not there yet: whatever exists goes directly
            }
            mask &= ctx.othersMask();
            releases++;
            if (Long.bitCount(mask) > 1) {
                directReleases++;
            }
            for (Held h : batch) {
                out.send(Outbound.toReplicas(h.frame(), mask));
            }
            releasedUpTo = batch.get(batch.size() - 1).seq();
            lastReleaseMask = mask;
            lastReleased = released;
        }
    }

    private Pending earliest() {
        Pending first = null;
        for (Pending p : pending) {
            if (first == null || p.deadlineNanos() < first.deadlineNanos()) {
                first = p;
            }
        }
        return first;
    }

    @Override
    public long nextWakeupNanos() {
        return nextWakeupNanos;
    }
}

package io.prime.runtime.edge;

import io.netty.channel.Channel;
import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.edge.Verdict;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.PrimeMessages;
import io.prime.core.replica.Input;
import io.prime.runtime.transport.Identity;
import io.prime.runtime.transport.InboundSink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * The replica's edge (Aeron Cluster's adapter): a pool of workers that decode and verify every inbound frame in
 * parallel, each with its own {@link InboundVerifier} and hasher, sharing one concurrent verification cache. Only
 * verified messages go on to the {@link CoreInbox}.
 *
 * <p>Fairness between origins: each connection is a source with its own bounded queue, and workers serve the sources
 * that have work round-robin, a few frames at a time, so one flooding server or client cannot starve the others.
 * When a source's queue is full its socket stops being read (TCP pushes back on the flooder only), and reading
 * resumes once the queue has drained to half. A source is served by one worker at a time, so the frames of one
 * connection reach the core in the order they arrived.
 */
public final class EdgePool implements InboundSink, AutoCloseable {
    private static final int FRAMES_PER_TURN = 16;
    private static final SourceQueue POISON = new SourceQueue(null, null, null, 1);

    private final LinkedBlockingQueue<SourceQueue> ready = new LinkedBlockingQueue<>();
    private final CoreInbox inbox;
    private final EdgeCounters counters;
    private final int maxFramesPerSource;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    public EdgePool(int threads, Supplier<InboundVerifier> verifiers, CoreInbox inbox, EdgeCounters counters,
                    int maxFramesPerSource, String name) {
        this.inbox = inbox;
        this.counters = counters;
        this.maxFramesPerSource = maxFramesPerSource;
        for (int i = 0; i < threads; i++) {
            InboundVerifier v = verifiers.get();
            Thread t = new Thread(() -> work(v), name + "-edge-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
    }

    public void start() {
        workers.forEach(Thread::start);
    }

    @Override
    public Source open(Identity peer, Channel channel) {
        return new SourceQueue(this, peer, channel, maxFramesPerSource);
    }

    /** One connection's frames awaiting verification. */
    static final class SourceQueue implements Source {
        private final EdgePool pool;
        final Identity peer;
        private final Channel channel;
        private final int max;
        private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
        private boolean scheduled;
        private boolean paused;
        private boolean closed;

        SourceQueue(EdgePool pool, Identity peer, Channel channel, int max) {
            this.pool = pool;
            this.peer = peer;
            this.channel = channel;
            this.max = max;
        }

        @Override
        public void offer(byte[] frame) {
            boolean schedule;
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (frames.size() >= 2 * max) {
                    pool.counters.sourceOverflows.increment();
                    return;
                }
                frames.add(frame);
                if (frames.size() >= max && !paused) {
                    paused = true;
                    channel.config().setAutoRead(false);
                }
                schedule = !scheduled;
                scheduled = true;
            }
            if (schedule) {
                pool.ready.add(this);
            }
        }

        @Override
        public void closed() {
            synchronized (this) {
                closed = true;
                frames.clear();
            }
        }

        /** Takes up to {@code n} frames (worker). */
        synchronized void take(List<byte[]> into, int n) {
            for (int i = 0; i < n && !frames.isEmpty(); i++) {
                into.add(frames.poll());
            }
            if (paused && frames.size() <= max / 2) {
                paused = false;
                channel.config().setAutoRead(true);
            }
        }

        /** After a turn: true if the source must go back into the ready queue (worker). */
        synchronized boolean finishTurn() {
            if (frames.isEmpty() || closed) {
                scheduled = false;
                return false;
            }
            return true;
        }

        synchronized int size() {
            return frames.size();
        }
    }

    private void work(InboundVerifier verifier) {
        List<byte[]> batch = new ArrayList<>(FRAMES_PER_TURN);
        try {
            while (!closed) {
                SourceQueue s = ready.take();
                if (s == POISON) {
                    return;
                }
                batch.clear();
                s.take(batch, FRAMES_PER_TURN);
                for (byte[] bytes : batch) {
                    Input input = verify(verifier, s.peer, bytes);
                    if (input != null) {
                        inbox.put(input);
                    }
                }
                counters.signatureVerifications.add(verifier.takeSignatureVerifications());
                if (s.finishTurn()) {
                    ready.add(s); // to the back of the line: round-robin between sources
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Decodes and authenticates one frame from {@code peer}; null (and a counted reason) if refused. */
    Input verify(InboundVerifier verifier, Identity peer, byte[] bytes) {
        boolean isUpdate = bytes.length > 1 && (bytes[1] & 0xFF) == PrimeMessages.CLIENT_UPDATE.id();
        if (!peer.isReplica() && !isUpdate) {
            // A client may only send updates: refuse anything else before spending a verification on it.
            counters.reject(bytes.length > 1 && verifier.codec().registry().kind(bytes[1] & 0xFF) != null
                    ? RejectReason.UNEXPECTED : RejectReason.MALFORMED);
            return null;
        }
        if (peer.isReplica() && isUpdate) {
            counters.reject(RejectReason.UNEXPECTED); // replicas forward updates inside PO-REQUESTs only
            return null;
        }
        Verdict v = verifier.verify(bytes);
        if (!v.accepted()) {
            counters.reject(v.reason());
            return null;
        }
        Frame f = v.frame();
        counters.verifiedFrames.increment();
        if (peer.isReplica()) {
            return new Input.FromReplica((int) peer.id(), f);
        }
        ClientUpdate u = (ClientUpdate) f.message();
        if (u.clientId() != peer.id()) {
            counters.reject(RejectReason.WRONG_SENDER);
            return null;
        }
        return new Input.FromClient(u);
    }

    /** Sources with frames waiting for a worker. */
    public int readySources() {
        return ready.size();
    }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < workers.size(); i++) {
            ready.add(POISON);
        }
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

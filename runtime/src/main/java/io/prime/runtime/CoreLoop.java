package io.prime.runtime;

import io.prime.core.RejectReason;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.replica.ReplicaStatus;
import io.prime.runtime.edge.CoreInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that runs the protocol core: drain the verified inputs that queued, call {@code step} with all of
 * them (natural batching: the busier the replica, the larger the batch and the fewer signatures per message), hand
 * the outputs to the publisher, and sleep until the next input or the core's {@code nextWakeupNanos}, a real timer
 * here. The core never waits on the network: the publisher only queues.
 */
final class CoreLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CoreLoop.class);
    private static final long STATUS_PERIOD_NANOS = 50_000_000L;

    /** What the core loop does with a step's outputs (transport, metrics, logs). Runs on the core thread. */
    interface Publisher {
        void publish(Outputs outputs, List<Input> inputs, long stepNanos);
    }

    private final ReplicaCore core;
    private final CoreInbox inbox;
    private final Publisher publisher;
    private final int maxBatch;
    private final long minStepIntervalNanos;
    private final long epochNanos = System.nanoTime() - 1;
    private volatile boolean running = true;
    private volatile ReplicaStatus status;
    private volatile Map<RejectReason, Long> coreRejections = Map.of();
    private volatile long steps;
    private volatile Throwable failure;
    private long nextStatusNanos;
    /** A step this long delays every message behind it (and SUSPECT-LEADER measures it): logged, once a second. */
    private static final long SLOW_STEP_NANOS = 20_000_000L;
    private long nextSlowLogNanos;

    CoreLoop(ReplicaCore core, CoreInbox inbox, Publisher publisher, int maxBatch, long minStepIntervalNanos) {
        this.minStepIntervalNanos = minStepIntervalNanos;
        this.core = core;
        this.inbox = inbox;
        this.publisher = publisher;
        this.maxBatch = maxBatch;
        this.status = core.status();
    }

    /** The core's clock: monotonic nanoseconds since this loop was made, starting at 1. */
    long now() {
        return System.nanoTime() - epochNanos;
    }

    @Override
    public void run() {
        List<Input> batch = new ArrayList<>();
        long nextWakeNanos = 0;
        long lastStepNanos = Long.MIN_VALUE / 2;
        try {
            while (running) {
                long now = now();
                if (minStepIntervalNanos > 0 && now - lastStepNanos < minStepIntervalNanos && !inbox.isEmpty()) {
                    // Let more inputs gather: one larger step signs once for all of them.
                    LockSupport.parkNanos(this, lastStepNanos + minStepIntervalNanos - now);
                    continue;
                }
                inbox.drainTo(batch, maxBatch);
                if (batch.isEmpty() && now < nextWakeNanos) {
                    LockSupport.parkNanos(this, nextWakeNanos - now);
                    continue;
                }
                lastStepNanos = now;
                if (batch.isEmpty()) {
                    batch.add(Input.TICK);
                }
                Outputs out = core.step(batch, now);
                long after = now();
                nextWakeNanos = out.nextWakeupNanos();
                publisher.publish(out, batch, after - now);
                if (after - now > SLOW_STEP_NANOS && after >= nextSlowLogNanos) {
                    nextSlowLogNanos = after + 1_000_000_000L;
                    LOG.warn("slow protocol step: {} ms for {} inputs ({})", (after - now) / 1_000_000, batch.size(),
                            describe(batch));
                }
                batch.clear();
                steps++;
                if (after >= nextStatusNanos) {
                    refreshStatus();
                    nextStatusNanos = after + STATUS_PERIOD_NANOS;
                }
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("the protocol core failed; this replica stops", t);
        }
    }

    /** The message kinds in a batch, most frequent first: what an operator needs to see why a step was slow. */
    private static String describe(List<Input> batch) {
        Map<String, Integer> kinds = new java.util.HashMap<>();
        for (Input i : batch) {
            String k = i instanceof Input.FromReplica r ? r.frame().message().getClass().getSimpleName()
                    : i instanceof Input.FromClient ? "ClientUpdate" : "Tick";
            kinds.merge(k, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        kinds.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue()));
        return sb.toString();
    }

    private void refreshStatus() {
        status = core.status();
        EnumMap<RejectReason, Long> r = new EnumMap<>(RejectReason.class);
        r.putAll(core.rejections().snapshot());
        coreRejections = r;
    }

    void stop() {
        running = false;
    }

    ReplicaStatus status() {
        return status;
    }

    Map<RejectReason, Long> coreRejections() {
        return coreRejections;
    }

    long steps() {
        return steps;
    }

    Throwable failure() {
        return failure;
    }
}

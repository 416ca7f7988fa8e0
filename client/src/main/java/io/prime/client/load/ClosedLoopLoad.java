package io.prime.client.load;

import io.prime.client.ClientOptions;
import io.prime.client.ClientRuntime;
import io.prime.client.PrimeClient;
import io.prime.kv.KvOperation;
import io.prime.kv.KvResult;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.KeyFiles;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * A closed-loop KV workload (§7's clients): each client keeps one update in flight, a PUT of its own key with a value
 * that makes the signed update {@code updateBytes} long, and submits the next when the previous completed. Each
 * value carries the client's sequence number, so after the run {@link #verifyAcknowledged()} can check that the last
 * acknowledged write of every client is what the store holds (no acknowledged write lost). Latencies go into an
 * HdrHistogram; completions are counted per second for throughput-over-time plots.
 */
public final class ClosedLoopLoad implements AutoCloseable {
    private final ClientRuntime runtime;
    private final List<PrimeClient> clients = new ArrayList<>();
    private final int valueBytes;
    private final Recorder latency = new Recorder(3_600_000_000L, 3);
    private final Histogram total = new Histogram(3_600_000_000L, 3);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLongArray acknowledged;
    private final int maxSeconds = 3600;
    private final AtomicLongArray perSecond = new AtomicLongArray(maxSeconds);
    private volatile long startNanos;
    private volatile boolean running;
    private volatile boolean measuring = true;
    private LongConsumer onComplete = n -> { };

    /**
     * @param firstClient  the first client id used; clients firstClient .. firstClient+count-1 must have key files
     * @param updateBytes  total payload bytes of each update (the PUT operation with key and value)
     */
    public ClosedLoopLoad(ClusterConfig cluster, int firstClient, int count, int updateBytes, ClientOptions options, int ioThreads) {
        if (firstClient < 0 || firstClient + count > cluster.clientCount()) {
            throw new IllegalArgumentException("clients " + firstClient + ".." + (firstClient + count - 1)
                    + " are not all in the cluster (it has " + cluster.clientCount() + " clients)");
        }
        this.runtime = new ClientRuntime(cluster, ioThreads);
        int overhead = KvOperation.encode(new KvOperation.Put(key(firstClient + count), new byte[0])).length;
        this.valueBytes = Math.max(16, updateBytes - overhead);
        this.acknowledged = new AtomicLongArray(count);
        for (int i = 0; i < count; i++) {
            int id = firstClient + i;
            clients.add(PrimeClient.connect(runtime, id, KeyFiles.readPrivate(cluster.clientKeyFile(id)),
                    options.withMaxOutstanding(1)));
        }
    }

    private static byte[] key(long client) {
        return ("bench/" + client).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] value(long sequence) {
        byte[] v = new byte[valueBytes];
        byte[] s = Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, v, 0, Math.min(s.length, v.length));
        for (int i = s.length; i < v.length; i++) {
            v[i] = '.';
        }
        return v;
    }

    /** Waits until every client is connected to at least f+1 replicas. */
    public boolean awaitConnected(int replicas, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (PrimeClient c : clients) {
            if (!c.awaitConnected(replicas, Math.max(1, deadline - System.currentTimeMillis()))) {
                return false;
            }
        }
        return true;
    }

    /** Called with the running total after each completion (any thread). */
    public ClosedLoopLoad onComplete(LongConsumer listener) {
        this.onComplete = listener;
        return this;
    }

    /** Starts every client's loop. */
    public void start() {
        startNanos = System.nanoTime();
        running = true;
        for (int i = 0; i < clients.size(); i++) {
            next(i, 1);
        }
    }

    private void next(int index, long sequence) {
        if (!running) {
            return;
        }
        PrimeClient c = clients.get(index);
        long t0 = System.nanoTime();
        CompletableFuture<byte[]> f = c.submit(KvOperation.encode(new KvOperation.Put(key(c.clientId()), value(sequence))));
        f.whenComplete((result, error) -> {
            long now = System.nanoTime();
            if (error != null || !KvResult.decode(result).ok()) {
                errors.incrementAndGet();
                next(index, sequence + 1);
                return;
            }
            acknowledged.set(index, sequence);
            if (measuring) {
                latency.recordValue(Math.max(1, (now - t0) / 1_000));
                int second = (int) ((now - startNanos) / 1_000_000_000L);
                if (second < maxSeconds) {
                    perSecond.incrementAndGet(second);
                }
            }
            onComplete.accept(completed.incrementAndGet());
            next(index, sequence + 1);
        });
    }

    /** Latencies since the last call (microseconds), also added to the run's total. */
    public synchronized Histogram intervalLatencyMicros() {
        Histogram h = latency.getIntervalHistogram();
        total.add(h);
        return h;
    }

    /** Every latency recorded so far (microseconds). */
    public synchronized Histogram totalLatencyMicros() {
        total.add(latency.getIntervalHistogram());
        return total.copy();
    }

    /** Drops what was measured so far (after a warm-up). */
    public synchronized void resetMeasurements() {
        latency.reset();
        total.reset();
        completed.set(0);
        errors.set(0);
    }

    public long completed() {
        return completed.get();
    }

    public long errors() {
        return errors.get();
    }

    /** Completions in each second since {@link #start()}. */
    public long[] perSecond(int seconds) {
        long[] out = new long[Math.min(seconds, maxSeconds)];
        for (int i = 0; i < out.length; i++) {
            out[i] = perSecond.get(i);
        }
        return out;
    }

    public long startNanos() {
        return startNanos;
    }

    /** Stops submitting; updates in flight may still complete. */
    public void stop() {
        running = false;
    }

    public long retries() {
        return clients.stream().mapToLong(PrimeClient::retries).sum();
    }

    public int clientCount() {
        return clients.size();
    }

    /**
     * After {@link #stop()}: reads every client's key back (through the ordering) and counts clients whose stored
     * value is older than their last acknowledged write. Zero means no acknowledged write was lost.
     */
    public long verifyAcknowledged() throws Exception {
        measuring = false;
        long lost = 0;
        for (int i = 0; i < clients.size(); i++) {
            PrimeClient c = clients.get(i);
            KvResult r = KvResult.decode(c.submit(KvOperation.encode(new KvOperation.Get(key(c.clientId()))))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS));
            long ack = acknowledged.get(i);
            if (ack == 0) {
                continue;
            }
            long stored = r.value() == null ? 0 : parseSequence(r.value());
            if (stored < ack) {
                lost++;
            }
        }
        return lost;
    }

    private static long parseSequence(byte[] v) {
        long n = 0;
        for (byte b : v) {
            if (b < '0' || b > '9') {
                break;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    @Override
    public void close() {
        running = false;
        clients.forEach(PrimeClient::close);
        runtime.close();
    }
}

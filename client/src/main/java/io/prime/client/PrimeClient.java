package io.prime.client;

import io.netty.channel.EventLoop;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.crypto.Signer;
import io.prime.core.edge.Verdict;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Reply;
import io.prime.runtime.config.ClusterConfig;
import io.prime.runtime.config.KeyFiles;
import io.prime.runtime.transport.Identity;
import io.prime.runtime.transport.LockedSigner;
import io.prime.runtime.transport.TransportCounters;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * An asynchronous Prime client. {@link #submit} signs the payload as an UPDATE with the client's key and sends it to
 * the client's home replica; the returned future completes with the result once f+1 replicas sent matching REPLYs
 * (same request number, global sequence number and result: at least one of them is correct), each reply's batch
 * signature verified. Without enough replies within the retry timeout the same signed update (same request number)
 * goes to every replica, again after each doubled timeout; the replicas execute a (client id, request number) at
 * most once and answer a retry of an executed update with the stored reply, so retries never execute twice.
 *
 * <p>Bounded: at most {@link ClientOptions#maxOutstanding()} updates in flight, and never a request number more than
 * the replicas' exactly-once window ({@code clientWindow}) above the oldest one still in flight (the replicas would
 * otherwise forget the older one's exactly-once record). Further submissions wait in a bounded queue. Thread-safe.
 */
public final class PrimeClient implements AutoCloseable {
    private final long clientId;
    private final ClientRuntime runtime;
    private final boolean ownsRuntime;
    private final ClientOptions options;
    private final Signer signer;
    private final ReplicaConnection[] connections;
    private final EventLoop loop;
    private final int home;
    private final int needed;
    private final int window;
    private final TransportCounters counters = new TransportCounters();
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rejectedReplies = new LongAdder();
    private final Object connectionMonitor = new Object();
    private long nextRequest;
    private volatile boolean closed;

    private record Waiting(byte[] payload, CompletableFuture<byte[]> future) {
    }

    private final class Pending {
        final long request;
        final byte[] frame;
        final CompletableFuture<byte[]> future;
        final Reply[] replies;
        final long deadlineNanos;
        long retryMillis;

        Pending(long request, byte[] frame, CompletableFuture<byte[]> future, int n) {
            this.request = request;
            this.frame = frame;
            this.future = future;
            this.replies = new Reply[n];
            this.retryMillis = options.retryTimeoutMillis();
            this.deadlineNanos = options.requestTimeoutMillis() == 0 ? Long.MAX_VALUE
                    : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.requestTimeoutMillis());
        }
    }

    private PrimeClient(ClientRuntime runtime, boolean ownsRuntime, long clientId, byte[] privateKey, ClientOptions options) {
        ClusterConfig cluster = runtime.cluster();
        if (clientId < 0 || clientId >= cluster.clientCount()) {
            throw new IllegalArgumentException("client id " + clientId + " is not in the cluster (0.." + (cluster.clientCount() - 1) + ")");
        }
        this.clientId = clientId;
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.window = cluster.protocol().clientWindow;
        this.options = options.maxOutstanding() > window ? options.withMaxOutstanding(window) : options;
        this.signer = new LockedSigner(runtime.scheme().signer(privateKey));
        int n = cluster.replicaCount();
        this.home = options.homeReplica() >= 0 ? options.homeReplica() % n : (int) (clientId % n);
        this.needed = cluster.faults() + 1;
        this.nextRequest = options.firstRequestNumber() >= 0 ? options.firstRequestNumber()
                : System.currentTimeMillis() * 1000;
        this.loop = runtime.group().next();
        this.connections = new ReplicaConnection[n];
        for (int i = 0; i < n; i++) {
            connections[i] = new ReplicaConnection(Identity.client(clientId), cluster.replica(i), runtime, signer, loop,
                    counters, this::onFrame, this::connectionChanged);
        }
        for (ReplicaConnection c : connections) {
            c.dial();
        }
    }

    /** A client with its own runtime (one event loop), its key read from the cluster's key directory. */
    public static PrimeClient connect(ClusterConfig cluster, long clientId) {
        return connect(new ClientRuntime(cluster), true, clientId, KeyFiles.readPrivate(cluster.clientKeyFile(clientId)),
                ClientOptions.defaults());
    }

    /** A client sharing {@code runtime} with others (closing the client leaves the runtime open). */
    public static PrimeClient connect(ClientRuntime runtime, long clientId, byte[] privateKey, ClientOptions options) {
        return connect(runtime, false, clientId, privateKey, options);
    }

    private static PrimeClient connect(ClientRuntime runtime, boolean owns, long clientId, byte[] privateKey, ClientOptions options) {
        return new PrimeClient(runtime, owns, clientId, privateKey, options);
    }

    public long clientId() {
        return clientId;
    }

    /** Submits one update; the future completes with the replicated result. */
    public CompletableFuture<byte[]> submit(byte[] payload) {
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new IllegalStateException("client closed"));
            return future;
        }
        boolean sendNow;
        long request = 0;
        synchronized (this) {
            sendNow = waiting.isEmpty() && mayStart();
            if (sendNow) {
                request = nextRequest++;
                pending.put(request, null); // reserves the slot until the signed frame is ready
            } else if (waiting.size() >= options.maxQueued()) {
                future.completeExceptionally(new RejectedExecutionException("client " + clientId + ": "
                        + options.maxQueued() + " submissions already waiting"));
                return future;
            } else {
                waiting.add(new Waiting(payload.clone(), future));
            }
        }
        if (sendNow) {
            start(request, payload.clone(), future);
        }
        return future;
    }

    /** True if another request may go out now (caller holds the lock). */
    private boolean mayStart() {
        if (pending.size() >= options.maxOutstanding()) {
            return false;
        }
        return pending.isEmpty() || nextRequest - pending.firstKey() < window;
    }

    private void start(long request, byte[] payload, CompletableFuture<byte[]> future) {
        byte[] signature = signer.sign(ClientUpdate.signedBytes(clientId, request, payload));
        byte[] frame = FrameCodec.selfSigned(new ClientUpdate(clientId, request, payload, signature)).bytes();
        Pending p = new Pending(request, frame, future, connections.length);
        synchronized (this) {
            pending.put(request, p);
        }
        if (!connections[home].send(frame)) {
            // The home replica is unreachable (crashed, restarting): do not wait for the retry timeout.
            for (ReplicaConnection c : connections) {
                c.send(frame);
            }
        }
        schedule(p);
    }

    private void schedule(Pending p) {
        loop.schedule(() -> onTimer(p), p.retryMillis, TimeUnit.MILLISECONDS);
    }

    private void onTimer(Pending p) {
        synchronized (this) {
            if (pending.get(p.request) != p || closed) {
                return;
            }
            if (System.nanoTime() - p.deadlineNanos >= 0) {
                pending.remove(p.request);
                p.future.completeExceptionally(new TimeoutException("client " + clientId + " request " + p.request
                        + ": no " + needed + " matching replies within " + options.requestTimeoutMillis() + " ms"));
            } else {
                p = retry(p);
            }
        }
        if (p == null) {
            pump();
        } else {
            for (ReplicaConnection c : connections) {
                c.send(p.frame);
            }
            schedule(p);
        }
    }

    private Pending retry(Pending p) {
        retries.increment();
        p.retryMillis = Math.min(options.maxRetryTimeoutMillis(), p.retryMillis * 2);
        return p;
    }

    /** A frame from replica {@code replica}: a REPLY, verified before it counts (event loop). */
    private void onFrame(int replica, byte[] bytes) {
        Frame frame;
        try {
            frame = runtime.codec().decode(bytes);
        } catch (MalformedFrameException e) {
            rejectedReplies.increment();
            return;
        }
        if (!(frame.message() instanceof Reply r) || r.replica() != replica || r.clientId() != clientId) {
            rejectedReplies.increment();
            return;
        }
        synchronized (this) {
            Pending p = pending.get(r.requestNumber());
            if (p == null || p.replies[replica] != null) {
                return; // late, duplicate or unknown: no need to spend a verification on it
            }
        }
        Verdict v = runtime.verifier().verify(frame);
        if (!v.accepted()) {
            rejectedReplies.increment();
            return;
        }
        Pending done = null;
        synchronized (this) {
            Pending p = pending.get(r.requestNumber());
            if (p == null || p.replies[replica] != null) {
                return;
            }
            p.replies[replica] = r;
            int matching = 0;
            for (Reply x : p.replies) {
                if (x != null && x.matches(r)) {
                    matching++;
                }
            }
            if (matching >= needed) {
                pending.remove(r.requestNumber());
                done = p;
            }
        }
        if (done != null) {
            done.future.complete(r.result());
            pump();
        }
    }

    /** Starts waiting submissions while slots are free. */
    private void pump() {
        while (true) {
            Waiting w;
            long request;
            synchronized (this) {
                if (waiting.isEmpty() || !mayStart() || closed) {
                    return;
                }
                w = waiting.poll();
                request = nextRequest++;
                pending.put(request, null);
            }
            start(request, w.payload(), w.future());
        }
    }

    /** Updates in flight. */
    public synchronized int outstanding() {
        return pending.size();
    }

    /** Times an update was re-sent to every replica. */
    public long retries() {
        return retries.sum();
    }

    /** Frames from replicas that were not valid replies for this client (bad signature, wrong sender, malformed). */
    public long rejectedReplies() {
        return rejectedReplies.sum();
    }

    /** Replicas this client is connected to. */
    public int connectedReplicas() {
        int n = 0;
        for (ReplicaConnection c : connections) {
            if (c.connected()) {
                n++;
            }
        }
        return n;
    }

    /** Waits until connected to at least {@code n} replicas (or the timeout). */
    public boolean awaitConnected(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (connectionMonitor) {
            while (connectedReplicas() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(connectionMonitor, left);
            }
        }
        return true;
    }

    private void connectionChanged() {
        synchronized (connectionMonitor) {
            connectionMonitor.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ReplicaConnection c : connections) {
            c.close();
        }
        synchronized (this) {
            for (Pending p : pending.values()) {
                if (p != null) {
                    p.future.completeExceptionally(new IllegalStateException("client closed"));
                }
            }
            for (Waiting w : waiting) {
                w.future().completeExceptionally(new IllegalStateException("client closed"));
            }
            pending.clear();
            waiting.clear();
        }
        if (ownsRuntime) {
            runtime.close();
        }
    }

    @Override
    public String toString() {
        return "PrimeClient[" + clientId + ", home " + home + ", " + Arrays.stream(connections).filter(ReplicaConnection::connected).count()
                + " connected]";
    }
}

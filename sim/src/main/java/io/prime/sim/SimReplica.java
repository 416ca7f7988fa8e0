package io.prime.sim;

import io.prime.core.RejectReason;
import io.prime.core.Rejections;
import io.prime.core.codec.Frame;
import io.prime.core.crypto.Hasher;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.edge.Verdict;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.PrimeMessages;
import io.prime.core.replica.Input;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.ReplicaCore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated server: a protocol core behind its edge verifier, on one CPU. Whatever arrives while the CPU is busy
 * queues; when the CPU is free it takes everything queued as one batch, charges the verification, hashing, signing
 * and per-message costs of the profile, and emits the batch's outputs when that virtual time has passed. This is
 * where batching comes from, as on a real server.
 */
final class SimReplica {
    /**
     * A frame that reached this server. {@code decoded} says whether its message object may be used as is: the
     * simulator hands a correct sender's frame object to its receivers instead of re-decoding identical bytes at each
     * (decoding is tested on its own, and its CPU cost is charged per message); a faulty sender's frames are always
     * decoded from their bytes, so whatever it crafted is refused exactly as on the wire.
     */
    record Arrival(int fromReplica, long fromClient, Frame frame, boolean decoded) {
    }

    final int id;
    final boolean faulty;
    /** Replaced when the replica restarts. */
    ReplicaCore core;
    /** What this replica stored durably (only kept when the run has restarts), from its last snapshot on. */
    final List<io.prime.core.durable.DurableRecord> storage = new ArrayList<>();
    /** Down between a crash and its restart: receives nothing, and its in-flight work is lost. */
    boolean down;
    /** Increases at each crash, so events scheduled before it are recognised as stale. */
    int epoch;
    final InboundVerifier verifier;
    final Hasher edgeHasher;
    final Hasher coreHasher;
    final MeteredSigner signer;
    final Rejections edgeRejections = new Rejections();
    final ArrayDeque<Arrival> inbox = new ArrayDeque<>();
    boolean busy;
    boolean tickDue;
    long scheduledWakeNanos = Long.MAX_VALUE;
    long cpuBusyNanos;
    private long modelledDigestBytes;
    long batches;

    SimReplica(int id, boolean faulty, ReplicaCore core, InboundVerifier verifier, Hasher edgeHasher, Hasher coreHasher,
               MeteredSigner signer) {
        this.id = id;
        this.faulty = faulty;
        this.core = core;
        this.verifier = verifier;
        this.edgeHasher = edgeHasher;
        this.coreHasher = coreHasher;
        this.signer = signer;
    }

    /** The result of processing one batch: what to emit, and when the CPU is done. */
    record Batch(Outputs outputs, long costNanos) {
    }

    /** Verifies and processes everything queued, at virtual time {@code now}. */
    Batch process(long now, SimProfile profile) {
        List<Input> inputs = new ArrayList<>(inbox.size() + 1);
        int messages = inbox.size();
        while (!inbox.isEmpty()) {
            Arrival a = inbox.poll();
            boolean useObject = a.decoded() && a.frame().bytesMatchMessage()
                    && a.frame().length() <= verifier.codec().limits().maxFrameBytes();
            if (useObject) {
                // A real receiver hashes the frame to get its Merkle leaf, then the path to the root; the shared object
                // has both cached: charge them.
                modelledDigestBytes += a.frame().signedLength();
                if (a.frame().proof() != null) {
                    modelledDigestBytes += (long) a.frame().proof().depth() * (1 + 2 * io.prime.core.crypto.Digest.LENGTH);
                }
            }
            Verdict v = useObject ? verifier.verify(a.frame()) : verifier.verify(a.frame().bytes());
            if (!v.accepted()) {
                edgeRejections.count(v.reason());
                continue;
            }
            Frame f = v.frame();
            boolean isUpdate = f.kind() == PrimeMessages.CLIENT_UPDATE;
            if (a.fromReplica() >= 0) {
                if (isUpdate) {
                    edgeRejections.count(RejectReason.UNEXPECTED);
                    continue;
                }
                inputs.add(new Input.FromReplica(a.fromReplica(), f));
            } else {
                if (!isUpdate || ((ClientUpdate) f.message()).clientId() != a.fromClient()) {
                    edgeRejections.count(isUpdate ? RejectReason.WRONG_SENDER : RejectReason.UNEXPECTED);
                    continue;
                }
                inputs.add(new Input.FromClient((ClientUpdate) f.message()));
            }
        }
        tickDue = false;
        inputs.add(Input.TICK);
        Outputs out = core.step(inputs, now);
        long modelled = modelledDigestBytes;
        modelledDigestBytes = 0;
        long cost = messages * profile.perMessageNanos()
                + verifier.takeSignatureVerifications() * profile.verifyNanos()
                + verifier.takeThresholdVerifications() * SimProfile.THRESHOLD_VERIFY_NANOS
                + signer.takeSignatures() * profile.signNanos()
                + (long) ((edgeHasher.takeBytesHashed() + coreHasher.takeBytesHashed() + modelled) * profile.digestNanosPerByte())
                + (long) (core.takeErasureBytes() * profile.erasureNanosPerByte())
                + out.messages().size() * profile.perMessageNanos();
        cpuBusyNanos += cost;
        batches++;
        return new Batch(out, cost);
    }

    /** Stores a step's durable records: a snapshot starts a new log (the core repeats what still matters). */
    void store(List<io.prime.core.durable.DurableRecord> records) {
        for (io.prime.core.durable.DurableRecord r : records) {
            if (r instanceof io.prime.core.durable.DurableRecord.Snapshot) {
                storage.clear();
            }
            storage.add(r);
        }
    }

    Rejections rejections() {
        Rejections all = new Rejections();
        all.addAll(edgeRejections);
        all.addAll(core.rejections());
        return all;
    }
}

package io.prime.attacks;

import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.crypto.Digest;
import io.prime.core.message.PoAck;
import io.prime.core.message.Prepare;
import io.prime.core.message.PoRequest;
import io.prime.core.message.Reconciliation;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.Outputs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code garbage}: besides its honest traffic, the faulty server sends well-framed junk to every other server at most
 * once per {@link #PERIOD_NANOS} (paper §2: faulty servers may send arbitrary messages; the defence is the edge, which
 * checks every signature and every field before a message enters the core, and the core's own checks):
 * <ul>
 *   <li><b>bad signatures</b>: a PO-ACK whose batch signature has a flipped bit (refused at the edge, bad_signature);</li>
 *   <li><b>wrong digests</b>: a validly signed PO-ACK acknowledging the slot after the last one it acknowledged of
 *       each correct origin with a made-up digest (the receiving core keeps one acknowledgement per server and slot and
 *       counts the honest one that follows as a conflict, inconsistent), and its
 *       own RECONCILIATION parts corrupted and re-signed (decoding with them fails the content-digest check,
 *       bad_digest, and other parts are used);</li>
 *   <li><b>out-of-range fields</b>: a PREPARE naming a sender id >= N, a RECONCILIATION with a part index >= 2f+1 and a
 *       PO-REQUEST with preorder sequence number 0, each validly signed (refused by the decoder, malformed).</li>
 * </ul>
 * The junk is drawn from a generator seeded by the replica id, so runs replay.
 */
public final class Garbage implements Behaviour {
    public static final String NAME = "garbage";
    /** Junk bursts are at least this far apart (simulated time). */
    public static final long PERIOD_NANOS = 20_000_000;

    private final AttackContext ctx;
    private final SplittableRandom random;
    private long nextBurstNanos;
    private long bursts;
    /** Highest slot of each origin this server acknowledged, from its honest PO-ACKs. */
    private final long[] acked;

    public Garbage(AttackContext ctx) {
        this.ctx = ctx;
        this.random = new SplittableRandom(0x6A7BA6EL ^ ctx.self());
        this.acked = new long[ctx.n()];
    }

    @Override
    public String name() {
        return NAME;
    }

    public long bursts() {
        return bursts;
    }

    @Override
    public void outputs(Outputs honest, long nowNanos, Emitter out) {
        long others = ctx.allMask() & ~(1L << ctx.self());
        for (Outbound o : honest.messages()) {
            if (!o.toClient() && o.frame().message() instanceof PoAck a && a.sender() == ctx.self()) {
                for (PoAck.Entry e : a.entries()) {
                    acked[e.origin()] = Math.max(acked[e.origin()], e.poSeq());
                }
            }
            if (!o.toClient() && o.frame().message() instanceof Reconciliation r && r.sender() == ctx.self()
                    && r.part().length > 0) {
                out.send(Outbound.toReplicas(ctx.sign(corrupt(r)), o.replicaMask()));
                continue;
            }
            out.send(o);
        }
        if (nowNanos >= nextBurstNanos) {
            nextBurstNanos = nowNanos + PERIOD_NANOS;
            bursts++;
            for (Frame junk : burst()) {
                out.send(Outbound.toReplicas(junk, others));
            }
        }
    }

    @Override
    public long nextWakeupNanos() {
        return nextBurstNanos;
    }

    /** A part with some bytes flipped: same slot, index and claimed digest. */
    private Reconciliation corrupt(Reconciliation r) {
        byte[] part = r.part();
        part[random.nextInt(part.length)] ^= (byte) (1 + random.nextInt(255));
        return new Reconciliation(r.sender(), r.origin(), r.poSeq(), r.requestDigest(), r.partIndex(), r.totalLength(), part);
    }

    /** One burst of junk frames. */
    public List<Frame> burst() {
        List<Frame> out = new ArrayList<>();
        int self = ctx.self();
        // bad signature
        Frame ack = ctx.sign(new PoAck(self, List.of(new PoAck.Entry(self, 1 + random.nextInt(1000), randomDigest()))));
        byte[] bad = ack.bytes().clone();
        bad[bad.length - 1] ^= 0x01;
        out.add(FrameCodec.unchecked(bad, ack.message()));
        // wrong digests, validly signed
        List<PoAck.Entry> wrong = new ArrayList<>();
        for (int o : ctx.correctIds()) {
            if (o != self) {
                // The slot after the last one acknowledged: the junk arrives before the honest acknowledgement.
                wrong.add(new PoAck.Entry(o, acked[o] + 1, randomDigest()));
            }
        }
        out.add(ctx.sign(new PoAck(self, wrong)));
        // out-of-range fields under a valid signature: sign the bytes after patching them
        out.add(patchedAndSigned(new Prepare(0, 1 + random.nextInt(1000), self, randomDigest()), 16, 0xFF, 0xFF));
        int f = ctx.f();
        byte[] part = new byte[0];
        Reconciliation recon = new Reconciliation(self, self, 1, randomDigest(), 0, 0, part);
        out.add(patchedAndSigned(recon, 2 + 2 + 8 + Digest.LENGTH, 2 * f + 1 + random.nextInt(255 - 2 * f)));
        out.add(patchedAndSigned(new PoRequest(self, 1, List.of()), 2, 0, 0, 0, 0, 0, 0, 0, 0));
        return out;
    }

    /**
     * Encodes {@code message}, overwrites body bytes from {@code bodyOffset} with {@code values}, and signs the result
     * as a batch of one (so the signature is valid and only the decoder can refuse it).
     */
    private Frame patchedAndSigned(io.prime.core.message.Message message, int bodyOffset, int... values) {
        byte[] unsigned = FrameCodec.encodeUnsigned(message);
        for (int i = 0; i < values.length; i++) {
            unsigned[FrameCodec.HEADER_BYTES + bodyOffset + i] = (byte) values[i];
        }
        Digest leaf = ctx.hasher().digest(io.prime.core.crypto.DomainTag.MERKLE_LEAF, unsigned, 0, unsigned.length);
        byte[] signature = ctx.signer().sign(io.prime.core.crypto.DomainTag.signedBytes(
                io.prime.core.crypto.DomainTag.MERKLE_ROOT_SIGNATURE, leaf));
        byte[] bytes = FrameCodec.assemble(unsigned, new io.prime.core.codec.MerkleProof(0, new Digest[0], signature));
        return FrameCodec.unchecked(bytes, message);
    }

    private Digest randomDigest() {
        byte[] b = new byte[Digest.LENGTH];
        random.nextBytes(b);
        return Digest.of(b);
    }
}

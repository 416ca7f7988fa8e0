package io.prime.core.reconcile;

import io.prime.core.RejectReason;
import io.prime.core.codec.FrameCodec;
import io.prime.core.config.PrimeConfig;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.DomainTag;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.TestKeys;
import io.prime.core.message.AruVector;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PoRequest;
import io.prime.core.message.Reconciliation;
import io.prime.core.order.GlobalOrdering;
import io.prime.core.preorder.LastPoAru;
import io.prime.core.preorder.Preorder;
import io.prime.core.reconcile.erasure.CauchyReedSolomon;
import io.prime.core.replica.Outbound;
import io.prime.core.replica.ReplicaContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconciliation (§4.1, Fig. 3): who sends which part, f+1 decoding, bad parts, the digest check, bounded state. */
class ReconcilerTest {
    /** One server's preorder, ordering and reconciliation state, wired as in PrimeReplica. */
    static final class Server {
        final ReplicaContext ctx;
        final LastPoAru lastPoAru;
        final Preorder preorder;
        final GlobalOrdering ordering;
        final Reconciler reconciler;

        Server(int f, int id) {
            PrimeConfig config = PrimeConfig.builder(f).build();
            TestKeys keys = new TestKeys(new SimulatedSignatureScheme(32), config.replicas, 2, 7);
            ctx = new ReplicaContext(config, id, new Hasher(), keys.replicaSigner(id));
            lastPoAru = new LastPoAru(config.replicas);
            preorder = new Preorder(ctx, lastPoAru);
            ordering = new GlobalOrdering(ctx, lastPoAru);
            reconciler = new Reconciler(ctx, preorder, ordering, lastPoAru);
        }

        long rejected(RejectReason r) {
            return ctx.rejections.get(r);
        }

        List<Outbound> sent() {
            return ctx.outbox.seal(ctx.signer, ctx.hasher);
        }
    }

    private static PoRequest request(int origin, long seq, int payloadBytes, long salt) {
        byte[] payload = new byte[payloadBytes];
        new SplittableRandom(salt).nextBytes(payload);
        return new PoRequest(origin, seq, List.of(new ClientUpdate(1, salt, payload, new byte[32])));
    }

    private static Digest digestOf(byte[] encoded) {
        return new Hasher().digest(DomainTag.MERKLE_LEAF, encoded, 0, encoded.length);
    }

    private static PoAru aru(int sender, long... vector) {
        return new PoAru(sender, AruVector.of(vector), new byte[32]);
    }

    /** Fig. 3, lines A4–A8 read literally (1-based c, the 2f+1 senders of the text). */
    private static int literalIndex(PoAruMatrix pm, int o, long s, int i, int f) {
        int c = 0;
        for (int j = 0; j < pm.size(); j++) {
            if (pm.entry(j, o) >= s) {
                c++;
                if (j == i && c <= 2 * f + 1) {
                    return c - 1;
                }
            }
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void partSendersAreTheFirst2fPlus1AcknowledgersInIdOrder(int f) {
        int n = 3 * f + 1;
        SplittableRandom r = new SplittableRandom(31 + f);
        for (int trial = 0; trial < 300; trial++) {
            PoAru[] rows = new PoAru[n];
            for (int j = 0; j < n; j++) {
                if (r.nextInt(5) != 0) {
                    long[] v = new long[n];
                    for (int o = 0; o < n; o++) {
                        v[o] = r.nextInt(6);
                    }
                    rows[j] = aru(j, v);
                }
            }
            PoAruMatrix pm = PoAruMatrix.of(rows);
            for (int o = 0; o < n; o++) {
                for (long s = 1; s <= 6; s++) {
                    long indices = 0;
                    int senders = 0;
                    int acknowledgers = 0;
                    for (int i = 0; i < n; i++) {
                        acknowledgers += pm.entry(i, o) >= s ? 1 : 0;
                        int c = Reconciler.partIndex(pm, o, s, i, f);
                        assertEquals(literalIndex(pm, o, s, i, f), c, "server " + i + " (" + o + ", " + s + ")");
                        if (c >= 0) {
                            assertTrue(pm.entry(i, o) >= s);
                            indices |= 1L << c;
                            senders++;
                        }
                    }
                    int expected = Math.min(2 * f + 1, acknowledgers);
                    assertEquals(expected, senders);
                    assertEquals((1L << expected) - 1, indices, "indices 0..|senders|-1, each once");
                }
            }
        }
    }

    @Test
    void aDesignatedSenderSendsItsPartOnlyToServersThatLackTheRequest() {
        int f = 1;
        Server origin = new Server(f, 1);
        origin.preorder.submit(new ClientUpdate(0, 1, new byte[100], new byte[32]));
        origin.preorder.flush();
        origin.sent(); // the PO-REQUEST itself
        // Servers 0, 1 and 3 acknowledged (1, 1); server 2 did not. Server 1 is the second acknowledger: part 1.
        PoAruMatrix pm = PoAruMatrix.of(new PoAru[] {aru(0, 0, 1, 0, 0), aru(1, 0, 1, 0, 0), aru(2, 0, 0, 0, 0), aru(3, 0, 1, 0, 0)});
        origin.lastPoAru.offerAll(pm);
        origin.reconciler.reconcile(pm, PoAruMatrix.empty(4));
        List<Outbound> out = origin.sent();
        assertEquals(1, out.size(), out.toString());
        Reconciliation part = (Reconciliation) out.get(0).frame().message();
        assertEquals(1L << 2, out.get(0).replicaMask());
        assertEquals(1, part.partIndex());
        assertEquals(1, part.origin());
        assertEquals(1, part.poSeq());
        var held = origin.preorder.certifiedEncoding(1, 1);
        assertEquals(held.getValue(), part.requestDigest());
        assertArrayEquals(CauchyReedSolomon.forFaults(f).encodePart(held.getKey(), 1), part.part());
        assertTrue(origin.reconciler.takeErasureBytes() > 0, "coding work is reported");
        // Nothing new in M(pp) - M(pp'): nothing sent.
        origin.reconciler.reconcile(pm, pm);
        assertTrue(origin.sent().isEmpty());
    }

    @Test
    void aServerThatIsNotAmongTheFirst2fPlus1SendsNothing() {
        Server s3 = new Server(1, 3);
        PoAruMatrix pm = PoAruMatrix.of(new PoAru[] {aru(0, 1, 0, 0, 0), aru(1, 1, 0, 0, 0), aru(2, 1, 0, 0, 0), aru(3, 1, 0, 0, 0)});
        s3.reconciler.reconcile(pm, PoAruMatrix.empty(4));
        assertTrue(s3.sent().isEmpty());
    }

    private static Reconciliation part(int sender, PoRequest request, int index, byte[] encoded, Digest claimed, int f) {
        byte[] p = CauchyReedSolomon.forFaults(f).encodePart(encoded, index);
        return new Reconciliation(sender, request.origin(), request.poSeq(), claimed, index, encoded.length, p);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void fPlusOnePartsRebuildTheRequestAndTheStateIsDropped(int f) {
        int n = 3 * f + 1;
        Server receiver = new Server(f, n - 1);
        PoRequest req = request(0, 1, 513, 5);
        byte[] encoded = FrameCodec.encodeUnsigned(req);
        Digest d = digestOf(encoded);
        for (int k = 0; k < f; k++) {
            receiver.reconciler.onReconciliation(part(k, req, 2 * f - k, encoded, d, f));
            assertFalse(receiver.preorder.has(0, 1), "f parts are not enough");
        }
        assertEquals(1, receiver.reconciler.collectingSlots());
        receiver.reconciler.onReconciliation(part(f, req, 0, encoded, d, f));
        assertTrue(receiver.preorder.has(0, 1));
        assertEquals(req.updates(), receiver.preorder.certifiedRequest(0, 1).updates());
        assertEquals(1, receiver.reconciler.installed());
        assertEquals(0, receiver.reconciler.collectingSlots(), "state dropped once installed");
        receiver.preorder.executed(0, 1);
        assertEquals(1, receiver.preorder.poAru(0), "PO_Aru advances past the rebuilt request once executed");
        // A surplus part is a harmless duplicate.
        receiver.reconciler.onReconciliation(part(f + 1, req, 1, encoded, d, f));
        assertEquals(1, receiver.rejected(RejectReason.DUPLICATE));
        assertEquals(0, receiver.rejected(RejectReason.BAD_DIGEST));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void badPartsFailTheDigestCheckAndOtherSubsetsAreTried(int f) {
        int n = 3 * f + 1;
        Server receiver = new Server(f, n - 1);
        PoRequest req = request(2, 1, 700, 9);
        byte[] encoded = FrameCodec.encodeUnsigned(req);
        Digest d = digestOf(encoded);
        // f faulty senders claim the right digest but send corrupted parts.
        for (int k = 0; k < f; k++) {
            Reconciliation good = part(k, req, k, encoded, d, f);
            byte[] bad = good.part();
            bad[k % bad.length] ^= 0x5A;
            receiver.reconciler.onReconciliation(new Reconciliation(k, 2, 1, d, k, encoded.length, bad));
        }
        // f correct parts: every subset so far holds a bad part.
        for (int k = f; k < 2 * f; k++) {
            receiver.reconciler.onReconciliation(part(k, req, k, encoded, d, f));
            assertFalse(receiver.preorder.has(2, 1));
        }
        assertTrue(receiver.rejected(RejectReason.BAD_DIGEST) > 0, "bad parts counted");
        // The (f+1)-th correct part completes an all-correct subset.
        receiver.reconciler.onReconciliation(part(2 * f, req, 2 * f, encoded, d, f));
        assertTrue(receiver.preorder.has(2, 1));
        assertEquals(req.updates(), receiver.preorder.certifiedRequest(2, 1).updates());
    }

    @Test
    void partsAreGroupedByClaimedDigestAndOnlyFPlusOneClaimsInstall() {
        int f = 1;
        Server receiver = new Server(f, 3);
        // A faulty origin signed two requests for (0, 1); A is the certified one.
        PoRequest a = request(0, 1, 300, 1);
        PoRequest b = request(0, 1, 300, 2);
        byte[] ea = FrameCodec.encodeUnsigned(a);
        byte[] eb = FrameCodec.encodeUnsigned(b);
        receiver.reconciler.onReconciliation(part(0, b, 0, eb, digestOf(eb), f)); // a faulty sender's claim: B
        receiver.reconciler.onReconciliation(part(1, a, 1, ea, digestOf(ea), f));
        assertFalse(receiver.preorder.has(0, 1), "one claim each: no group of f+1");
        receiver.reconciler.onReconciliation(part(2, a, 2, ea, digestOf(ea), f));
        assertTrue(receiver.preorder.has(0, 1));
        assertEquals(a.updates(), receiver.preorder.certifiedRequest(0, 1).updates());
    }

    @Test
    void decodedBytesMustMatchTheClaimedDigest() {
        int f = 1;
        Server receiver = new Server(f, 3);
        PoRequest a = request(0, 1, 300, 1);
        PoRequest b = request(0, 1, 300, 2);
        byte[] ea = FrameCodec.encodeUnsigned(a);
        byte[] eb = FrameCodec.encodeUnsigned(b);
        // Two senders send consistent parts of B but claim A's digest.
        receiver.reconciler.onReconciliation(part(0, b, 0, eb, digestOf(ea), f));
        receiver.reconciler.onReconciliation(part(1, b, 1, eb, digestOf(ea), f));
        assertFalse(receiver.preorder.has(0, 1));
        assertEquals(1, receiver.rejected(RejectReason.BAD_DIGEST));
    }

    @Test
    void bytesOfAnotherSlotAreRefusedEvenWithAMatchingDigest() {
        int f = 1;
        Server receiver = new Server(f, 3);
        PoRequest other = request(0, 2, 100, 3); // the request of (0, 2), sent as parts of (0, 1)
        byte[] e = FrameCodec.encodeUnsigned(other);
        Digest d = digestOf(e);
        CauchyReedSolomon code = CauchyReedSolomon.forFaults(f);
        receiver.reconciler.onReconciliation(new Reconciliation(0, 0, 1, d, 0, e.length, code.encodePart(e, 0)));
        receiver.reconciler.onReconciliation(new Reconciliation(1, 0, 1, d, 1, e.length, code.encodePart(e, 1)));
        assertFalse(receiver.preorder.has(0, 1));
        assertFalse(receiver.preorder.has(0, 2));
        assertEquals(1, receiver.rejected(RejectReason.INVALID));
    }

    @Test
    void refusalsAreCounted() {
        int f = 1;
        Server receiver = new Server(f, 3);
        PoRequest req = request(0, 1, 64, 4);
        byte[] e = FrameCodec.encodeUnsigned(req);
        Digest d = digestOf(e);
        receiver.reconciler.onReconciliation(part(3, req, 0, e, d, f));
        assertEquals(1, receiver.rejected(RejectReason.DUPLICATE), "our own part");
        long far = receiver.ctx.config.preorderWindow + 1L;
        PoRequest farReq = request(0, far, 64, 4);
        byte[] fe = FrameCodec.encodeUnsigned(farReq);
        receiver.reconciler.onReconciliation(part(0, farReq, 0, fe, digestOf(fe), f));
        assertEquals(1, receiver.rejected(RejectReason.OUT_OF_WINDOW));
        receiver.reconciler.onReconciliation(part(0, req, 0, e, d, f));
        receiver.reconciler.onReconciliation(part(0, req, 0, e, d, f));
        assertEquals(2, receiver.rejected(RejectReason.DUPLICATE), "the same part twice");
        receiver.reconciler.onReconciliation(part(0, req, 1, e, d, f));
        assertEquals(1, receiver.rejected(RejectReason.INCONSISTENT), "a second, different part from one sender");
        assertEquals(0, receiver.reconciler.installed());
    }

    @Test
    void stateIsBoundedByTheWindowAndOnePartPerSender() {
        int f = 1;
        Server receiver = new Server(f, 3);
        int window = receiver.ctx.config.preorderWindow;
        List<Reconciliation> flood = new ArrayList<>();
        for (long s = 1; s <= window + 100; s++) {
            flood.add(new Reconciliation(0, 0, s, Digest.ZERO, 0, 2, new byte[1]));
            flood.add(new Reconciliation(0, 0, s, Digest.ZERO, 1, 2, new byte[1]));
        }
        flood.forEach(receiver.reconciler::onReconciliation);
        assertEquals(window, receiver.reconciler.collectingSlots());
        assertEquals(200, receiver.rejected(RejectReason.OUT_OF_WINDOW));
        assertEquals(window, receiver.rejected(RejectReason.INCONSISTENT));
    }
}

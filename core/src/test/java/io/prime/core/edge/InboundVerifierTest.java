package io.prime.core.edge;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MerkleProof;
import io.prime.core.codec.WireLimits;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.TestKeys;
import io.prime.core.message.AuthKind;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Message;
import io.prime.core.message.MessageKind;
import io.prime.core.message.PoAck;
import io.prime.core.message.PoAru;
import io.prime.core.message.PoAruMatrix;
import io.prime.core.message.PoRequest;
import io.prime.core.message.PrePrepare;
import io.prime.core.message.PrimeMessages;
import io.prime.core.message.ProofMatrix;
import io.prime.core.testing.RandomMessages;
import io.prime.core.testing.TestProfiles;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge verifier: every signature in a frame is checked, and the verification cache never vouches for a forgery. */
class InboundVerifierTest {
    private static InboundVerifier verifier(RandomMessages gen) {
        return new InboundVerifier(new FrameCodec(PrimeMessages.registry(), gen.limits()), gen.keys().directory(), new Hasher(),
                new LruVerificationCache(1024), gen.threshold());
    }

    private static InboundVerifier verifier(WireLimits limits, TestKeys keys, int cacheCapacity) {
        return new InboundVerifier(new FrameCodec(PrimeMessages.registry(), limits), keys.directory(), new Hasher(),
                new LruVerificationCache(cacheCapacity));
    }

    private static void assertRejected(RejectReason expected, Verdict v, Object what) {
        assertFalse(v.accepted(), () -> what + " was accepted");
        assertEquals(expected, v.reason(), () -> what + ": " + v.detail());
    }

    private static void assertAccepted(Verdict v, Object what) {
        assertTrue(v.accepted(), () -> what + " rejected: " + v.reason() + " " + v.detail());
    }

    /** Flips one bit among the last {@code tail} bytes (where every kind's outermost signature is). */
    private static byte[] flipInTail(byte[] wire, int tail, SplittableRandom r) {
        byte[] b = wire.clone();
        b[b.length - 1 - r.nextInt(tail)] ^= (byte) (1 << r.nextInt(8));
        return b;
    }

    @Test
    void validFramesOfEveryKindAreAccepted() {
        for (TestProfiles p : List.of(TestProfiles.small4(), TestProfiles.small7(), TestProfiles.defaults10())) {
            RandomMessages gen = p.generator();
            InboundVerifier v = verifier(gen);
            SplittableRandom r = new SplittableRandom(1);
            for (MessageKind kind : RandomMessages.standaloneKinds()) {
                for (int i = 0; i < 60; i++) {
                    Message m = gen.random(kind, r);
                    Frame f = gen.randomFrame(m, r);
                    Verdict verdict = v.verify(f.bytes().clone());
                    assertAccepted(verdict, p + " " + m);
                    assertEquals(m, verdict.frame().message());
                    assertAccepted(v.verify(f), p + " decoded " + m); // the already-decoded path
                }
            }
        }
    }

    @Test
    void carriedKindsAreRefusedOnTheirOwn() {
        RandomMessages gen = TestProfiles.small4().generator();
        InboundVerifier v = verifier(gen);
        SplittableRandom r = new SplittableRandom(9);
        for (MessageKind kind : PrimeMessages.kinds()) {
            if (kind.auth() == io.prime.core.message.AuthKind.CARRIED) {
                Frame f = gen.frame(gen.random(kind, r));
                assertRejected(RejectReason.UNEXPECTED, v.verify(f.bytes()), kind + " standalone");
            }
        }
    }

    @Test
    void flippedSignatureBitIsABadSignature() {
        for (TestProfiles p : List.of(TestProfiles.small4(), TestProfiles.small7())) {
            RandomMessages gen = p.generator();
            InboundVerifier v = verifier(gen);
            int sigLength = p.keys().scheme().signatureLength();
            SplittableRandom r = new SplittableRandom(2);
            for (MessageKind kind : RandomMessages.standaloneKinds()) {
                for (int i = 0; i < 40; i++) {
                    Frame f = gen.randomFrame(gen.random(kind, r), r);
                    assertAccepted(v.verify(f.bytes()), f); // now cached: the cache must not cover the forgery
                    assertRejected(RejectReason.BAD_SIGNATURE, v.verify(flipInTail(f.bytes(), sigLength, r)), p + " " + f);
                }
            }
        }
    }

    @Test
    void signedByTheWrongPrincipalIsABadSignature() {
        TestProfiles p = TestProfiles.small7();
        RandomMessages gen = p.generator();
        InboundVerifier v = verifier(gen);
        int n = p.limits().replicaCount();
        SplittableRandom r = new SplittableRandom(3);
        for (MessageKind kind : RandomMessages.standaloneKinds()) {
            for (int i = 0; i < 30; i++) {
                Message m = gen.random(kind, r);
                Frame forged;
                if (m instanceof ClientUpdate u) {
                    long other = (u.clientId() + 1 + r.nextInt(p.limits().clientCount() - 1)) % p.limits().clientCount();
                    byte[] sig = p.keys().clientSigner((int) other).sign(u.signedBytes());
                    forged = FrameCodec.selfSigned(new ClientUpdate(u.clientId(), u.requestNumber(), u.payload(), sig));
                } else if (m instanceof PoAru a) {
                    int other = (a.sender() + 1 + r.nextInt(n - 1)) % n;
                    byte[] sig = p.keys().replicaSigner(other).sign(a.signedBytes());
                    forged = FrameCodec.selfSigned(new PoAru(a.sender(), a.vector(), sig));
                } else {
                    int other = (m.batchSigner() + 1 + r.nextInt(n - 1)) % n;
                    forged = gen.frameSignedBy(m, other);
                }
                assertRejected(RejectReason.BAD_SIGNATURE, v.verify(forged.bytes()), m + " signed by someone else");
            }
        }
    }

    /**
     * Signers outside the key directory: the decoder accepts any replica id below the configured N, so a verifier
     * whose directory has fewer replicas (keys for 0..3, frames for N = 7) sees ids it has no key for; likewise a
     * client id beyond the directory's clients.
     */
    @Test
    void signerOutsideTheDirectoryIsNotAMember() {
        TestProfiles p = TestProfiles.small7(); // N = 7, 5 clients, keys from seed 7
        RandomMessages gen = p.generator();
        // Same seed: replicas 0..3 and clients 0..1 have the same keys as the generator's.
        TestKeys fewer = new TestKeys(new SimulatedSignatureScheme(64), 4, 2, 7L);
        InboundVerifier v = verifier(p.limits(), fewer, 1024);
        SplittableRandom r = new SplittableRandom(4);
        for (MessageKind kind : RandomMessages.standaloneKinds()) {
            if (kind.auth() == AuthKind.MERKLE_BATCH) {
                for (int signer = 4; signer < 7; signer++) {
                    Message m = gen.random(kind, signer, r);
                    assertRejected(RejectReason.NOT_A_MEMBER, v.verify(gen.randomFrame(m, r).bytes()), m);
                }
            }
        }
        for (int sender = 4; sender < 7; sender++) {
            PoAru a = gen.poAru(sender, r);
            assertRejected(RejectReason.NOT_A_MEMBER, v.verify(gen.frame(a).bytes()), a);
        }
        for (long client = 2; client < 5; client++) {
            ClientUpdate u = gen.signedUpdate(client, 1, new byte[] {1});
            assertRejected(RejectReason.NOT_A_MEMBER, v.verify(gen.frame(u).bytes()), u);
            // Inside a PO-REQUEST from a known replica, with a valid batch signature.
            PoRequest q = new PoRequest(1, 1, List.of(gen.signedUpdate(0, 1, new byte[0]), u));
            assertRejected(RejectReason.NOT_A_MEMBER, v.verify(gen.frame(q).bytes()), q);
        }
        // A client far beyond any directory (the decoder accepts every u32 client id).
        ClientUpdate stranger = new ClientUpdate(0xFFFF_FFFFL, 1, new byte[0], new byte[64]);
        assertRejected(RejectReason.NOT_A_MEMBER, v.verify(FrameCodec.selfSigned(stranger).bytes()), stranger);
        // Known members are still fine with the smaller directory.
        ClientUpdate known = gen.signedUpdate(1, 5, new byte[] {9});
        assertAccepted(v.verify(gen.frame(known).bytes()), known);
        assertAccepted(v.verify(gen.frame(gen.prepare(3, r)).bytes()), "PREPARE from 3");
    }

    @Test
    void poRequestWithOneBadClientSignatureIsRejected() {
        TestProfiles p = TestProfiles.small4();
        RandomMessages gen = p.generator();
        InboundVerifier v = verifier(gen);
        SplittableRandom r = new SplittableRandom(5);
        int max = p.limits().maxUpdatesPerPoRequest();
        for (int size = 1; size <= max; size++) {
            for (int bad = 0; bad < size; bad++) {
                List<ClientUpdate> updates = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    ClientUpdate u = gen.clientUpdate(r);
                    if (i == bad) {
                        byte[] sig = u.signature();
                        sig[r.nextInt(sig.length)] ^= (byte) (1 << r.nextInt(8));
                        u = new ClientUpdate(u.clientId(), u.requestNumber(), u.payload(), sig);
                    }
                    updates.add(u);
                }
                PoRequest q = new PoRequest(gen.replica(r), RandomMessages.positive(r), updates);
                assertRejected(RejectReason.BAD_SIGNATURE, v.verify(gen.randomFrame(q, r).bytes()), q + " bad update " + bad);
            }
        }
    }

    @Test
    void matrixWithOneBadPoAruIsRejected() {
        for (TestProfiles p : List.of(TestProfiles.small4(), TestProfiles.small7())) {
            RandomMessages gen = p.generator();
            InboundVerifier v = verifier(gen);
            int n = p.limits().replicaCount();
            SplittableRandom r = new SplittableRandom(6);
            for (int bad = 0; bad < n; bad++) {
                for (int variant = 0; variant < 2; variant++) {
                    PoAru[] rows = new PoAru[n];
                    for (int i = 0; i < n; i++) {
                        if (i == bad || r.nextBoolean()) {
                            rows[i] = gen.poAru(i, r);
                        }
                    }
                    PoAru good = rows[bad];
                    byte[] sig;
                    if (variant == 0) { // a flipped bit
                        sig = good.signature();
                        sig[r.nextInt(sig.length)] ^= (byte) (1 << r.nextInt(8));
                    } else { // a genuine signature, by another server, put in row `bad`
                        sig = p.keys().replicaSigner((bad + 1) % n).sign(good.signedBytes());
                    }
                    rows[bad] = new PoAru(bad, good.vector(), sig);
                    PoAruMatrix matrix = PoAruMatrix.of(rows);
                    PrePrepare pp = new PrePrepare(RandomMessages.nonNegative(r), RandomMessages.positive(r), gen.replica(r), matrix);
                    ProofMatrix pm = new ProofMatrix(gen.replica(r), RandomMessages.nonNegative(r), matrix);
                    assertRejected(RejectReason.BAD_SIGNATURE, v.verify(gen.randomFrame(pp, r).bytes()), pp + " row " + bad);
                    assertRejected(RejectReason.BAD_SIGNATURE, v.verify(gen.randomFrame(pm, r).bytes()), pm + " row " + bad);
                }
            }
        }
    }

    @Test
    void malformedAndOversizedBytes() {
        TestProfiles p = TestProfiles.small4();
        RandomMessages gen = p.generator();
        InboundVerifier v = verifier(gen);
        SplittableRandom r = new SplittableRandom(7);
        byte[] wire = gen.randomFrame(gen.random(PrimeMessages.PO_ACK, r), r).bytes();
        assertRejected(RejectReason.MALFORMED, v.verify(new byte[0]), "empty");
        assertRejected(RejectReason.MALFORMED, v.verify(Arrays.copyOf(wire, wire.length - 1)), "truncated");
        assertRejected(RejectReason.MALFORMED, v.verify(Arrays.copyOf(wire, wire.length + 1)), "trailing byte");
        byte[] unknownType = wire.clone();
        unknownType[1] = (byte) 0xEE;
        assertRejected(RejectReason.MALFORMED, v.verify(unknownType), "unknown type");
        byte[] badVersion = wire.clone();
        badVersion[0] = 2;
        assertRejected(RejectReason.MALFORMED, v.verify(badVersion), "version 2");
        byte[] badSender = wire.clone();
        badSender[6] = 0;
        badSender[7] = (byte) p.limits().replicaCount();
        assertRejected(RejectReason.MALFORMED, v.verify(badSender), "sender N");

        byte[] huge = new byte[p.limits().maxFrameBytes() + 1];
        System.arraycopy(wire, 0, huge, 0, wire.length);
        assertRejected(RejectReason.OVERSIZED, v.verify(huge), "frame above maxFrameBytes");
        // A field above its own bound is also reported as oversized.
        ClientUpdate big = new ClientUpdate(0, 1, new byte[p.limits().maxUpdatePayloadBytes() + 1], new byte[16]);
        assertRejected(RejectReason.OVERSIZED, v.verify(FrameCodec.selfSigned(big).bytes()), "payload above its limit");
        assertEquals(0, v.signatureVerifications(), "no signature is checked for bytes that do not decode");
    }

    // ------------------------------------------------------------------ the verification cache

    @Test
    void restOfABatchCostsNoVerification() {
        TestProfiles p = TestProfiles.small7();
        RandomMessages gen = p.generator();
        InboundVerifier v = verifier(gen);
        SplittableRandom r = new SplittableRandom(8);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(gen.poAck(2, r));
        }
        List<Frame> frames = gen.batch(messages);
        assertAccepted(v.verify(frames.get(0).bytes()), "first of batch");
        assertEquals(1, v.signatureVerifications());
        for (int i = 1; i < frames.size(); i++) {
            assertAccepted(v.verify(frames.get(i).bytes()), "frame " + i);
        }
        assertEquals(1, v.signatureVerifications(), "the batch root was verified once");
    }

    /**
     * The cache is keyed by (signer, root, signature): a frame with the same root but another signature is checked,
     * and rejected, however many valid frames of that batch were seen, before or after.
     */
    @Test
    void sameRootWithAnotherSignatureIsStillChecked() {
        TestProfiles p = TestProfiles.small7();
        RandomMessages gen = p.generator();
        InboundVerifier v = verifier(gen);
        SplittableRandom r = new SplittableRandom(9);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(gen.randomBatchSigned(5, r));
        }
        List<Frame> frames = gen.batch(messages);
        Frame target = frames.get(3);
        byte[] unsigned = Arrays.copyOf(target.bytes(), target.signedLength());
        MerkleProof proof = target.proof();
        byte[] sig = proof.signature();

        List<byte[]> forgeries = new ArrayList<>();
        forgeries.add(flipInTail(target.bytes(), sig.length, r));                                   // one bit
        forgeries.add(FrameCodec.assemble(unsigned, new MerkleProof(proof.leafIndex(), proof.siblings(), Arrays.copyOf(sig, sig.length - 1)))); // shorter
        forgeries.add(FrameCodec.assemble(unsigned, new MerkleProof(proof.leafIndex(), proof.siblings(), new byte[0])));                         // none
        forgeries.add(FrameCodec.assemble(unsigned, new MerkleProof(proof.leafIndex(), proof.siblings(), new byte[sig.length])));               // zeros
        byte[] otherSigner = gen.frameSignedBy(messages.get(0), 4).proof().signature();
        forgeries.add(FrameCodec.assemble(unsigned, new MerkleProof(proof.leafIndex(), proof.siblings(), otherSigner)));                         // replica 4's
        Digest[] siblings = proof.siblings();
        siblings[0] = Digest.ZERO;
        forgeries.add(FrameCodec.assemble(unsigned, new MerkleProof(proof.leafIndex(), siblings, sig)));                                        // right signature, wrong path

        // Before any valid frame of the batch, after one, and after all of them: never accepted, always verified.
        for (int round = 0; round < 3; round++) {
            if (round == 1) {
                assertAccepted(v.verify(frames.get(0).bytes()), "valid frame");
            } else if (round == 2) {
                for (Frame f : frames) {
                    assertAccepted(v.verify(f.bytes()), "valid frame");
                }
            }
            for (byte[] forged : forgeries) {
                long before = v.signatureVerifications();
                assertRejected(RejectReason.BAD_SIGNATURE, v.verify(forged), "forgery in round " + round);
                assertEquals(before + 1, v.signatureVerifications(), "a forgery is verified, not looked up");
            }
        }
        assertAccepted(v.verify(target.bytes()), "the genuine frame after the forgeries");
    }

    /** A PO-ARU copied into many PRE-PREPAREs (and a flooded PRE-PREPARE) is verified once. */
    @Test
    void copiedPoArusAreVerifiedOnce() {
        TestProfiles p = TestProfiles.small7();
        RandomMessages gen = p.generator();
        InboundVerifier v = verifier(gen);
        int n = p.limits().replicaCount();
        SplittableRandom r = new SplittableRandom(10);
        PoAru[] rows = new PoAru[n];
        for (int i = 0; i < n; i++) {
            rows[i] = gen.poAru(i, r);
        }
        PoAruMatrix matrix = PoAruMatrix.of(rows);
        // Five PRE-PREPAREs from leader 1, each in its own batch: n PO-ARUs + 5 roots.
        for (int seq = 1; seq <= 5; seq++) {
            Frame f = gen.frame(new PrePrepare(0, seq, 1, matrix));
            assertAccepted(v.verify(f.bytes()), "pre-prepare " + seq);
            assertAccepted(v.verify(f.bytes().clone()), "flooded copy of pre-prepare " + seq);
        }
        assertEquals(n + 5, v.signatureVerifications());
        for (PoAru a : rows) {
            assertAccepted(v.verify(gen.frame(a).bytes()), a);
        }
        assertEquals(n + 5, v.signatureVerifications());
    }

    /** With a tiny cache, entries are evicted: verification costs come back, verdicts do not change. */
    @Test
    void evictionOnlyCostsVerifications() {
        TestProfiles p = TestProfiles.small4();
        RandomMessages gen = p.generator();
        InboundVerifier v = verifier(p.limits(), p.keys(), 1);
        SplittableRandom r = new SplittableRandom(11);
        List<Frame> a = gen.batch(List.of(gen.prepare(0, r), gen.commit(0, r)));
        List<Frame> b = gen.batch(List.of(gen.prepare(1, r), gen.commit(1, r)));
        for (int i = 0; i < 4; i++) {
            assertAccepted(v.verify(a.get(i % 2).bytes()), "a");
            assertAccepted(v.verify(b.get(i % 2).bytes()), "b");
            assertRejected(RejectReason.BAD_SIGNATURE, v.verify(flipInTail(a.get(1).bytes(), 16, r)), "forged a");
        }
        assertEquals(12, v.signatureVerifications());
    }

    /**
     * Random interleaving of genuine frames and corrupted copies (signature, body, proof, nested signatures) through
     * one verifier with a small cache: a frame is accepted if and only if it is byte for byte one we signed.
     */
    @Test
    void onlySignedFramesAreEverAccepted() {
        for (TestProfiles p : List.of(TestProfiles.small4(), TestProfiles.small7())) {
            RandomMessages gen = p.generator(8, 64);
            InboundVerifier v = new InboundVerifier(new FrameCodec(PrimeMessages.registry(), p.limits()), p.keys().directory(),
                    new Hasher(), new LruVerificationCache(16), gen.threshold());
            SplittableRandom r = new SplittableRandom(12);
            List<Frame> genuine = new ArrayList<>();
            Set<ByteBuffer> signed = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                Frame f = gen.randomFrame(r);
                genuine.add(f);
                signed.add(ByteBuffer.wrap(f.bytes()));
            }
            int accepted = 0;
            for (int i = 0; i < 20_000; i++) {
                Frame f = genuine.get(r.nextInt(genuine.size()));
                byte[] input = f.bytes().clone();
                if (r.nextBoolean()) {
                    input[r.nextInt(input.length)] ^= (byte) (1 << r.nextInt(8));
                }
                Verdict verdict = v.verify(input);
                boolean isGenuine = signed.contains(ByteBuffer.wrap(input));
                assertEquals(isGenuine, verdict.accepted(), () -> p + " " + f + ": " + verdict.reason() + " " + verdict.detail());
                accepted += verdict.accepted() ? 1 : 0;
            }
            assertTrue(accepted > 5_000, "accepted " + accepted);
        }
    }

    /** The view change's threshold signatures are checked here, off the core thread, and only where a scheme is set. */
    @Test
    void thresholdSignaturesAreCheckedAtTheEdge() {
        RandomMessages gen = TestProfiles.small4().generator();
        InboundVerifier v = verifier(gen);
        InboundVerifier noScheme = verifier(gen.limits(), gen.keys(), 64);
        SplittableRandom r = new SplittableRandom(3);
        byte[] data = io.prime.core.message.VcProof.signedBytes(5, 0b0111, 9);
        byte[] goodPartial = gen.threshold().signer(2).partialSign(data);
        byte[] otherPartial = gen.threshold().signer(1).partialSign(data); // replica 1's share, claimed by replica 2
        byte[] proof = gen.thresholdProof(5, 0b0111, 9);
        byte[] badProof = proof.clone();
        badProof[0] ^= 1;

        assertAccepted(v.verify(gen.randomFrame(new io.prime.core.message.VcPartialSig(5, 0b0111, 9, goodPartial, 2), r)), "partial");
        assertRejected(RejectReason.BAD_SIGNATURE,
                v.verify(gen.randomFrame(new io.prime.core.message.VcPartialSig(5, 0b0111, 9, otherPartial, 2), r)), "foreign partial");
        assertRejected(RejectReason.BAD_SIGNATURE,
                v.verify(gen.randomFrame(new io.prime.core.message.VcPartialSig(6, 0b0111, 9, goodPartial, 2), r)), "partial on other data");
        assertAccepted(v.verify(gen.randomFrame(new io.prime.core.message.VcProof(5, 0b0111, 9, proof, 3), r)), "proof");
        assertRejected(RejectReason.BAD_SIGNATURE,
                v.verify(gen.randomFrame(new io.prime.core.message.VcProof(5, 0b0111, 9, badProof, 3), r)), "bad proof");
        assertRejected(RejectReason.BAD_SIGNATURE,
                v.verify(gen.randomFrame(new io.prime.core.message.Replay(5, 0b0111, 9, badProof, 1), r)), "replay with a bad proof");
        // The same proof in another frame (another sender's VC-PROOF, the REPLAY) costs no second check.
        long before = v.thresholdVerifications();
        assertAccepted(v.verify(gen.randomFrame(new io.prime.core.message.Replay(5, 0b0111, 9, proof, 1), r)), "replay");
        assertEquals(before, v.thresholdVerifications());
        // An edge that was given no scheme cannot check them, so it takes none.
        assertRejected(RejectReason.UNEXPECTED,
                noScheme.verify(gen.randomFrame(new io.prime.core.message.VcProof(5, 0b0111, 9, proof, 3), r)), "unchecked proof");
    }
}

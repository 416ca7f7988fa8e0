package io.prime.pbft;

import io.prime.core.RejectReason;
import io.prime.core.codec.Frame;
import io.prime.core.codec.FrameCodec;
import io.prime.core.codec.MalformedFrameException;
import io.prime.core.codec.WireLimits;
import io.prime.core.crypto.Digest;
import io.prime.core.crypto.Hasher;
import io.prime.core.crypto.SimulatedSignatureScheme;
import io.prime.core.crypto.TestKeys;
import io.prime.core.edge.InboundVerifier;
import io.prime.core.edge.LruVerificationCache;
import io.prime.core.edge.Verdict;
import io.prime.core.message.ClientUpdate;
import io.prime.core.message.Message;
import io.prime.pbft.message.Checkpoint;
import io.prime.pbft.message.CommitCertificate;
import io.prime.pbft.message.Fetch;
import io.prime.pbft.message.NewView;
import io.prime.pbft.message.PbftCatchupRequest;
import io.prime.pbft.message.PbftCommit;
import io.prime.pbft.message.PbftMessages;
import io.prime.pbft.message.PbftPrePrepare;
import io.prime.pbft.message.PbftPrepare;
import io.prime.pbft.message.Request;
import io.prime.pbft.message.ViewChange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Canonical encoding, total decoding and the edge's nested-signature checks of every PBFT kind. */
class PbftMessagesTest {
    private static final int N = 4;
    private final TestKeys keys = new TestKeys(new SimulatedSignatureScheme(64), N, 3, 11);
    private final Hasher hasher = new Hasher();
    private final FrameCodec codec = new FrameCodec(PbftMessages.registry(), WireLimits.defaults(N, 3));

    private InboundVerifier verifier() {
        return PbftEdge.configure(new InboundVerifier(codec, keys.directory(), new Hasher(), new LruVerificationCache(1024)));
    }

    private ClientUpdate update(int client, long request, SplittableRandom random) {
        byte[] payload = new byte[random.nextInt(64)];
        random.nextBytes(payload);
        return new ClientUpdate(client, request, payload, keys.clientSigner(client).sign(ClientUpdate.signedBytes(client, request, payload)));
    }

    private Frame sign(int replica, Message m) {
        return FrameCodec.signBatch(List.of(m), keys.replicaSigner(replica), hasher).get(0);
    }

    private Digest digest(SplittableRandom random) {
        byte[] b = new byte[Digest.LENGTH];
        random.nextBytes(b);
        return Digest.of(b);
    }

    /** One message of every kind, with nested frames that verify. */
    private List<Message> everyKind(SplittableRandom random) {
        ClientUpdate u1 = update(0, 1 + random.nextInt(100), random);
        ClientUpdate u2 = update(1, 1 + random.nextInt(100), random);
        List<Digest> digests = List.of(PbftMessages.updateDigest(u1, hasher), PbftMessages.updateDigest(u2, hasher));
        Digest batch = PbftMessages.batchDigest(digests, hasher);
        PbftPrePrepare pp = new PbftPrePrepare(0, 33, 0, digests);
        List<Frame> prepares = List.of(sign(1, new PbftPrepare(0, 33, 1, batch)), sign(2, new PbftPrepare(0, 33, 2, batch)));
        Digest state = digest(random);
        List<Frame> checkpoints = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            checkpoints.add(sign(r, new Checkpoint(32, r, state)));
        }
        ViewChange vc = new ViewChange(1, 3, 32, checkpoints, List.of(new ViewChange.Prepared(sign(0, pp), prepares)));
        List<Frame> commits = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            commits.add(sign(r, new PbftCommit(0, 33, r, batch)));
        }
        return List.of(new Request(2, List.of(u1, u2)), pp, new PbftPrepare(0, 33, 1, batch), new PbftCommit(0, 33, 2, batch),
                new Checkpoint(32, 1, state), vc, new NewView(1, 1, List.of(sign(3, vc)), List.of(sign(1, new PbftPrePrepare(1, 33, 1, digests)))),
                new Fetch(3, digests), new PbftCatchupRequest(2, 1, 30), new CommitCertificate(1, 33, commits, List.of(u1, u2)));
    }

    @Test
    void everyKindRoundTripsAndVerifies() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            InboundVerifier verifier = verifier();
            for (Message m : everyKind(random)) {
                int signer = m.batchSigner();
                Frame f = sign(signer, m);
                Frame back = codec.decode(f.bytes());
                assertEquals(m.kind(), back.kind());
                assertArrayEquals(f.bytes(), FrameCodec.assemble(FrameCodec.encodeUnsigned(back.message()), back.proof()),
                        "canonical: " + m);
                Verdict v = verifier.verify(f.bytes());
                assertTrue(v.accepted(), m + ": " + v);
            }
        }
    }

    @Test
    void theEdgeRefusesAForgedNestedSignature() {
        SplittableRandom random = new SplittableRandom(3);
        ClientUpdate good = update(0, 5, random);
        byte[] badSignature = good.signature();
        badSignature[0] ^= 1;
        ClientUpdate forged = new ClientUpdate(0, 5, good.payload(), badSignature);
        Verdict v = verifier().verify(sign(1, new Request(1, List.of(forged))).bytes());
        assertFalse(v.accepted());
        assertEquals(RejectReason.BAD_SIGNATURE, v.reason());

        // a PREPARE inside a VIEW-CHANGE "signed" by replica 2 with replica 1's key
        List<Digest> digests = List.of(PbftMessages.updateDigest(good, hasher));
        Digest batch = PbftMessages.batchDigest(digests, hasher);
        Frame impostor = FrameCodec.signBatch(List.of(new PbftPrepare(0, 1, 2, batch)), keys.replicaSigner(1), hasher).get(0);
        ViewChange vc = new ViewChange(1, 3, 0, List.of(), List.of(new ViewChange.Prepared(sign(0, new PbftPrePrepare(0, 1, 0, digests)),
                List.of(sign(1, new PbftPrepare(0, 1, 1, batch)), impostor))));
        Verdict w = verifier().verify(sign(3, vc).bytes());
        assertFalse(w.accepted());
        assertEquals(RejectReason.BAD_SIGNATURE, w.reason());
    }

    /** Decoding is total: any mutation of a valid frame decodes or fails with MalformedFrameException, nothing else. */
    @Test
    void decodingIsTotalUnderMutation() {
        SplittableRandom random = new SplittableRandom(99);
        List<byte[]> frames = new ArrayList<>();
        for (Message m : everyKind(random)) {
            frames.add(sign(m.batchSigner(), m).bytes());
        }
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = frames.get(random.nextInt(frames.size()));
            byte[] mutated = random.nextBoolean() ? bytes.clone() : Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            for (int k = 0; k < 1 + random.nextInt(4) && mutated.length > 0; k++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            try {
                codec.decode(mutated);
            } catch (MalformedFrameException expected) {
                // refused, as it should be when the mutation broke the encoding
            }
            verifier().verify(mutated); // never throws
        }
    }

    @Test
    void recordsRefuseValuesTheyCannotEncode() {
        assertThrows(IllegalArgumentException.class, () -> new PbftPrePrepare(0, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PbftPrepare(-1, 1, 0, Digest.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ViewChange(0, 1, 0, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(1, 64, Digest.ZERO));
    }
}
